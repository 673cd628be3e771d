/**
 * Writes what the knobs' reply pass gave (ReplyColumns) into the session's columns, and tells which parts
 * of them changed, so the views redraw only those (StoreChanges.partsChangedSince).
 */
import type { ReplyColumns } from '../core/pipeline/replyPass';
import type { TargetReply } from '../protocol/messages';
import type { SessionColumns } from './sessionColumns';

/**
 * Writes the reply columns into `into`'s first frames; `smoothingUnchanged`: its status, fills and
 * smoothed distributions are the ones written last, and are not copied again (an hour's smoothed
 * distributions are 12.5 MB). Gives whether the replies (reply, probability, sent, target) and the
 * decoder's emissions changed.
 */
export function writeReplyColumns(into: SessionColumns, columns: ReplyColumns, smoothingUnchanged: boolean): { replies: boolean; emitted: boolean } {
  if (!smoothingUnchanged) {
    into.status.set(columns.status);
    into.smoothingFill.set(columns.smoothingFill);
    into.smoothed.set(columns.smoothed);
  }
  let replies = copyChangedInts(into.replyLetter, columns.replyLetter);
  replies = copyChangedFloat32(into.replyProb, columns.replyProb) || replies;
  replies = copyChangedInts(into.sent, columns.sent) || replies;
  replies = copyChangedInts(into.target, columns.target) || replies;
  return { replies, emitted: copyChangedInts(into.emitted, columns.emitted) };
}

/** The target changes' default replies as the store keeps them, and whether they differ from `held`. */
export function targetRepliesOf(columns: ReplyColumns, held: readonly TargetReply[]): { replies: TargetReply[]; changed: boolean } {
  const replies = columns.targetReplies.map((r) => ({ frame: r.frame, t: r.t, reply: r.reply }));
  const changed =
    replies.length !== held.length ||
    replies.some((r, i) => {
      const h = held[i];
      return r.frame !== h.frame || !Object.is(r.t, h.t) || r.reply.maxarg_letter !== h.reply.maxarg_letter || !Object.is(r.reply.target_arg_prob, h.reply.target_arg_prob);
    });
  return { replies, changed };
}

/**
 * Runs the copy loops over scratch columns of `frames` frames, once with every value changed and once with
 * none: an hour's columns are first copied by the first knob change, which would otherwise run these loops
 * unoptimized until the engine replaced them partway (tens of milliseconds more). Writes no real column.
 */
export function warmUpColumnWrites(frames: number): void {
  const bytes = new Uint8Array(frames);
  const ones = new Uint8Array(frames).fill(1);
  const floats = new Float32Array(frames);
  const values = new Float64Array(frames).fill(0.25);
  values[0] = NaN;
  // The first round changes every value, the second none.
  for (let round = 0; round < 2; round++) {
    copyChangedInts(bytes, ones);
    copyChangedFloat32(floats, values);
  }
}

/**
 * Copies an integer column's `values` into the start of `into` in one pass, and gives false when they were
 * there already. Compared as bytes, which for integers is comparing values, so the loop sees one array type
 * whatever the column's.
 */
function copyChangedInts<T extends Int16Array | Uint8Array>(into: T, values: T): boolean {
  return copyChangedBytes(new Uint8Array(into.buffer, into.byteOffset, values.byteLength), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

function copyChangedBytes(into: Uint8Array, values: Uint8Array): boolean {
  let changed = false;
  for (let i = 0; i < values.length; i++) {
    if (into[i] !== values[i]) {
      into[i] = values[i];
      changed = true;
    }
  }
  return changed;
}

/** A float32 column of float64 values: compares the float32 of each value; NaN equals NaN. */
function copyChangedFloat32(into: Float32Array, values: Float64Array): boolean {
  let changed = false;
  for (let i = 0; i < values.length; i++) {
    const a = into[i];
    const b = Math.fround(values[i]);
    if (a !== b && !(a !== a && b !== b)) {
      into[i] = b;
      changed = true;
    }
  }
  return changed;
}
