import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { POINT_COUNT, VALUES_PER_FRAME } from '../../hand/topology';
import type { Handedness } from '../../hand/types';
import { SessionError } from '../sessionError';
import { fileOpenError, openForReading, openSessionFile } from '../sessionFile';
import type { Session, SessionFrame, SessionProblem } from '../types';
import { parsePoseHeader, PoseFormatError, PoseHeaderIncomplete, poseVersion, type PoseComponent, type PoseHeader } from './poseFormat';
import { excerpt } from '../../excerpt';
import { hasExtension, type ImportOptions, type SessionImporter } from './sessionImporter';

/** Frames read per positioned read: bounds memory for long recordings with many points. */
const FRAMES_PER_READ = 512;

async function readHeader(path: string, handle: fs.FileHandle, size: number): Promise<PoseHeader> {
  let length = Math.min(size, 64 * 1024);
  for (;;) {
    const buffer = new Uint8Array(length);
    await handle.read(buffer, 0, length, 0);
    try {
      return parsePoseHeader(buffer);
    } catch (err) {
      if (err instanceof PoseHeaderIncomplete) {
        if (length >= size) throw new SessionError('bad-format', path, `not a complete .pose file: the file ends while reading ${err.message}`);
        length = Math.min(size, length * 4);
        continue;
      }
      if (err instanceof PoseFormatError) throw new SessionError('bad-format', path, `not a .pose file this reader knows: ${err.message}`);
      throw err;
    }
  }
}

function handCandidates(header: PoseHeader): PoseComponent[] {
  const hands = header.components.filter((c) => c.points.length === POINT_COUNT);
  const named = hands.filter((c) => /hand/i.test(c.name));
  return named.length ? named : hands;
}

/** A component's name for a message: as is when short and printable, else a short escaped excerpt. */
function shown(component: PoseComponent): string {
  return /^[\x20-\x7e]{1,40}$/.test(component.name) ? component.name : excerpt(component.name);
}

/** The first few components' names and sizes, for an error that lists them. */
function listComponents(components: PoseComponent[]): string {
  const listed = components.slice(0, 8).map((c) => `${shown(c)} (${c.points.length})`).join(', ');
  return components.length > 8 ? `${listed} and ${components.length - 8} more` : listed;
}

function sideOf(component: PoseComponent): Handedness | undefined {
  if (/left/i.test(component.name)) return 'Left';
  if (/right/i.test(component.name)) return 'Right';
  return undefined;
}

/**
 * Reads a `.pose` file: one hand component becomes the session's hand (the one asked for, else the
 * one detected in most frames), a frame whose 21 confidences are all 0 is a frame without a hand,
 * x and y are divided by the frame's width and height. For z see `decideZ`.
 */
async function readPose(path: string, options: ImportOptions = {}): Promise<Session> {
  const { size } = await openSessionFile(path);
  const handle = await openForReading(path);
  try {
    return await readPoseBody(path, handle, size, options);
  } catch (err) {
    // Only I/O failures become SessionErrors; anything else is a bug and must not be disguised.
    if ((err as NodeJS.ErrnoException)?.code !== undefined && !(err instanceof SessionError)) throw fileOpenError(path, err);
    throw err;
  } finally {
    await handle.close();
  }
}

async function readPoseBody(path: string, handle: fs.FileHandle, size: number, options: ImportOptions): Promise<Session> {
  const header = await readHeader(path, handle, size);
  const notes: SessionProblem[] = [];
  const problems: SessionProblem[] = [];
  const note = (message: string) => notes.push({ file: path, message });
  if (header.people === 0) throw new SessionError('bad-format', path, 'the .pose file holds no people');
  if (header.width === 0 || header.height === 0) throw new SessionError('bad-format', path, `the .pose header has a ${header.width}x${header.height} frame; expected a width and height > 0`);

  const candidates = handCandidates(header);
  const componentNames = listComponents(header.components);
  if (candidates.length === 0) throw new SessionError('bad-format', path, `no hand component with 21 points; components: ${componentNames}`);
  let choices = candidates;
  if (options.hand) {
    const wanted = options.hand === 'left' ? 'Left' : 'Right';
    choices = candidates.filter((c) => sideOf(c) === wanted);
    if (choices.length === 0) throw new SessionError('bad-format', path, `no ${options.hand} hand component; hand components: ${candidates.slice(0, 8).map(shown).join(', ')}`);
  }

  const { people, totalPoints, dims } = header;
  const dataBytesPerFrame = people * totalPoints * dims * 4;
  const confBytesPerFrame = people * totalPoints * 4;
  const bytesLeft = size - header.bodyStart;
  let frameCount: number;
  /** Frames whose data precede the confidence block: where that block starts. */
  let confFrames = 0;
  if (header.version === 0.1) {
    const fit = poseV01FrameCount(path, bytesLeft, dataBytesPerFrame, confBytesPerFrame, header.declaredFrames ?? 0);
    frameCount = fit.frames;
    confFrames = fit.confFrames;
    if (fit.problem) problems.push({ file: path, message: fit.problem });
  } else {
    frameCount = header.declaredFrames ?? 0;
    const complete = Math.floor(Math.max(0, bytesLeft - frameCount * dataBytesPerFrame) / confBytesPerFrame);
    if (frameCount * dataBytesPerFrame > bytesLeft || complete < frameCount) {
      problems.push({ file: path, message: `the header declares ${frameCount} frames but the file holds the confidences of only ${Math.min(complete, frameCount)}; the file is cut short` });
      frameCount = Math.min(complete, frameCount);
    }
  }
  if (people > 1) note(`${people} people in the file; the first person's hand is used`);

  const dataStart = header.bodyStart;
  const confStart = header.bodyStart + (header.version === 0.1 ? confFrames : (header.declaredFrames ?? 0)) * dataBytesPerFrame;
  const readBlock = async (position: number, length: number): Promise<Float32Array> => {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    if (bytesRead < length) throw new SessionError('bad-format', path, `the file ends early at byte ${position + bytesRead}`);
    // Copy into an aligned buffer: the data may start at any byte offset.
    const aligned = new Float32Array(length / 4);
    new Uint8Array(aligned.buffer).set(buffer);
    return aligned;
  };

  // Pass 1: which frames have each candidate hand (all 21 confidences 0 means absent).
  const present = new Map<PoseComponent, Uint8Array>(choices.map((c) => [c, new Uint8Array(frameCount)]));
  const scores = new Map<PoseComponent, Float32Array>(choices.map((c) => [c, new Float32Array(frameCount)]));
  for (let first = 0; first < frameCount; first += FRAMES_PER_READ) {
    const n = Math.min(FRAMES_PER_READ, frameCount - first);
    const conf = await readBlock(confStart + first * confBytesPerFrame, n * confBytesPerFrame);
    for (let i = 0; i < n; i++) {
      for (const c of choices) {
        let sum = 0;
        let any = false;
        for (let p = 0; p < POINT_COUNT; p++) {
          const v = conf[i * people * totalPoints + c.firstPoint + p];
          if (v !== 0 && Number.isFinite(v)) any = true;
          sum += Number.isFinite(v) ? v : 0;
        }
        present.get(c)![first + i] = any ? 1 : 0;
        scores.get(c)![first + i] = sum / POINT_COUNT;
      }
    }
  }
  const counts = choices.map((c) => present.get(c)!.reduce((a, b) => a + b, 0));
  let best = 0;
  counts.forEach((n, i) => {
    if (n > counts[best]) best = i;
  });
  const chosen = choices[best];
  note(`hand: ${shown(chosen)}, detected in ${counts[best]} of ${frameCount} frames${choices.length > 1 ? ` (${choices.slice(0, 8).map((c, i) => `${shown(c)}: ${counts[i]}`).join(', ')})` : ''}`);

  let fps = header.fps;
  if (options.fps !== undefined) {
    if (options.fps !== fps) note(`fps ${options.fps} as asked (the file says ${fps})`);
    fps = options.fps;
  } else if (!(fps > 0) || !Number.isFinite(fps)) {
    note(`the file's frame rate is ${fps}; 30 fps assumed (pass an fps to choose)`);
    fps = 30;
  }

  // Pass 2: the chosen hand's coordinates.
  const raw = new Float64Array(frameCount * VALUES_PER_FRAME);
  for (let first = 0; first < frameCount; first += FRAMES_PER_READ) {
    const n = Math.min(FRAMES_PER_READ, frameCount - first);
    const data = await readBlock(dataStart + first * dataBytesPerFrame, n * dataBytesPerFrame);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < POINT_COUNT; p++) {
        const src = (i * people * totalPoints + chosen.firstPoint + p) * dims;
        const dst = (first + i) * VALUES_PER_FRAME + p * 3;
        raw[dst] = data[src];
        raw[dst + 1] = dims > 1 ? data[src + 1] : 0;
        raw[dst + 2] = dims > 2 ? data[src + 2] : 0;
      }
    }
  }

  const hasHand = present.get(chosen)!;
  const zMode = options.poseZ && options.poseZ !== 'auto' ? options.poseZ : decideZ(raw, hasHand, header.width, dims);
  if (dims < 3) note('the file has no z; z is 0');
  else note(zMode === 'pixels' ? 'z divided by the width, as x (z was in pixels)' : 'z kept as written (it is MediaPipe\'s unscaled depth, not pixels)');

  const handedness = sideOf(chosen);
  const frames: SessionFrame[] = [];
  for (let f = 0; f < frameCount; f++) {
    const t = Math.round((f * 1e6) / fps) / 1000;
    if (!hasHand[f]) {
      frames.push({ index: f, t, hands: [] });
      continue;
    }
    const landmarks = new Float64Array(VALUES_PER_FRAME);
    let finite = true;
    for (let p = 0; p < POINT_COUNT; p++) {
      const at = f * VALUES_PER_FRAME + p * 3;
      landmarks[p * 3] = raw[at] / header.width;
      landmarks[p * 3 + 1] = raw[at + 1] / header.height;
      landmarks[p * 3 + 2] = zMode === 'pixels' ? raw[at + 2] / header.width : raw[at + 2];
      finite &&= Number.isFinite(landmarks[p * 3]) && Number.isFinite(landmarks[p * 3 + 1]) && Number.isFinite(landmarks[p * 3 + 2]);
    }
    if (!finite) {
      problems.push({ file: path, line: f + 1, field: shown(chosen), message: `frame ${f} holds a NaN or infinite coordinate` });
      break;
    }
    const hand = { landmarks, score: scores.get(chosen)![f], ...(handedness ? { handedness } : {}) };
    frames.push({ index: f, t, hands: [hand] });
  }

  return {
    header: { type: 'header', format: 'landmark-session', version: 1, fps, source: `${basename(path)} (.pose ${header.version}, ${shown(chosen)})` },
    frames,
    targets: [],
    labels: [],
    problems,
    notes,
  };
}

/**
 * How many frames of a 0.1 body can be read, and where its confidence block starts. The block follows
 * the data of every frame, so its offset depends on the frame count: a body that is a whole number of
 * frames gives it; else only the header's count can (0.1 writes it as uint16, so it may have wrapped),
 * and only when the body holds all those frames' data and part of their confidences: the frames whose
 * confidences are whole are then proven and kept. Anything else would read confidences from a shifted
 * offset (absent hands with scores of 500), so it is an error.
 */
function poseV01FrameCount(path: string, bodyBytes: number, dataBytes: number, confBytes: number, declared: number): { frames: number; confFrames: number; problem?: string } {
  const frameBytes = dataBytes + confBytes;
  if (bodyBytes % frameBytes === 0) return { frames: bodyBytes / frameBytes, confFrames: bodyBytes / frameBytes };
  for (let count = declared; count * dataBytes <= bodyBytes; count += 0x10000) {
    if (count > 0 && bodyBytes < count * frameBytes) {
      const kept = Math.floor((bodyBytes - count * dataBytes) / confBytes);
      if (kept === 0) break;
      return {
        frames: kept,
        confFrames: count,
        problem: `the body is ${bodyBytes} bytes; expected ${count * frameBytes} for the ${count} frames its header declares (the file is cut short); kept the first ${kept} of the ${count} frames, whose confidences are whole`,
      };
    }
  }
  const expected = declared > 0 ? `; expected ${declared * frameBytes} bytes for the ${declared} frames its header declares` : '';
  throw new SessionError('bad-format', path, `the .pose 0.1 body is ${bodyBytes} bytes${expected}, and it is not a whole number of ${frameBytes}-byte frames either (a cut or damaged file); its frames cannot be read without shifting them`);
}

/**
 * Whether z is in pixels (scaled like x) or MediaPipe's unscaled relative depth. pose-format's
 * MediaPipe exporter multiplies x by the width and y by the height but writes z as it comes, so a
 * hand's z spread is then tiny next to its x spread in pixels. Dividing such z by the width would
 * flatten the depth to ~0 after the pipeline's normalization.
 */
function decideZ(raw: Float64Array, present: Uint8Array, width: number, dims: number): 'pixels' | 'unscaled' {
  if (dims < 3) return 'unscaled';
  const ratios: number[] = [];
  for (let f = 0; f < present.length && ratios.length < 200; f++) {
    if (!present[f]) continue;
    let xMin = Infinity, xMax = -Infinity, zMin = Infinity, zMax = -Infinity;
    for (let p = 0; p < POINT_COUNT; p++) {
      const x = raw[f * VALUES_PER_FRAME + p * 3];
      const z = raw[f * VALUES_PER_FRAME + p * 3 + 2];
      xMin = Math.min(xMin, x); xMax = Math.max(xMax, x);
      zMin = Math.min(zMin, z); zMax = Math.max(zMax, z);
    }
    if (xMax > xMin) ratios.push((zMax - zMin) / (xMax - xMin));
  }
  if (ratios.length === 0) return 'unscaled';
  ratios.sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)];
  // A real hand's depth spread is ~10-100% of its width; unscaled z against pixel x gives < 1%
  // unless the hand is under ~5 px wide. The width check keeps a pixel file with a 1-px-wide frame sane.
  return median < 0.01 && width > 1 ? 'unscaled' : 'pixels';
}

export const poseImporter: SessionImporter = {
  id: 'pose',
  label: '.pose (sign-language-processing)',
  extensions: ['.pose'],
  detect(path, firstBytes) {
    const version = poseVersion(firstBytes);
    if (version !== undefined && firstBytes.length >= 12) {
      try {
        parsePoseHeader(firstBytes);
        return 1;
      } catch (err) {
        if (err instanceof PoseHeaderIncomplete) return 0.95;
      }
      return hasExtension(path, this.extensions) ? 0.6 : 0.1;
    }
    return hasExtension(path, this.extensions) ? 0.5 : 0;
  },
  read: readPose,
};
