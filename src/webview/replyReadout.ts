/**
 * What the backend would do at the playhead: the status chip, the window and smoothing buffer fills,
 * the reply as sent on the wire and whether throttling let it out, the target letter, and the
 * decoder's transcript so far with the current letter highlighted. Updated in place (text only).
 */
import { STATUS_NAMES, STATUS_PENDING } from '../protocol/messages';
import { formatWireReply } from '../core/pipeline/wireJson';
import { el, setData, setHidden, setText, toggleClass } from './dom';
import type { SessionStore } from './sessionStore';

/**
 * The reply's JSON text as the Python backend writes it. `prob` was rounded to 4 decimals by the
 * pipeline but travels as float32, so it is brought back to those decimals first.
 */
export function wireReply(letter: string, prob: number): string {
  return formatWireReply({ maxarg_letter: letter, target_arg_prob: Number(prob.toFixed(4)) });
}

export class ReplyReadout {
  readonly element: HTMLElement;
  private chip: HTMLElement;
  private bufferFill: HTMLElement;
  private smoothingFill: HTMLElement;
  private reply: HTMLElement;
  private throttle: HTMLElement;
  private targetText: HTMLElement;
  private transcriptDone: HTMLElement;
  private transcriptCurrent: HTMLElement;
  private transcriptRest: HTMLElement;
  private targetReply: HTMLElement;
  private transcriptEmpty: HTMLElement;
  windowSize = 32;
  smoothingWindow = 5;

  constructor(private readonly store: SessionStore) {
    this.chip = el('span', { class: 'chip', id: 'status-chip', role: 'status', 'aria-live': 'off' });
    this.bufferFill = el('span', { class: 'fill', id: 'buffer-fill' });
    this.smoothingFill = el('span', { class: 'fill', id: 'smoothing-fill' });
    this.reply = el('code', { class: 'wire', id: 'reply-json' });
    this.throttle = el('span', { class: 'badge', id: 'throttle-state' });
    this.targetText = el('span', { id: 'target-letter' });
    this.targetReply = el('div', { class: 'muted small', id: 'target-reply' });
    this.transcriptDone = el('span', { class: 'transcript-done' });
    this.transcriptCurrent = el('mark', { class: 'transcript-current' });
    this.transcriptRest = el('span', { class: 'transcript-rest', 'aria-hidden': 'true' });
    this.transcriptEmpty = el('span', { class: 'transcript-empty muted' }, ['nothing emitted yet']);
    this.element = el('div', { class: 'reply-panel' }, [
      el('div', { class: 'row' }, [this.chip, this.bufferFill, this.smoothingFill]),
      el('div', { class: 'row' }, [el('span', { class: 'muted' }, ['target ']), this.targetText]),
      el('div', { class: 'label' }, ['Reply at the playhead']),
      el('div', { class: 'row wrap' }, [this.reply, this.throttle]),
      this.targetReply,
      el('div', { class: 'label' }, ['Transcript (decoder)']),
      el('div', { class: 'transcript', id: 'transcript', 'aria-label': 'Transcript so far' }, [
        this.transcriptDone,
        this.transcriptCurrent,
        this.transcriptRest,
        this.transcriptEmpty,
      ]),
    ]);
  }

  /** Set when the analysis failed: frames still pending will get no results. */
  analysisStopped = false;

  update(frame: number): void {
    const s = this.store;
    if (s.frameCount === 0) {
      setText(this.chip, 'no frames');
      return;
    }
    const status = s.status[frame];
    const name = STATUS_NAMES[status] ?? 'pending';
    setText(this.chip, name);
    setData(this.chip, 'status', name);
    const pending = status === STATUS_PENDING;
    const buffer = s.bufferFill[frame];
    const smoothing = s.smoothingFill[frame];
    setText(this.bufferFill, pending ? '' : `buffer ${buffer}/${this.windowSize}`);
    setText(this.smoothingFill, pending ? '' : `smoothing ${smoothing}/${this.smoothingWindow}`);
    toggleClass(this.bufferFill, 'filling', buffer < this.windowSize);
    toggleClass(this.smoothingFill, 'filling', smoothing < this.smoothingWindow);
    const target = s.target[frame];
    setText(this.targetText, target >= 0 ? s.labels[target] : 'none (free mode)');
    const letter = s.replyLetter[frame];
    if (letter >= 0) {
      setText(this.reply, wireReply(s.labels[letter], s.replyProb[frame]));
      const sent = s.sent[frame] === 1;
      setText(this.throttle, sent ? 'sent' : 'throttled');
      setData(this.throttle, 'state', sent ? 'sent' : 'throttled');
    } else {
      setText(this.reply, pending ? (this.analysisStopped ? 'no results: the analysis stopped' : 'not analysed yet') : 'no reply');
      setText(this.throttle, '');
      setData(this.throttle, 'state', 'none');
    }
    const change = s.targetReplies.find((r) => r.frame === frame);
    setText(
      this.targetReply,
      change ? `target change: sent ${wireReply(change.reply.maxarg_letter, change.reply.target_arg_prob)} at once` : '',
    );
    const soFar = s.transcriptAt(frame);
    const final = s.transcriptAt(s.frameCount - 1);
    setText(this.transcriptDone, soFar.slice(0, -1));
    setText(this.transcriptCurrent, soFar.slice(-1));
    setText(this.transcriptRest, soFar && final.startsWith(soFar) ? final.slice(soFar.length) : '');
    // Spaces shown as ␣: a transcript of spaces alone read as empty quotes.
    setText(this.transcriptEmpty, final ? `nothing emitted yet (by the end: "${final.replaceAll(' ', '␣')}")` : 'nothing emitted yet');
    toggleClass(this.transcriptCurrent, 'just-emitted', s.emitted[frame] >= 0);
    setHidden(this.transcriptEmpty, soFar !== '');
  }
}
