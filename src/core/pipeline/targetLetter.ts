/**
 * The one rule for a target letter, in session files and in the live protocol alike: the backend's,
 * whose `new_word_letter` must be null or a 1-character string (it reads `ord(letter) - ord('A')`).
 */
export function isTargetLetter(value: unknown): value is string {
  return typeof value === 'string' && [...value].length === 1;
}

export const TARGET_LETTER_RULE = 'one character such as "B" (the backend\'s new_word_letter is a 1-character string)';
