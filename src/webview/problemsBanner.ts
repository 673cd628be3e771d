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

/** The heading's part for the frames whose model output was not finite. */
export function outputProblemsHeading(count: number): string {
  return count === 1
    ? 'The model gave a non-finite output for 1 frame; its window counts as uniform.'
    : `The model gave non-finite outputs for ${count} frames; their windows count as uniform.`;
}

/** Frames whose model output was not finite: how many, and the first ones (ascending) as problems to list. */
export interface OutputProblems {
  count: number;
  first: readonly ProblemInfo[];
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

  show(problems: readonly ProblemInfo[], outputs: OutputProblems = { count: 0, first: [] }): void {
    this.element.hidden = problems.length === 0 && outputs.count === 0;
    const parts = [...(problems.length ? [problemsHeading(problems)] : []), ...(outputs.count ? [outputProblemsHeading(outputs.count)] : [])];
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
    const shownOutputs = outputs.first.slice(0, SHOWN);
    this.list.replaceChildren(
      ...problems.slice(0, SHOWN).map(item),
      ...more(problems.length - SHOWN, ''),
      ...shownOutputs.map(item),
      ...more(outputs.count - shownOutputs.length, problems.length ? ' frames with non-finite outputs' : ''),
    );
  }
}
