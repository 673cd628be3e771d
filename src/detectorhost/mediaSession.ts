import { statSync } from 'node:fs';
import { extname } from 'node:path';
import type { DetectorSettings } from '../core/model/profile';
import type { HandObservation } from '../core/hand/types';
import { SessionWriter } from '../core/session/sessionWriter';
import type { VideoTrack } from '../core/video/videoTrack';
import type { FrameDetection } from '../protocol/detectorMessages';
import type { DetectorClient } from './detectorClient';
import { ImportError, imageFiles, importImages, importVideo, readVideoTrack, type ImportedFrame } from './importFrames';

/**
 * A video or a folder of images written as a session through the hand detector: what `convert
 * <video|folder>` and the extension's Replay Video or Images command share.
 */

export const VIDEO_EXTENSIONS = ['.webm', '.mkv', '.mp4', '.m4v', '.mov'];

/** Images without a frame rate of their own are this many frames a second unless told. */
export const DEFAULT_IMAGES_FPS = 30;

/** Whether a path is camera frames (a video, or a folder of images) rather than landmarks. */
export function isMediaInput(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) return true;
  } catch {
    return false;
  }
  return VIDEO_EXTENSIONS.includes(extname(path).toLowerCase());
}

/** What is to be imported, read far enough to know its frames. */
export type MediaInput =
  | { kind: 'folder'; path: string; files: string[] }
  | { kind: 'video'; path: string; track: VideoTrack };

/** Lists a folder's images or demuxes a video; ImportError (one line) when there is nothing to import. */
export async function openMedia(path: string): Promise<MediaInput> {
  if (statSync(path).isDirectory()) {
    const files = await imageFiles(path);
    if (files.length === 0) throw new ImportError(`${path}: no .jpg, .jpeg or .png images in this folder`);
    return { kind: 'folder', path, files };
  }
  return { kind: 'video', path, track: await readVideoTrack(path) };
}

export function mediaFrameCount(media: MediaInput): number {
  return media.kind === 'folder' ? media.files.length : media.track.samples.length;
}

/** "clip.webm (WebM VP9)" or "frames (325 images)", for the header's `source` and messages. */
export function describeMedia(media: MediaInput, shown: string): string {
  return media.kind === 'folder' ? `${shown} (${media.files.length} images)` : `${shown} (${media.track.container} ${media.track.codecName})`;
}

/** A video's frame rate from its median frame step (30 when it has one frame). */
export function videoFps(track: VideoTrack): number {
  const times = track.samples.map((s) => s.timestampUs).sort((a, b) => a - b);
  const steps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const median = steps[Math.floor(steps.length / 2)] ?? 0;
  return median > 0 ? Math.round(1e8 / median) / 100 : 30;
}

export function detectedHands(detection: FrameDetection): HandObservation[] {
  if (detection.status !== 'hands') return [];
  return detection.hands.map((h) => ({ landmarks: Float64Array.from(h.landmarks), handedness: h.handedness, score: h.score }));
}

export interface MediaSessionOptions {
  out: string;
  /** Header `source`. */
  source: string;
  overwrite: boolean;
  images: boolean;
  /** Frames a second of an image folder (videos have their own timestamps). */
  fps: number;
  /** Each image is a still (the tracker resets before it). */
  stills: boolean;
  detector: DetectorSettings;
  signal?: AbortSignal;
  /** After each frame is written: frames done so far. */
  onProgress?(done: number): void;
  /** A frame whose image did not decode: it is written as a frame without a hand. */
  onUndecodable?(frame: ImportedFrame, error: string): void;
}

export interface MediaSessionResult {
  frames: number;
  noHand: number;
  undecodable: number;
  fps: number;
  /** The detector's time per decodable frame, ms, sorted. */
  detectorMs: number[];
  imagesFolder: string | null;
  /** True when the signal stopped it: the file holds the frames done. */
  cancelled: boolean;
  seconds: number;
}

/**
 * Runs every frame of `media` through the detector and writes the session (SessionError when the file
 * cannot be created, e.g. code 'exists' without `overwrite`; ImportError or DetectorError when the frames
 * cannot be read or detected). The header carries the fps, the source, the detector's options and, for
 * videos, the image size.
 */
export async function writeMediaSession(client: DetectorClient, media: MediaInput, options: MediaSessionOptions): Promise<MediaSessionResult> {
  const fps = media.kind === 'folder' ? options.fps : videoFps(media.track);
  const size = media.kind === 'video' ? { width: media.track.width, height: media.track.height } : {};
  const writer = await SessionWriter.create(
    options.out,
    { fps, source: options.source, ...size, detector: { solution: '@mediapipe/hands', ...options.detector } },
    { overwrite: options.overwrite, images: options.images },
  );
  const started = Date.now();
  const result: MediaSessionResult = {
    frames: 0, noHand: 0, undecodable: 0, fps, detectorMs: [], imagesFolder: writer.imagesFolder, cancelled: false, seconds: 0,
  };
  const onFrame = async (frame: ImportedFrame) => {
    const d = frame.detection;
    if (d.status === 'undecodable') {
      result.undecodable++;
      options.onUndecodable?.(frame, d.error);
    } else result.detectorMs.push(d.detectorMs);
    if (d.status !== 'hands') result.noHand++;
    writer.appendFrame({ t: Math.round(frame.t * 1000) / 1000, hands: detectedHands(d) }, frame.image);
    result.frames++;
    options.onProgress?.(result.frames);
    if (result.frames % 64 === 0) await writer.flush();
  };
  const importOptions = { detector: options.detector, images: options.images, signal: options.signal, onFrame };
  try {
    if (media.kind === 'folder') await importImages(client, media.files, fps, options.stills, importOptions);
    else await importVideo(client, media.path, media.track, importOptions);
  } catch (err) {
    await writer.close().catch(() => undefined);
    throw err;
  }
  await writer.close();
  result.cancelled = options.signal?.aborted ?? false;
  result.detectorMs.sort((a, b) => a - b);
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** The q-quantile of sorted values, rounded, or '-' when there are none. */
export function quantileText(sorted: readonly number[], q: number): string {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(0) : '-';
}
