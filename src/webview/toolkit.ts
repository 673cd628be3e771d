/**
 * Every use of @vscode/webview-ui-toolkit goes through this module, so the archived toolkit can be
 * replaced (for example by @vscode-elements/elements) here alone. The toolkit is its own ES module
 * (dist/toolkit.min.js, registered on load); when a page does not load it, plain themed HTML controls
 * with the same behaviour are used instead.
 */
import { el } from './dom';

function toolkitLoaded(): boolean {
  return customElements.get('vscode-button') !== undefined ||
    document.querySelector('script[src*="toolkit.min.js"]') !== null;
}

export interface ButtonOptions {
  label: string;
  ariaLabel?: string;
  title?: string;
  secondary?: boolean;
  /** Toggle buttons report their state with aria-pressed. */
  pressed?: boolean;
  id?: string;
}

export type Control = HTMLElement & { disabled?: boolean };

export function button(options: ButtonOptions, onClick: () => void): Control {
  const attrs = {
    'aria-label': options.ariaLabel ?? options.label,
    title: options.title ?? options.ariaLabel ?? options.label,
    id: options.id,
    'aria-pressed': options.pressed === undefined ? undefined : String(options.pressed),
  };
  const node = toolkitLoaded()
    ? el('vscode-button' as 'button', { ...attrs, appearance: options.secondary ? 'secondary' : 'primary' })
    : el('button', { ...attrs, class: options.secondary ? 'plain-button secondary' : 'plain-button', type: 'button' });
  node.textContent = options.label;
  node.addEventListener('click', () => {
    if (!(node as Control).disabled) onClick();
  });
  return node;
}

export function setPressed(node: HTMLElement, pressed: boolean): void {
  const value = String(pressed);
  if (node.getAttribute('aria-pressed') !== value) node.setAttribute('aria-pressed', value);
}

export interface DropdownOption {
  value: string;
  label: string;
}

export interface Dropdown {
  element: HTMLElement;
  value(): string;
  setValue(value: string): void;
  setOptions(options: DropdownOption[]): void;
}

export function dropdown(
  ariaLabel: string,
  options: DropdownOption[],
  initial: string,
  onChange: (value: string) => void,
  id?: string,
): Dropdown {
  const useToolkit = toolkitLoaded();
  const element = useToolkit
    ? el('vscode-dropdown' as 'select', { 'aria-label': ariaLabel, title: ariaLabel, id })
    : el('select', { 'aria-label': ariaLabel, title: ariaLabel, class: 'plain-select', id });
  const optionTag = useToolkit ? 'vscode-option' : 'option';
  const control = element as unknown as { value: string };
  let current = initial;
  // A property set before the element is upgraded would shadow the component's own `value` accessor.
  const setControlValue = (value: string): void => {
    if (!useToolkit || customElements.get('vscode-dropdown')) control.value = value;
    else void customElements.whenDefined('vscode-dropdown').then(() => (control.value = current));
  };
  const fill = (list: DropdownOption[]): void => {
    element.replaceChildren(
      ...list.map((o) => {
        const option = document.createElement(optionTag);
        option.setAttribute('value', o.value);
        if (o.value === current) option.setAttribute('selected', '');
        option.textContent = o.label;
        return option;
      }),
    );
    setControlValue(current);
  };
  fill(options);
  element.addEventListener('change', () => {
    if (control.value === current) return;
    current = control.value;
    onChange(current);
  });
  return {
    element,
    value: () => current,
    setValue(value) {
      current = value;
      setControlValue(value);
    },
    setOptions: fill,
  };
}
