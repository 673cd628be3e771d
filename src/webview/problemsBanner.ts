/**
 * Problems above the views: the session's (file:line: message; the valid part of the session stays shown),
 * the model's, and the frames whose model output was not finite (each links to its frame).
 */
import type { ProblemInfo } from '../protocol/messages';
import { el } from './dom';
import { SETTING } from '../protocol/settingNames';

/** Problems a list shows at most; the rest are counted. */
const SHOWN = 20;

export function problemText(p: ProblemInfo): string {
  if (p.frame !== undefined) return p.message;
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  const field = p.field ? ` (${p.field})` : '';
  return `${where}: ${p.message}${field}`;
}

/** The model's problems name its setting; the rest are the session's own lines. */
function isModelProblem(p: ProblemInfo): boolean {
  return p.field === SETTING.modelPath;
}

export function problemsHeading(problems: readonly ProblemInfo[]): string {
  const model = problems.some(isModelProblem);
  const session = problems.filter((p) => !isModelProblem(p)).length;
  const sessionPart = session === 1 ? 'This session has a problem; the valid part is shown' : `This session has ${session} problems; the valid part is shown`;
  if (!model) return `${sessionPart}.`;
  if (session === 0) return 'The model could not be used; the session is shown without results.';
  return `${sessionPart}, without results: the model could not be used.`;
}

/**
 * The heading's part for the frames whose model output was not finite; `model` names a compared model,
 * `dropped` counts such frames a live panel no longer holds (`landmarkLens.live.keepMinutes`).
 */
export function outputProblemsHeading(count: number, model?: string, dropped = 0): string {
  const who = model === undefined ? 'The model' : `The compared model ${model}`;
  const held = count === 0
    ? ''
    : count === 1
      ? `${who} gave a non-finite output for 1 frame; its window counts as uniform.`
      : `${who} gave non-finite outputs for ${count} frames; their windows count as uniform.`;
  if (dropped === 0) return held;
  const older = `${dropped} older ${dropped === 1 ? 'frame' : 'frames'} with a non-finite output ${dropped === 1 ? 'is' : 'are'} no longer held (${SETTING.liveKeepMinutes}).`;
  return held ? `${held} ${older}` : older;
}

/** Frames whose model output was not finite: how many, and the first ones (ascending) as problems to list. */
export interface OutputProblems {
  count: number;
  first: readonly ProblemInfo[];
  /** Such frames no longer held (a live panel keeps the newest minutes only). */
  dropped?: number;
  /** The compared model's name, when these are its outputs. */
  model?: string;
}

export class ProblemsBanner {
  readonly element: HTMLElement;
  private list: HTMLElement;
  private heading: HTMLElement;

  /** `open`: a problem was clicked (one with a `frame` shows that frame, the others open their file). */
  constructor(private readonly open: (p: ProblemInfo) => void) {
    this.heading = el('strong', {}, []);
    this.list = el('ul', { class: 'problem-list' });
    this.element = el('section', { class: 'problems', id: 'problems', role: 'alert', hidden: true }, [this.heading, this.list]);
  }

  /** `outputs`: the panel's model's non-finite outputs, then a compared model's, each listed after the problems. */
  show(problems: readonly ProblemInfo[], ...outputs: OutputProblems[]): void {
    const withOutputs = outputs.filter((o) => o.count > 0 || (o.dropped ?? 0) > 0);
    this.element.hidden = problems.length === 0 && withOutputs.length === 0;
    const parts = [...(problems.length ? [problemsHeading(problems)] : []), ...withOutputs.map((o) => outputProblemsHeading(o.count, o.model, o.dropped))];
    this.heading.textContent = parts.join(' ');
    const item = (p: ProblemInfo) => {
      const link = el('a', { href: '#', class: 'problem-link' }, [problemText(p)]);
      link.addEventListener('click', (e) => {
        e.preventDefault();
        this.open(p);
      });
      return el('li', {}, [link]);
    };
    const more = (n: number, what: string) => (n > 0 ? [el('li', { class: 'muted' }, [`and ${n} more${what}`])] : []);
    this.list.replaceChildren(
      ...problems.slice(0, SHOWN).map(item),
      ...more(problems.length - SHOWN, ''),
      ...withOutputs.flatMap((o) => {
        const shown = o.first.slice(0, SHOWN);
        const what = problems.length || withOutputs.length > 1 ? ` frames with non-finite outputs${o.model === undefined ? '' : ` (${o.model})`}` : '';
        return [...shown.map(item), ...more(o.count - shown.length, what)];
      }),
    );
  }
}
