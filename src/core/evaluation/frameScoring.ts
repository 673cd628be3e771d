import type { LabelSpan } from '../session/types';
import { LabelTimeline } from './labelTimeline';
import { referenceText } from './referenceText';
import { editDistance } from './editDistance';

/**
 * Per span: its class index when its frames are scored (its text is one of the scored labels), else -1.
 * The one home of that rule: SessionEvaluator and FrameScoring both read it.
 */
export function spanClasses(spans: readonly LabelSpan[], classLabels: readonly string[], scoredLabels: readonly string[] = classLabels): Int32Array {
  const scored = new Set(scoredLabels);
  const index = new Map(classLabels.map((label, i) => [label, i]));
  return Int32Array.from(spans, (s) => (scored.has(s.text) ? (index.get(s.text) ?? -1) : -1));
}

/**
 * What a session's evaluation needs that no reply knob changes, computed once: each frame's scored class
 * and the reference text. Frame accuracy and CER for any smoothed column and transcript then take one
 * pass over the frames and one edit distance, with the same definitions as SessionEvaluator (the knobs'
 * figures must equal `landmark-lens evaluate`'s).
 */
export class FrameScoring {
  /** Per frame: the class of the label span holding it when that label is scored, else -1. */
  readonly classOf: Int16Array;
  readonly reference: string;
  readonly referenceLength: number;

  constructor(spans: readonly LabelSpan[], classLabels: readonly string[], t: ArrayLike<number>, frameCount: number) {
    const timeline = new LabelTimeline(spans);
    const classes = spanClasses(spans, classLabels);
    this.classOf = new Int16Array(frameCount);
    for (let f = 0; f < frameCount; f++) {
      const span = timeline.spanAt(t[f]);
      this.classOf[f] = span < 0 ? -1 : classes[span];
    }
    this.reference = referenceText(spans, classLabels).text;
    this.referenceLength = Array.from(this.reference).length;
  }

  /**
   * Correct over scored frames: a frame is scored when its class is known and its status is `readyCode`;
   * its prediction is the first largest value of its smoothed row. Null when no frame is scored.
   */
  frameAccuracy(status: ArrayLike<number>, readyCode: number, smoothed: ArrayLike<number>, classCount: number): number | null {
    const classOf = this.classOf;
    const predicted = new Int32Array(classOf.length);
    for (let f = 0; f < classOf.length; f++) {
      if (classOf[f] < 0 || status[f] !== readyCode) continue;
      const o = f * classCount;
      let best = 0;
      for (let k = 1; k < classCount; k++) if (smoothed[o + k] > smoothed[o + best]) best = k;
      predicted[f] = best;
    }
    return this.frameAccuracyOf(status, readyCode, predicted);
  }

  /**
   * frameAccuracy from each frame's prediction already known (`predicted`: the first largest value of its
   * smoothed row, as replyPass's `bestStored` holds it), without reading the rows.
   */
  frameAccuracyOf(status: ArrayLike<number>, readyCode: number, predicted: ArrayLike<number>): number | null {
    const classOf = this.classOf;
    let scored = 0;
    let correct = 0;
    for (let f = 0; f < classOf.length; f++) {
      const label = classOf[f];
      if (label < 0 || status[f] !== readyCode) continue;
      scored++;
      if (predicted[f] === label) correct++;
    }
    return scored > 0 ? correct / scored : null;
  }

  /** The character error rate of a transcript against the reference; null when the reference is empty. */
  cer(transcript: string): number | null {
    return this.referenceLength > 0 ? editDistance(transcript, this.reference) / this.referenceLength : null;
  }
}
