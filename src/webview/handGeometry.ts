/**
 * Hand geometry for display: the model's view of a frame (wrist-relative, divided by the largest
 * absolute value, as the pipeline's normalization) and an orthographic rotation for the 3D view.
 */
export const VALUES_PER_FRAME = 63;

/** Wrist-relative, max-abs scaled copy of one frame's 63 values; null when the frame has no hand. */
export function modelView(landmarks: Float32Array, frame: number): Float32Array | null {
  const base = frame * VALUES_PER_FRAME;
  if (Number.isNaN(landmarks[base])) return null;
  const out = new Float32Array(VALUES_PER_FRAME);
  const wx = landmarks[base], wy = landmarks[base + 1], wz = landmarks[base + 2];
  let maxAbs = 0;
  for (let p = 0; p < 21; p++) {
    out[p * 3] = landmarks[base + p * 3] - wx;
    out[p * 3 + 1] = landmarks[base + p * 3 + 1] - wy;
    out[p * 3 + 2] = landmarks[base + p * 3 + 2] - wz;
  }
  for (let i = 0; i < VALUES_PER_FRAME; i++) maxAbs = Math.max(maxAbs, Math.abs(out[i]));
  if (maxAbs > 0) for (let i = 0; i < VALUES_PER_FRAME; i++) out[i] /= maxAbs;
  return out;
}

export interface Projected {
  /** Screen x, y (CSS px) and depth (larger is nearer the viewer) per point. */
  x: Float32Array;
  y: Float32Array;
  depth: Float32Array;
}

/**
 * Rotates by `yaw` about the vertical axis then `pitch` about the horizontal one and projects
 * orthographically: screen x = rotated x, screen y = rotated y (y down, as in the image).
 */
export function project(points: Float32Array, yaw: number, pitch: number, cx: number, cy: number, scale: number): Projected {
  const n = points.length / 3;
  const x = new Float32Array(n), y = new Float32Array(n), depth = new Float32Array(n);
  const cyw = Math.cos(yaw), syw = Math.sin(yaw), cp = Math.cos(pitch), sp = Math.sin(pitch);
  for (let i = 0; i < n; i++) {
    const px = points[i * 3], py = points[i * 3 + 1], pz = points[i * 3 + 2];
    const x1 = px * cyw + pz * syw;
    const z1 = -px * syw + pz * cyw;
    const y2 = py * cp - z1 * sp;
    const z2 = py * sp + z1 * cp;
    x[i] = cx + x1 * scale;
    y[i] = cy + y2 * scale;
    // MediaPipe z is smaller nearer the camera; the viewer looks along +z.
    depth[i] = -z2;
  }
  return { x, y, depth };
}
