/** The keyboard help overlay ("?"): a modal dialog listing every shortcut. */
import { el } from './dom';
import { SHORTCUTS } from './shortcuts';

export class HelpOverlay {
  readonly element: HTMLElement;
  private returnFocus: Element | null = null;
  private closeButton: HTMLButtonElement;

  constructor() {
    const rows: HTMLElement[] = [];
    for (let i = 0; i < SHORTCUTS.length; i++) {
      const s = SHORTCUTS[i];
      if (!s.description) continue;
      rows.push(el('tr', {}, [el('td', {}, [el('kbd', {}, [s.keys])]), el('td', {}, [s.description])]));
    }
    rows.push(el('tr', {}, [el('td', {}, [el('kbd', {}, ['Drag'])]), el('td', {}, ['On the timeline: scrub; shift+drag: select a loop range'])]));
    rows.push(el('tr', {}, [el('td', {}, [el('kbd', {}, ['Wheel'])]), el('td', {}, ['On a chart: zoom; shift+wheel or drag: pan; click a line: focus its class'])]));
    rows.push(el('tr', {}, [el('td', {}, [el('kbd', {}, ['Drag'])]), el('td', {}, ['On the 3D hand: rotate (or W A S D when focused); double-click: reset'])]));
    this.closeButton = el('button', { type: 'button', class: 'plain-button', 'aria-label': 'Close help' }, ['Close']);
    this.closeButton.addEventListener('click', () => this.hide());
    const dialog = el('div', { class: 'help-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'help-title' }, [
      el('h2', { id: 'help-title' }, ['Keyboard shortcuts']),
      el('table', { class: 'shortcuts' }, [el('tbody', {}, rows)]),
      this.closeButton,
    ]);
    this.element = el('div', { class: 'help-overlay', id: 'help-overlay', hidden: true }, [dialog]);
    this.element.addEventListener('click', (e) => {
      if (e.target === this.element) this.hide();
    });
    // A modal dialog keeps Tab inside it (its only control is Close).
    this.element.addEventListener('keydown', (e) => {
      if (e.key !== 'Tab') return;
      e.preventDefault();
      this.closeButton.focus();
    });
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  show(): void {
    this.returnFocus = document.activeElement;
    this.element.hidden = false;
    this.closeButton.focus();
  }

  hide(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    if (this.returnFocus instanceof HTMLElement) this.returnFocus.focus();
  }

  toggle(): void {
    if (this.visible) this.hide();
    else this.show();
  }
}
