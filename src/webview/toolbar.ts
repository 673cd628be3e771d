/**
 * The playback toolbar: play, steps, jumps to replies and emissions, speed, loop, zoom, exports and help,
 * then the readout (frame, time, speed) and the analysis progress.
 */
import { el, setText } from './dom';
import type { Actions } from './actions';
import type { FrameChanges, PanelContext, PanelView } from './panelView';
import { SPEEDS } from './playback';
import type { Action } from './shortcuts';
import { button, dropdown, setPressed, type Dropdown } from './toolkit';

export class Toolbar implements PanelView {
  readonly element: HTMLElement;
  private readonly play: HTMLElement;
  private readonly loop: HTMLElement;
  private readonly speed: Dropdown;
  private readonly readout = el('span', { class: 'readout', id: 'readout', 'aria-live': 'off' });
  private readonly progress = el('span', { class: 'muted progress', id: 'progress' });

  constructor(private readonly ctx: PanelContext, actions: Actions) {
    const { playback } = ctx;
    this.play = button({ label: 'Play', ariaLabel: 'Play (Space)', id: 'play' }, () => playback.toggle());
    this.loop = button({ label: 'Loop', ariaLabel: 'Loop selection (L)', secondary: true, pressed: false, id: 'loop' }, () => actions.run('toggleLoop'));
    this.speed = dropdown(
      'Playback speed',
      SPEEDS.map((s) => ({ value: String(s), label: `${s}x` })),
      String(playback.speed),
      (v) => playback.setSpeed(Number(v)),
      'speed',
    );
    const sec = (label: string, aria: string, action: Action, id: string): HTMLElement =>
      button({ label, ariaLabel: aria, secondary: true, id }, () => actions.run(action));
    this.element = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Playback' }, [
      el('div', { class: 'group' }, [
        this.play,
        sec('|◀', 'First frame (Home)', 'first', 'first'),
        sec('◀', 'Step back (Left)', 'stepBack', 'step-back'),
        sec('▶', 'Step forward (Right)', 'stepForward', 'step-forward'),
        sec('▶|', 'Last frame (End)', 'last', 'last'),
      ]),
      el('div', { class: 'group' }, [
        sec('◀ reply', 'Previous sent reply (Shift+Left)', 'prevReply', 'prev-reply'),
        sec('reply ▶', 'Next sent reply (Shift+Right)', 'nextReply', 'next-reply'),
        sec('◀ letter', 'Previous decoder emission (,)', 'prevEmission', 'prev-emission'),
        sec('letter ▶', 'Next decoder emission (.)', 'nextEmission', 'next-emission'),
      ]),
      el('div', { class: 'group' }, [
        sec('◀ error', 'Previous wrong frame against the labels (Shift+E, Shift+F8)', 'prevError', 'prev-error'),
        sec('error ▶', 'Next wrong frame against the labels (E, F8)', 'nextError', 'next-error'),
      ]),
      el('div', { class: 'group' }, [this.speed.element, this.loop]),
      el('div', { class: 'group' }, [
        sec('+', 'Zoom in (+)', 'zoomIn', 'zoom-in'),
        sec('−', 'Zoom out (-)', 'zoomOut', 'zoom-out'),
        sec('All', 'Show the whole session (0)', 'zoomFit', 'zoom-fit'),
      ]),
      el('div', { class: 'group' }, [
        button({ label: 'CSV', ariaLabel: 'Export per-frame results as CSV', secondary: true, id: 'export-csv' }, () => actions.exportCsv()),
        button({ label: 'PNG', ariaLabel: 'Export the probability chart as PNG', secondary: true, id: 'export-png' }, () => actions.exportPng()),
        ...(ctx.init.mode === 'replay'
          ? [button({ label: 'Compare…', ariaLabel: 'Compare with another model or profile (Landmark Lens: Compare With Model…)', secondary: true, id: 'compare' }, () => ctx.post({ type: 'compareModel' }))]
          : []),
        sec('?', 'Keyboard shortcuts (?)', 'help', 'help'),
      ]),
      this.readout,
      this.progress,
    ]);
  }

  /** Shows the playback state: playing or not, looping, speed. */
  reflectPlayback(): void {
    const { playback } = this.ctx;
    const label = playback.playing ? 'Pause' : 'Play';
    setText(this.play, label);
    this.play.setAttribute('aria-label', `${label} (Space)`);
    setPressed(this.loop, playback.loopOn);
    this.speed.setValue(String(playback.speed));
  }

  showProgress(): void {
    setText(this.progress, this.ctx.analysis.text());
  }

  render({ frame }: FrameChanges): void {
    const { store, playback } = this.ctx;
    const total = store.sessionFrames;
    setText(this.readout, store.frameCount ? `frame ${store.sessionFrame(frame)} / ${total - 1} · ${store.secondsAt(frame)} s · ${playback.speed}x` : 'no frames');
  }
}
