/**
 * Which part of the recorded image the "as recorded" hand view shows. Boxes are in image units: x
 * scaled by the image's aspect (width / height) and y in [0, 1], so one unit is the same length on
 * both axes and fitting a box to a canvas never stretches the hand.
 */
import { VALUES_PER_FRAME } from './handGeometry';
import { POINT_COUNT } from '../core/hand/topology';

export type HandFraming = 'fit' | 'image';

export interface ImageBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How many frames back the fitted box looks, so the view holds still while the hand moves a little. */
export const FIT_LOOKBACK_FRAMES = 30;
/** Space around the hand, as a share of the box's larger side. */
const FIT_PADDING = 0.15;
/** A fitted box is never smaller than this share of the image height (a still hand is not blown up). */
const FIT_MIN_SIDE = 0.2;

export function wholeImageBox(aspect: number): ImageBox {
  return { x: 0, y: 0, width: aspect, height: 1 };
}

/**
 * The padded bounding box of the hand over `frame` and up to `lookback` frames before it that have a
 * hand; null when none of them has one.
 */
export function fittedHandBox(
  landmarks: Float32Array,
  hasHand: Uint8Array,
  frame: number,
  aspect: number,
  lookback = FIT_LOOKBACK_FRAMES,
): ImageBox | null {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let f = frame; f >= 0 && f >= frame - lookback; f--) {
    if (!hasHand[f]) continue;
    const base = f * VALUES_PER_FRAME;
    for (let i = 0; i < POINT_COUNT; i++) {
      const x = landmarks[base + i * 3] * aspect;
      const y = landmarks[base + i * 3 + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (minX > maxX) return null;
  const side = Math.max(maxX - minX, maxY - minY, FIT_MIN_SIDE);
  const pad = side * FIT_PADDING;
  const width = Math.max(maxX - minX, FIT_MIN_SIDE) + 2 * pad;
  const height = Math.max(maxY - minY, FIT_MIN_SIDE) + 2 * pad;
  return { x: (minX + maxX) / 2 - width / 2, y: (minY + maxY) / 2 - height / 2, width, height };
}

export interface ScreenTransform {
  /** CSS px per image unit. */
  scale: number;
  /** Screen position of the image's origin (its top-left corner). */
  originX: number;
  originY: number;
}

/** Places `box` centred in a canvas with `margin` px on each side, at one scale for both axes. */
export function fitBoxToCanvas(box: ImageBox, canvasWidth: number, canvasHeight: number, margin: number): ScreenTransform {
  const scale = Math.max(1e-6, Math.min((canvasWidth - 2 * margin) / box.width, (canvasHeight - 2 * margin) / box.height));
  return {
    scale,
    originX: (canvasWidth - box.width * scale) / 2 - box.x * scale,
    originY: (canvasHeight - box.height * scale) / 2 - box.y * scale,
  };
}
