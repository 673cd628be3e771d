/**
 * Python's round(x, decimals) for floats: the exact binary value rounded to the nearest decimal, ties
 * (only possible when x is exactly representable, e.g. 0.03125) to even. `scale` must be 10 ** decimals:
 * a caller rounding many values works it out once.
 */
export function roundLikePython(x: number, decimals: number, scale = 10 ** decimals): number {
  if (!Number.isFinite(x)) return x;
  const scaled = x * scale;
  const floor = Math.floor(scaled);
  // Away from a tie, the product's error (below 2^-21 while scaled < 2^32) cannot change which way x rounds,
  // and k / scale is the double nearest k / 10^decimals, as parsing toFixed's digits gives: the reply pass
  // over an hour of frames spent most of its time in toFixed.
  const fraction = scaled - floor;
  if (x >= 0 && decimals <= 15 && scaled < 2 ** 32 && Math.abs(fraction - 0.5) > 1e-6) {
    return (fraction < 0.5 ? floor : floor + 1) / scale;
  }
  if (scaled - floor === 0.5 && (floor + 0.5) / scale === x) {
    return (floor % 2 === 0 ? floor : floor + 1) / scale;
  }
  // toFixed rounds the exact binary value, which is what Python does away from ties.
  return Number(x.toFixed(decimals));
}
