import type { LabelSpan } from '../session/types';
import type { FrameStatus } from '../pipeline/types';
import { argmax } from '../pipeline/backendReply';
import { LabelTimeline } from './labelTimeline';
import { referenceText } from './referenceText';
import { editDistance } from './editDistance';
import { spanClasses } from './frameScoring';
import { emptyMatrix, perClassFigures, timeToCorrectFigures } from './classFigures';
import type { LabelCount, SessionEvaluation, SpanOutcome } from './types';

/** What the evaluation needs of a frame's results (a FrameResult has it). */
export interface EvaluatedFrame {
  frame: number;
  t: number;
  status: FrameStatus;
  smoothed: ArrayLike<number> | null;
}

export interface SessionEvaluatorOptions {
  /**
   * The labels whose frames are scored (default: all of the model's). Comparing two models with different
   * label sets scores both on the labels they share.
   */
  scoredLabels?: readonly string[];
}

/**
 * Evaluates one session's results against its label spans, frame by frame as they come (in session order),
 * so an hour's results need not be held as objects. `classLabels` are the model's labels, in output order.
 */
export class SessionEvaluator {
  private readonly timeline: LabelTimeline;
  /** Per span: its class index when it is scored, else -1. */
  private readonly spanClass: Int32Array;
  private readonly firstCorrect: (number | null)[];
  private readonly matrix: number[][];
  private readonly notInModel = new Map<string, number>();
  private readonly scoredFrame: number[] = [];
  private readonly scoredLabel: number[] = [];
  private readonly scoredPrediction: number[] = [];
  private frames = 0;
  private labelled = 0;
  private correct = 0;

  constructor(
    private readonly spans: readonly LabelSpan[],
    private readonly classLabels: readonly string[],
    options: SessionEvaluatorOptions = {},
  ) {
    this.timeline = new LabelTimeline(spans);
    this.spanClass = spanClasses(spans, classLabels, options.scoredLabels);
    this.firstCorrect = spans.map(() => null);
    this.matrix = emptyMatrix(classLabels.length);
  }

  add(frame: EvaluatedFrame): void {
    this.frames++;
    const span = this.timeline.spanAt(frame.t);
    if (span < 0) return;
    this.labelled++;
    const label = this.spanClass[span];
    if (label < 0) {
      const text = this.spans[span].text;
      this.notInModel.set(text, (this.notInModel.get(text) ?? 0) + 1);
      return;
    }
    if (frame.status !== 'ready' || frame.smoothed === null) return;
    const prediction = argmax(frame.smoothed);
    if (prediction >= this.classLabels.length) {
      throw new Error(`frame ${frame.frame}: a distribution of ${frame.smoothed.length} classes for a model of ${this.classLabels.length} labels`);
    }
    this.matrix[label][prediction]++;
    this.scoredFrame.push(frame.frame);
    this.scoredLabel.push(label);
    this.scoredPrediction.push(prediction);
    if (prediction === label) {
      this.correct++;
      if (this.firstCorrect[span] === null) this.firstCorrect[span] = frame.t - this.spans[span].t0;
    }
  }

  /** The figures, given the decoder's transcript at the session's last frame. */
  finish(transcript: string): SessionEvaluation {
    const confusion = { labels: [...this.classLabels], matrix: this.matrix.map((row) => [...row]) };
    const spans: SpanOutcome[] = [];
    this.spans.forEach((s, i) => {
      if (this.spanClass[i] >= 0) spans.push({ t0: s.t0, t1: s.t1, label: s.text, timeToCorrectMs: this.firstCorrect[i] });
    });
    const reference = referenceText(this.spans, this.classLabels);
    const referenceLength = Array.from(reference.text).length;
    const distance = editDistance(transcript, reference.text);
    const scoredFrames = this.scoredFrame.length;
    const labelsNotInModel: LabelCount[] = [...this.notInModel].map(([text, frames]) => ({ text, frames }));
    return {
      frames: this.frames,
      labelledFrames: this.labelled,
      scoredFrames,
      correctFrames: this.correct,
      frameAccuracy: scoredFrames > 0 ? this.correct / scoredFrames : null,
      confusion,
      perClass: perClassFigures(confusion),
      timeToCorrect: timeToCorrectFigures(spans.map((s) => s.timeToCorrectMs)),
      cer: {
        value: referenceLength > 0 ? distance / referenceLength : null,
        distance,
        referenceLength,
        missingCharacters: reference.missingCharacters,
      },
      labelsNotInModel,
      transcript,
      reference: reference.text,
      spans,
      scored: {
        frame: Int32Array.from(this.scoredFrame),
        label: Uint16Array.from(this.scoredLabel),
        prediction: Uint16Array.from(this.scoredPrediction),
      },
    };
  }
}

/** Evaluates a whole session's results at once; `transcript` defaults to the last frame's. */
export function evaluateSession(
  spans: readonly LabelSpan[],
  frames: readonly (EvaluatedFrame & { transcript?: string })[],
  classLabels: readonly string[],
  options: SessionEvaluatorOptions & { transcript?: string } = {},
): SessionEvaluation {
  const evaluator = new SessionEvaluator(spans, classLabels, options);
  for (const frame of frames) evaluator.add(frame);
  return evaluator.finish(options.transcript ?? frames[frames.length - 1]?.transcript ?? '');
}
