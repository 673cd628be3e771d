/** A card's section: a heading (with controls beside it) above the card's content. */
import { el } from '../dom';

export function cardSection(
  id: string,
  heading: string,
  extraClass: string,
  children: (Node | string)[],
  headerExtra: (Node | string)[] = [],
): HTMLElement {
  return el('section', { class: `card ${extraClass}`, id, 'aria-labelledby': `${id}-h` }, [
    el('div', { class: 'card-head' }, [el('h2', { id: `${id}-h` }, [heading]), ...headerExtra]),
    ...children,
  ]);
}
