import { statSync } from 'node:fs';
import { extname } from 'node:path';
import type { DetectorSettings } from '../../core/model/profile';
import type { HandObservation } from '../../core/hand/types';
import { isSessionError } from '../../core/session/sessionError';
import { SessionWriter } from '../../core/session/sessionWriter';
import type { VideoTrack } from '../../core/video/videoTrack';
import { ChromiumMissingError } from '../../detectorhost/findChromium';
import { HeadlessDetector } from '../../detectorhost/headlessDetector';
import { ImportError, imageFiles, importImages, importVideo, readVideoTrack, type ImportedFrame } from '../../detectorhost/importFrames';
import { DetectorError } from '../../detectorhost/detectorClient';
import type { FrameDetection } from '../../protocol/detectorMessages';
import type { CliIO } from '../command';
import { UserError } from '../command';

export const VIDEO_EXTENSIONS = ['.webm', '.mkv', '.mp4', '.m4v', '.mov'];

/** Whether convert's input is camera frames (a video, or a folder of images) rather than landmarks. */
export function isMediaInput(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) return true;
  } catch {
    return false;
  }
  return VIDEO_EXTENSIONS.includes(extname(path).toLowerCase());
}

export interface MediaConvertOptions {
  input: string;
  shownInput: string;
  out: string;
  shownOut: string;
  force: boolean;
  images: boolean;
  fps?: number;
  stills: boolean;
  chromium?: string;
  signal: AbortSignal;
  detector: DetectorSettings;
}

function hands(detection: FrameDetection): HandObservation[] {
  if (detection.status !== 'hands') return [];
  return detection.hands.map((h) => ({ landmarks: Float64Array.from(h.landmarks), handedness: h.handedness, score: h.score }));
}

function videoFps(track: VideoTrack): number {
  const times = track.samples.map((s) => s.timestampUs).sort((a, b) => a - b);
  const steps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const median = steps[Math.floor(steps.length / 2)] ?? 0;
  return median > 0 ? Math.round((1e8 / median)) / 100 : 30;
}

/** A progress line redrawn in place on a terminal; nothing when stderr is not one. */
function progress(io: CliIO, total: number): { live: boolean; tick(done: number): void; end(): void } {
  const live = process.stderr.isTTY === true;
  const started = Date.now();
  let last = 0;
  return {
    live,
    tick(done) {
      if (!live || (Date.now() - last < 200 && done < total)) return;
      last = Date.now();
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      io.stderr(`\r  ${done}/${total} frames (${Math.floor((100 * done) / total)} %), ${rate.toFixed(1)} frames/s, Ctrl-C cancels `);
    },
    end() {
      if (live) io.stderr('\n');
    },
  };
}

/**
 * `convert <video|folder>`: every frame through the hand detector (headless Chromium), written as a
 * session with the video's timestamps (or --fps for images) and, with --images, each frame's image.
 */
export async function convertMedia(options: MediaConvertOptions, io: CliIO): Promise<number> {
  const folder = statSync(options.input).isDirectory();
  let track: VideoTrack | null = null;
  let files: string[] = [];
  try {
    if (folder) {
      files = await imageFiles(options.input);
      if (files.length === 0) throw new UserError(`${options.shownInput}: no .jpg, .jpeg or .png images in this folder`);
    } else {
      track = await readVideoTrack(options.input);
    }
  } catch (err) {
    if (err instanceof ImportError) throw new UserError(err.message);
    throw err;
  }
  const fps = folder ? (options.fps ?? 30) : videoFps(track!);
  if (folder && options.fps === undefined) io.stderr('note: no --fps given for the images: 30 frames/s assumed\n');
  const total = folder ? files.length : track!.samples.length;
  const source = folder ? `${options.shownInput} (${files.length} images)` : `${options.shownInput} (${track!.container} ${track!.codecName})`;

  let detector: HeadlessDetector;
  try {
    detector = await HeadlessDetector.start({ chromium: options.chromium });
  } catch (err) {
    if (err instanceof ChromiumMissingError || err instanceof DetectorError) throw new UserError(err.message);
    throw err;
  }
  let writer: SessionWriter | null = null;
  const bar = progress(io, total);
  let done = 0;
  let noHand = 0;
  let undecodable = 0;
  const detectorMs: number[] = [];
  const started = Date.now();
  try {
    try {
      writer = await SessionWriter.create(
        options.out,
        { fps, source, detector: { solution: '@mediapipe/hands', ...options.detector } },
        { overwrite: options.force, images: options.images },
      );
    } catch (err) {
      if (isSessionError(err) && err.code === 'exists') throw new UserError(`--out: ${options.shownOut} already exists; pass --force to replace it`);
      if (isSessionError(err)) throw new UserError(`--out: ${err.message}`);
      throw err;
    }
    const w = writer;
    const onFrame = async (frame: ImportedFrame) => {
      const d = frame.detection;
      if (d.status === 'undecodable') {
        undecodable++;
        io.stderr(`${bar.live ? '\n' : ''}note: ${frame.file ?? `frame ${frame.index}`}: ${d.error}; written as a frame without a hand\n`);
      } else detectorMs.push(d.detectorMs);
      if (d.status !== 'hands') noHand++;
      w.appendFrame({ t: Math.round(frame.t * 1000) / 1000, hands: hands(d) }, frame.image);
      done++;
      bar.tick(done);
      if (done % 64 === 0) await w.flush();
    };
    const importOptions = { detector: options.detector, images: options.images, signal: options.signal, onFrame };
    if (folder) await importImages(detector.client, files, fps, options.stills, importOptions);
    else await importVideo(detector.client, options.input, track!, importOptions);
    await writer.close();
  } catch (err) {
    bar.end();
    await writer?.close().catch(() => undefined);
    // Ctrl-C in a terminal reaches Chromium too: its going away is then the cancel, not a failure.
    if (!options.signal.aborted) {
      if (err instanceof ImportError || err instanceof DetectorError) throw new UserError(err.message);
      throw err;
    }
  } finally {
    await detector.close();
  }
  bar.end();
  if (options.signal.aborted) {
    io.stderr(`cancelled after ${done} of ${total} frames; ${options.shownOut} holds them\n`);
    return 130;
  }
  detectorMs.sort((a, b) => a - b);
  const p = (q: number) => (detectorMs.length ? detectorMs[Math.min(detectorMs.length - 1, Math.floor(q * detectorMs.length))].toFixed(0) : '-');
  const seconds = (Date.now() - started) / 1000;
  io.stdout(
    `wrote ${options.shownOut} from ${source}: ${done} frames (${noHand} without a hand${undecodable ? `, ${undecodable} not decodable` : ''}), ` +
      `${fps} fps${options.images ? `, images in ${writer!.imagesFolder}` : ''}; detector p50 ${p(0.5)} ms p95 ${p(0.95)} ms, ` +
      `${(done / seconds).toFixed(1)} frames/s\n`,
  );
  return 0;
}
