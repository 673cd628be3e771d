/**
 * Text accepted by the synthesizer: letters A-Z (either case), space for the SPACE gesture, and '<'
 * for the DELETE gesture (a backspace). Returns one class label per character.
 */
export const DELETE_CHARACTER = '<';

export class SynthTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthTextError';
  }
}

export function textToClassLabels(text: string): string[] {
  const chars = Array.from(text);
  if (chars.length === 0 || chars.every((c) => c === ' ')) {
    throw new SynthTextError('text: expected at least one letter A-Z to fingerspell, found none');
  }
  return chars.map((c, i) => {
    if (c === ' ') return 'SPACE';
    if (c === DELETE_CHARACTER) return 'DELETE';
    const upper = c.toUpperCase();
    if (upper.length === 1 && upper >= 'A' && upper <= 'Z') return upper;
    const shown = JSON.stringify(c);
    throw new SynthTextError(
      `text: character ${i + 1} is ${shown}; expected letters A-Z, space (SPACE gesture) or '${DELETE_CHARACTER}' (DELETE gesture)`,
    );
  });
}
