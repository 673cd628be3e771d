/** Small DOM builders: the webview builds its markup once and then only updates text and canvases. */
export type Attrs = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const child of children) node.append(child);
  return node;
}

export function setAttrs(node: Element, attrs: Attrs): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key === 'class') node.className = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
}

/**
 * Sets text only when it changed, so per-frame updates do not touch the DOM needlessly. A node holding one
 * text node keeps it and changes its data: replacing it made the browser rebuild its style and layout box.
 */
export function setText(node: Node, text: string): void {
  if (node.textContent === text) return;
  const only = node.firstChild;
  if (text !== '' && only instanceof Text && only.nextSibling === null) only.data = text;
  else node.textContent = text;
}

/** Sets `hidden` only when it changes: writing the same value still makes the browser recompute the element's style. */
export function setHidden(node: HTMLElement, hidden: boolean): void {
  if (node.hidden !== hidden) node.hidden = hidden;
}

/** Sets an attribute only when its value changes (see setHidden). */
export function setAttr(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** Sets a data-* value only when it changes (see setHidden). */
export function setData(node: HTMLElement, key: string, value: string): void {
  if (node.dataset[key] !== value) node.dataset[key] = value;
}

export function toggleClass(node: Element, name: string, on: boolean): void {
  if (node.classList.contains(name) !== on) node.classList.toggle(name, on);
}
