import type { DecoderSettings } from '../model/profile';
import { argmax } from './backendReply';

/**
 * Turns the smoothed stream into text. A label is emitted when it has been the smoothed argmax with
 * probability >= minProb for holdFrames consecutive smoothed distributions. SPACE appends ' ',
 * DELETE removes the last character, NOTHING emits nothing. The same label is emitted again only
 * after a release: the argmax changes or its probability drops below minProb.
 */
export class TranscriptDecoder {
  private text = '';
  private candidate: number | null = null;
  private held = 0;

  constructor(
    private readonly settings: DecoderSettings,
    private readonly labels: readonly string[],
  ) {
    if (!Number.isInteger(settings.holdFrames) || settings.holdFrames < 1) {
      throw new Error(`decoder.holdFrames must be a positive integer, got ${settings.holdFrames}`);
    }
  }

  get transcript(): string {
    return this.text;
  }

  /** Feeds one smoothed distribution; returns the label emitted now, or null. */
  push(smoothed: ArrayLike<number>): string | null {
    const best = argmax(smoothed);
    return this.pushBest(best, smoothed[best]);
  }

  /** As push, given the distribution's argmax and its probability (a caller that knows them already). */
  pushBest(best: number, probability: number): string | null {
    if (probability < this.settings.minProb) {
      this.release();
      return null;
    }
    if (best !== this.candidate) {
      this.candidate = best;
      this.held = 0;
    }
    this.held++;
    if (this.held !== this.settings.holdFrames) return null;
    const label = this.labels[best] ?? `class${best}`;
    return this.apply(label);
  }

  /** Forgets the letter being held (used when the target changes and the buffers are cleared). */
  release(): void {
    this.candidate = null;
    this.held = 0;
  }

  private apply(label: string): string | null {
    if (label === 'NOTHING') return null;
    this.text = appendDecoded(this.text, label);
    return label;
  }
}

/**
 * The decoder's rules for one emitted label: SPACE appends a space, DELETE removes the last character,
 * NOTHING adds nothing, any other label appends itself. The evaluation reads labels' text by them too.
 */
export function appendDecoded(text: string, label: string): string {
  switch (label) {
    case 'NOTHING':
      return text;
    case 'SPACE':
      return text + ' ';
    case 'DELETE':
      return Array.from(text).slice(0, -1).join('');
    default:
      return text + label;
  }
}
