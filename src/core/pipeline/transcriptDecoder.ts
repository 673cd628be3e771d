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
    if (smoothed[best] < this.settings.minProb) {
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
    switch (label) {
      case 'NOTHING':
        return null;
      case 'SPACE':
        this.text += ' ';
        return label;
      case 'DELETE':
        this.text = Array.from(this.text).slice(0, -1).join('');
        return label;
      default:
        this.text += label;
        return label;
    }
  }
}
