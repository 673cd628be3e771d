/**
 * Python's round(x, decimals) for floats: the exact binary value rounded to the nearest decimal, ties
 * (only possible when x is exactly representable, e.g. 0.03125) to even.
 */
export function roundLikePython(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const scale = 10 ** decimals;
  const scaled = x * scale;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && (floor + 0.5) / scale === x) {
    return (floor % 2 === 0 ? floor : floor + 1) / scale;
  }
  // toFixed rounds the exact binary value, which is what Python does away from ties.
  return Number(x.toFixed(decimals));
}
