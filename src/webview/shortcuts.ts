/** Keyboard shortcuts: one table drives both the key handler and the help overlay. */
export type Action =
  | 'togglePlay' | 'stepBack' | 'stepForward' | 'prevReply' | 'nextReply' | 'prevEmission' | 'nextEmission'
  | 'slower' | 'faster' | 'toggleLoop' | 'first' | 'last' | 'zoomIn' | 'zoomOut' | 'zoomFit' | 'follow'
  | 'toggleHandFraming' | 'toggleHandImage' | 'exportHand' | 'prevError' | 'nextError' | 'help' | 'close';

export interface Shortcut {
  keys: string;
  description: string;
  action: Action;
  match: (e: KeyboardEvent) => boolean;
}

const plain = (e: KeyboardEvent): boolean => !e.ctrlKey && !e.metaKey && !e.altKey;

export const SHORTCUTS: Shortcut[] = [
  { keys: 'Space', description: 'Play / pause', action: 'togglePlay', match: (e) => e.key === ' ' && plain(e) },
  { keys: '←  →', description: 'Step one frame back / forward', action: 'stepBack', match: (e) => e.key === 'ArrowLeft' && !e.shiftKey && plain(e) },
  { keys: '', description: '', action: 'stepForward', match: (e) => e.key === 'ArrowRight' && !e.shiftKey && plain(e) },
  { keys: 'Shift+←  Shift+→', description: 'Previous / next sent reply', action: 'prevReply', match: (e) => e.key === 'ArrowLeft' && e.shiftKey && plain(e) },
  { keys: '', description: '', action: 'nextReply', match: (e) => e.key === 'ArrowRight' && e.shiftKey && plain(e) },
  { keys: ',  .', description: 'Previous / next decoder emission', action: 'prevEmission', match: (e) => e.key === ',' && plain(e) },
  { keys: '', description: '', action: 'nextEmission', match: (e) => e.key === '.' && plain(e) },
  { keys: '[  ]', description: 'Slower / faster (0.25x to 4x)', action: 'slower', match: (e) => e.key === '[' && plain(e) },
  { keys: '', description: '', action: 'faster', match: (e) => e.key === ']' && plain(e) },
  { keys: 'L', description: 'Loop the selection (shift+drag on the timeline) or the visible span', action: 'toggleLoop', match: (e) => e.key.toLowerCase() === 'l' && plain(e) },
  { keys: 'Shift+E  E', description: 'Previous / next wrong frame (against the labels; also Shift+F8 / F8)', action: 'prevError', match: (e) => e.key.toLowerCase() === 'e' && e.shiftKey && plain(e) },
  { keys: '', description: '', action: 'nextError', match: (e) => e.key.toLowerCase() === 'e' && !e.shiftKey && plain(e) },
  { keys: 'Home  End', description: 'First / last frame', action: 'first', match: (e) => e.key === 'Home' && plain(e) },
  { keys: '', description: '', action: 'last', match: (e) => e.key === 'End' && plain(e) },
  { keys: '+  -  0', description: 'Zoom in / out / show all', action: 'zoomIn', match: (e) => (e.key === '+' || e.key === '=') && plain(e) },
  { keys: '', description: '', action: 'zoomOut', match: (e) => e.key === '-' && plain(e) },
  { keys: '', description: '', action: 'zoomFit', match: (e) => e.key === '0' && plain(e) },
  { keys: 'F', description: 'Follow the newest frame (live)', action: 'follow', match: (e) => e.key.toLowerCase() === 'f' && plain(e) },
  { keys: 'H', description: 'Hand as recorded: fit the hand / whole image', action: 'toggleHandFraming', match: (e) => e.key.toLowerCase() === 'h' && plain(e) },
  { keys: 'I', description: 'Hand as recorded: camera image on / off (sessions with images, live camera clients)', action: 'toggleHandImage', match: (e) => e.key.toLowerCase() === 'i' && plain(e) },
  { keys: '?', description: 'This help', action: 'help', match: (e) => e.key === '?' },
  { keys: 'Esc', description: 'Close this help', action: 'close', match: (e) => e.key === 'Escape' },
];

/** True for the name of an action of the table (a `runAction` message names one). */
export function isAction(name: string): name is Action {
  return SHORTCUTS.some((s) => s.action === name);
}

/** Form controls keep their own keys (space on a button presses it, arrows move in a list). */
function ownsKey(target: EventTarget | null, e: KeyboardEvent): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName.toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select' || tag === 'vscode-dropdown' || tag === 'vscode-text-field') return true;
  if (target.isContentEditable) return true;
  if ((tag === 'button' || tag === 'vscode-button' || tag === 'a') && (e.key === ' ' || e.key === 'Enter')) return true;
  return false;
}

export function installShortcuts(run: (action: Action) => boolean): void {
  document.addEventListener('keydown', (e) => {
    if (ownsKey(e.target, e)) return;
    const shortcut = SHORTCUTS.find((s) => s.match(e));
    if (shortcut && run(shortcut.action)) e.preventDefault();
  });
}
