/**
 * Hand geometry for display: the model's view of a frame (the pipeline's own normalization, from
 * core) and an orthographic rotation for the 3D view.
 */
import type { Normalization } from '../core/model/profile';
import { normalizeFrameInto } from '../core/pipeline/normalize';
import { VALUES_PER_FRAME } from '../core/hand/topology';

export { VALUES_PER_FRAME };

/** One frame's 63 values as the model receives them; null when the frame has no hand. */
export function modelView(landmarks: Float32Array, frame: number, normalization: Normalization): Float32Array | null {
  const base = frame * VALUES_PER_FRAME;
  if (base + VALUES_PER_FRAME > landmarks.length || Number.isNaN(landmarks[base])) return null;
  const out = new Float32Array(VALUES_PER_FRAME);
  normalizeFrameInto(landmarks.subarray(base, base + VALUES_PER_FRAME), normalization, out, 0);
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
