/** One line of news at the bottom of the panel: info and warnings fade after a while, errors stay. */
import { el, setText } from './dom';

const FADE_MS = 6000;

export type NoticeLevel = 'info' | 'warning' | 'error';

export class Notice {
  readonly element = el('div', { class: 'notice', id: 'notice', role: 'status', 'aria-live': 'polite' });
  private timer: ReturnType<typeof setTimeout> | undefined;

  show(level: NoticeLevel, text: string): void {
    this.element.dataset.level = level;
    setText(this.element, text);
    this.element.hidden = false;
    clearTimeout(this.timer);
    if (level !== 'error') this.timer = setTimeout(() => (this.element.hidden = true), FADE_MS);
  }
}
