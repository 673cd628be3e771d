import type { ResolvedProfile } from '../model/profile';
import type { FrameResult, ReplayResult, TargetChangeResult } from './types';
import { float8Text } from './float8Text';
import { LineBytes } from './lineBytes';

/** Float32 values printed with 8 significant digits (enough to round-trip float32 closely, short to read). */
function num(v: number): number {
  return Number(v.toPrecision(8));
}

function list(values: Float32Array | null): number[] | null {
  return values === null ? null : Array.from(values, num);
}

/**
 * One `analyze --format jsonl` frame record: exactly frame, t, status, probs, smoothed, response, sent,
 * and `problem` for a frame whose model input or output was not finite.
 */
export function frameRecord(r: FrameResult): Record<string, unknown> {
  const record: Record<string, unknown> = {
    frame: r.frame,
    t: r.t,
    status: r.status,
    probs: list(r.probs),
    smoothed: list(r.smoothed),
    response: r.response,
    sent: r.sent,
  };
  if (r.problem !== undefined) record.problem = r.problem;
  return record;
}

/** JSON of `list(values)`: each value's 8-digit text, null for a non-finite one (as JSON.stringify does). */
function floatsJson(values: Float32Array | null): string {
  if (values === null) return 'null';
  const texts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    texts[i] = Number.isFinite(v) ? float8Text(v) : 'null';
  }
  return `[${texts.join(',')}]`;
}

/** `JSON.stringify(frameRecord(r))`, written out: the values' texts without an array of numbers for each. */
export function frameLine(r: FrameResult): string {
  const problem = r.problem !== undefined ? ',"problem":' + JSON.stringify(r.problem) : '';
  return (
    '{"frame":' + JSON.stringify(r.frame) + ',"t":' + JSON.stringify(r.t) + ',"status":' + JSON.stringify(r.status) +
    ',"probs":' + floatsJson(r.probs) + ',"smoothed":' + floatsJson(r.smoothed) + ',"response":' + JSON.stringify(r.response) +
    ',"sent":' + JSON.stringify(r.sent) + problem + '}'
  );
}

/** The frames whose model input or output was not finite, as `frame N: what`. */
export function frameProblems(result: ReplayResult): string[] {
  return result.frames.filter((r) => r.problem !== undefined).map((r) => `frame ${r.frame}: ${r.problem}`);
}

/** A target change in the jsonl stream: `{"event":"target", ...}`, placed before the frame it precedes. */
export function targetRecord(c: TargetChangeResult): Record<string, unknown> {
  return { event: 'target', t: c.t, letter: c.letter, beforeFrame: c.beforeFrame, response: c.response, sent: c.sent };
}

/** jsonl lines: frame records in order, with target change records interleaved where they happened. */
export function* jsonlLines(result: ReplayResult): Generator<string> {
  let next = 0;
  const changes = result.targetChanges;
  for (const frame of result.frames) {
    while (next < changes.length && changes[next].beforeFrame <= frame.frame) yield JSON.stringify(targetRecord(changes[next++]));
    yield frameLine(frame);
  }
  while (next < changes.length) yield JSON.stringify(targetRecord(changes[next++]));
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV header: frame, t, status, probs_<label> and smoothed_<label> per class, the response, sent. */
export function csvHeader(labels: readonly string[]): string {
  const header = [
    'frame',
    't',
    'status',
    ...labels.map((l) => `probs_${l}`),
    ...labels.map((l) => `smoothed_${l}`),
    'response_maxarg_letter',
    'response_target_arg_prob',
    'sent',
  ];
  return header.map(csvCell).join(',');
}

/** One frame's CSV row; probs and smoothed cells are empty when null. */
export function csvRow(r: FrameResult, classCount: number): string {
  const empty = () => new Array<string>(classCount).fill('');
  const row = [
    String(r.frame),
    String(r.t),
    r.status,
    ...(r.probs ? Array.from(r.probs, float8Text) : empty()),
    ...(r.smoothed ? Array.from(r.smoothed, float8Text) : empty()),
    r.response ? r.response.maxarg_letter : '',
    r.response ? String(r.response.target_arg_prob) : '',
    String(r.sent),
  ];
  return row.map(csvCell).join(',');
}

/** CSV: one row per frame; probs_<label> and smoothed_<label> columns per class, empty when null. */
export function* csvLines(result: ReplayResult, labels: readonly string[]): Generator<string> {
  yield csvHeader(labels);
  for (const r of result.frames) yield csvRow(r, labels.length);
}

/**
 * jsonl of final results handed over chunk by chunk in session order (analyze formats them while the
 * model still runs): the same lines as jsonlLines, as UTF-8 bytes, each line ending in a newline.
 */
export class JsonlChunks {
  private next = 0;
  private readonly out = new LineBytes();

  constructor(private readonly changes: readonly TargetChangeResult[]) {}

  /** The lines of these frames and of the target changes before each (empty for none). */
  frames(frames: readonly FrameResult[]): Uint8Array {
    const out = this.out;
    for (const r of frames) {
      while (this.next < this.changes.length && this.changes[this.next].beforeFrame <= r.frame) out.text(JSON.stringify(targetRecord(this.changes[this.next++])) + '\n');
      // frameLine(r), written as it goes.
      out.text('{"frame":' + JSON.stringify(r.frame) + ',"t":' + JSON.stringify(r.t) + ',"status":' + JSON.stringify(r.status) + ',"probs":');
      out.floats(r.probs);
      out.text(',"smoothed":');
      out.floats(r.smoothed);
      out.text(',"response":' + JSON.stringify(r.response) + ',"sent":' + JSON.stringify(r.sent) + (r.problem !== undefined ? ',"problem":' + JSON.stringify(r.problem) : '') + '}\n');
    }
    return out.take();
  }

  /** The lines of the target changes after the last frame (empty for none). */
  end(): Uint8Array {
    while (this.next < this.changes.length) this.out.text(JSON.stringify(targetRecord(this.changes[this.next++])) + '\n');
    return this.out.take();
  }
}

/**
 * The summary object. repliesSent counts every reply the backend would have sent: frame replies that
 * passed the throttle plus the target changes' default replies (also listed in targetChanges).
 */
export function analysisSummary(
  result: ReplayResult,
  resolved: ResolvedProfile,
  model: string,
): Record<string, unknown> {
  const statuses = { 'no-hand': 0, buffering: 0, smoothing: 0, ready: 0 };
  let sent = 0;
  for (const r of result.frames) {
    statuses[r.status]++;
    if (r.sent) sent++;
  }
  const last = result.frames[result.frames.length - 1];
  const problems = frameProblems(result);
  return {
    model,
    frames: result.frames.length,
    noHand: statuses['no-hand'],
    windows: result.windows,
    repliesSent: sent + result.targetChanges.length,
    frameRepliesSent: sent,
    statuses,
    transcript: last ? last.transcript : '',
    nonFinite: problems.length,
    problems: problems.slice(0, 20),
    targetChanges: result.targetChanges.map(targetRecord),
    profile: resolved.profile,
    profileSources: resolved.sources,
    warnings: resolved.warnings,
  };
}
