/** Session problems (file:line: message) above the views; the valid part of the session stays shown. */
import type { ProblemInfo } from '../protocol/messages';
import { el } from './dom';
import { SETTING } from '../protocol/settingNames';

export function problemText(p: ProblemInfo): string {
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

export class ProblemsBanner {
  readonly element: HTMLElement;
  private list: HTMLElement;
  private heading: HTMLElement;

  constructor(private readonly open: (p: ProblemInfo) => void) {
    this.heading = el('strong', {}, []);
    this.list = el('ul', { class: 'problem-list' });
    this.element = el('section', { class: 'problems', id: 'problems', role: 'alert', hidden: true }, [this.heading, this.list]);
  }

  show(problems: ProblemInfo[]): void {
    this.element.hidden = problems.length === 0;
    this.heading.textContent = problemsHeading(problems);
    const shown = problems.slice(0, 20);
    this.list.replaceChildren(
      ...shown.map((p) => {
        const link = el('a', { href: '#', class: 'problem-link' }, [problemText(p)]);
        link.addEventListener('click', (e) => {
          e.preventDefault();
          this.open(p);
        });
        return el('li', {}, [link]);
      }),
      ...(problems.length > shown.length ? [el('li', { class: 'muted' }, [`and ${problems.length - shown.length} more`])] : []),
    );
  }
}
