/**
 * The next `count` windows to infer: those whose frame is nearest the playhead, ties to the later frame
 * (playback moves forward). `windowFrames[k]` is the frame window k ends at; `done[k]` marks inferred ones.
 */
export function nearestPending(
  windowFrames: ArrayLike<number>,
  done: Uint8Array,
  playhead: number,
  count: number,
): number[] {
  // Windows are in frame order, so walk outwards from the playhead's position with two cursors.
  let right = lowerBound(windowFrames, playhead);
  let left = right - 1;
  const picked: number[] = [];
  while (picked.length < count) {
    while (left >= 0 && done[left]) left--;
    while (right < windowFrames.length && done[right]) right++;
    const hasLeft = left >= 0;
    const hasRight = right < windowFrames.length;
    if (!hasLeft && !hasRight) break;
    const takeRight =
      hasRight && (!hasLeft || windowFrames[right] - playhead <= playhead - windowFrames[left]);
    if (takeRight) picked.push(right++);
    else picked.push(left--);
  }
  return picked;
}

/** First index whose value is >= target (values ascending). */
function lowerBound(values: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The next chunk of `size` frames to send (`sent[k]` marks those sent): the unsent one nearest the
 * playhead's, the later one on ties, as playback moves forward; -1 when all are sent.
 */
export function nearestChunk(sent: Uint8Array, size: number, playhead: number): number {
  const at = Math.max(0, Math.min(sent.length - 1, Math.floor(playhead / size)));
  for (let d = 0; d < sent.length; d++) {
    if (at + d < sent.length && !sent[at + d]) return at + d;
    if (at - d >= 0 && !sent[at - d]) return at - d;
  }
  return -1;
}
