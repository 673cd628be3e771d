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
