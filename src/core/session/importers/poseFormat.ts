import { excerpt } from '../../excerpt';

/**
 * The binary `.pose` format of sign-language-processing/pose, versions 0.1 and 0.2 (little-endian).
 * Header: float32 version; uint16 width, height, depth; uint16 component count; per component a
 * name and a point format ("XYZC": the last letter is the confidence), uint16 point, limb and colour
 * counts, point names, limbs (2 x uint16) and colours (3 x uint16). Strings are a uint16 byte length
 * and UTF-8 bytes. Body 0.1: uint16 fps, uint16 frames (unreliable), uint16 people; body 0.2: float32
 * fps, uint32 frames, uint16 people. Then float32 data [frames][people][points][dims] and float32
 * confidence [frames][people][points].
 */
export interface PoseComponent {
  name: string;
  format: string;
  points: string[];
  /** Index of the component's first point among all points of a frame. */
  firstPoint: number;
}

export interface PoseHeader {
  version: number;
  width: number;
  height: number;
  depth: number;
  components: PoseComponent[];
  totalPoints: number;
  /** Coordinates per point (format length minus the confidence). */
  dims: number;
  fps: number;
  /** Frame count written in the body header (0.1 writes it as uint16, so a long file's has wrapped). */
  declaredFrames?: number;
  people: number;
  /** Byte offset of the data block. */
  bodyStart: number;
}

/** Thrown when the buffer ends before the header does; the caller reads more and tries again. */
export class PoseHeaderIncomplete extends Error {}

export class PoseFormatError extends Error {}

export const SUPPORTED_POSE_VERSIONS = [0.1, 0.2];

/** The version rounded as the writers store it (float32 0.1 is 0.10000000149...). */
export function poseVersion(bytes: Uint8Array): number | undefined {
  if (bytes.length < 4) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true);
  const rounded = Math.round(v * 1000) / 1000;
  return SUPPORTED_POSE_VERSIONS.includes(rounded) ? rounded : undefined;
}

export function parsePoseHeader(bytes: Uint8Array): PoseHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number, what: string) => {
    if (at + n > bytes.length) throw new PoseHeaderIncomplete(what);
  };
  const u16 = (what: string) => {
    need(2, what);
    const v = view.getUint16(at, true);
    at += 2;
    return v;
  };
  const text = (what: string) => {
    const length = u16(what);
    need(length, what);
    const s = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(at, at + length));
    at += length;
    return s;
  };

  need(4, 'the version');
  const rawVersion = view.getFloat32(0, true);
  const version = poseVersion(bytes);
  if (version === undefined) throw new PoseFormatError(`version: expected 0.1 or 0.2, found ${Number.isFinite(rawVersion) ? rawVersion.toPrecision(3) : 'not a number'}`);
  at = 4;
  const width = u16('the width');
  const height = u16('the height');
  const depth = u16('the depth');
  const componentCount = u16('the component count');
  const components: PoseComponent[] = [];
  let totalPoints = 0;
  let dims = -1;
  for (let c = 0; c < componentCount; c++) {
    const what = `component ${c + 1} of ${componentCount}`;
    const name = text(what);
    const format = text(what);
    if (format.length < 2) throw new PoseFormatError(`${what} (${excerpt(name)}): point format ${excerpt(format)} has no coordinates`);
    if (dims >= 0 && format.length - 1 !== dims) throw new PoseFormatError(`${what} (${excerpt(name)}): point format ${excerpt(format)} differs in size from the first component's`);
    dims = format.length - 1;
    const pointCount = u16(what);
    const limbCount = u16(what);
    const colourCount = u16(what);
    const points: string[] = [];
    for (let p = 0; p < pointCount; p++) points.push(text(what));
    need(limbCount * 4 + colourCount * 6, what);
    at += limbCount * 4 + colourCount * 6;
    components.push({ name, format, points, firstPoint: totalPoints });
    totalPoints += pointCount;
  }
  let fps: number;
  let declaredFrames: number | undefined;
  if (version === 0.1) {
    fps = u16('the frame rate');
    declaredFrames = u16('the frame count');
  } else {
    need(8, 'the frame rate and count');
    fps = view.getFloat32(at, true);
    declaredFrames = view.getUint32(at + 4, true);
    at += 8;
  }
  const people = u16('the people count');
  return { version, width, height, depth, components, totalPoints, dims: Math.max(dims, 0), fps, declaredFrames, people, bodyStart: at };
}
