import type { LabelSpan } from '../session/types';
import { appendDecoded } from '../pipeline/transcriptDecoder';

/** The labels the decoder's rules treat apart from letters. */
const DECODER_WORDS = new Set(['SPACE', 'DELETE', 'NOTHING']);

export interface ReferenceText {
  /** The labels' text as the decoder would have written it. */
  text: string;
  /** Characters of phrase labels the model has no class for, kept in `text`, each listed once in order of appearance. */
  missingCharacters: string[];
}

/**
 * The reference a transcript is compared with: the label spans in time order (file order among equal
 * starts), each read by the decoder's rules. A label that is a class name is one emitted label, and so are
 * SPACE, DELETE and NOTHING, which the rules name, when the model lacks them (a space it cannot write is
 * kept and listed); any other text is a phrase, read as its characters upper-cased, a space as SPACE; a
 * character with no class of its own is kept as it is (upper-cased) and listed.
 */
export function referenceText(spans: readonly Pick<LabelSpan, 't0' | 'text'>[], classLabels: readonly string[]): ReferenceText {
  const classes = new Set(classLabels);
  const missing = new Set<string>();
  const ordered = spans.map((s, i) => ({ s, i })).sort((a, b) => a.s.t0 - b.s.t0 || a.i - b.i);
  let text = '';
  for (const { s } of ordered) {
    if (classes.has(s.text) || DECODER_WORDS.has(s.text)) {
      if (s.text === 'SPACE' && !classes.has('SPACE')) missing.add(' ');
      text = appendDecoded(text, s.text);
      continue;
    }
    for (const character of Array.from(s.text)) {
      const label = character === ' ' ? 'SPACE' : character.toUpperCase();
      if (classes.has(label)) {
        text = appendDecoded(text, label);
      } else {
        const kept = character === ' ' ? ' ' : label;
        missing.add(kept);
        text += kept;
      }
    }
  }
  return { text, missingCharacters: [...missing] };
}
