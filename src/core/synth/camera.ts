import type { Vec3 } from './rotation';

/**
 * A pinhole camera at the origin looking down -z (x right, y up), with an image of `width` x `height`
 * pixels. Output follows MediaPipe: x, y in 0..1 of the image (y down), z relative to the wrist, negative
 * toward the camera, in the same units as x.
 */
export interface PinholeCamera {
  width: number;
  height: number;
  /** Horizontal field of view, degrees. */
  fovDeg: number;
}

export const WEBCAM: Readonly<PinholeCamera> = Object.freeze({ width: 640, height: 480, fovDeg: 60 });

function focalPixels(cam: PinholeCamera): number {
  return cam.width / 2 / Math.tan((cam.fovDeg * Math.PI) / 360);
}

/** Projects camera-frame points; `points[0]` is the wrist and sets the depth origin. */
export function projectToImage(points: readonly Vec3[], cam: PinholeCamera): Vec3[] {
  const f = focalPixels(cam);
  const fx = f / cam.width;
  const fy = f / cam.height;
  const wristDepth = -points[0][2];
  return points.map(([x, y, z]) => {
    const depth = -z;
    return [0.5 + (fx * x) / depth, 0.5 - (fy * y) / depth, (fx * (depth - wristDepth)) / wristDepth];
  });
}

/** Camera-frame position (metres) of a point seen at image (u, v) at `depth` metres. */
export function unproject(u: number, v: number, depth: number, cam: PinholeCamera): Vec3 {
  const f = focalPixels(cam);
  return [((u - 0.5) * depth * cam.width) / f, (-(v - 0.5) * depth * cam.height) / f, -depth];
}
