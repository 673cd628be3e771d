import type { DetectorSettings } from '../../core/model/profile';
import { isSessionError } from '../../core/session/sessionError';
import { ChromiumMissingError } from '../../detectorhost/findChromium';
import { HeadlessDetector } from '../../detectorhost/headlessDetector';
import { ImportError } from '../../detectorhost/importFrames';
import { DetectorError } from '../../detectorhost/detectorClient';
import {
  DEFAULT_IMAGES_FPS, describeMedia, mediaFrameCount, openMedia, quantileText, writeMediaSession, type MediaInput, type MediaSessionResult,
} from '../../detectorhost/mediaSession';
import type { CliIO } from '../command';
import { UserError } from '../command';

export { isMediaInput } from '../../detectorhost/mediaSession';

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
  let media: MediaInput;
  try {
    media = await openMedia(options.input);
  } catch (err) {
    if (err instanceof ImportError) throw new UserError(err.message.replace(options.input, options.shownInput));
    throw err;
  }
  if (media.kind === 'folder' && options.fps === undefined) io.stderr(`note: no --fps given for the images: ${DEFAULT_IMAGES_FPS} frames/s assumed\n`);
  const total = mediaFrameCount(media);
  const source = describeMedia(media, options.shownInput);

  let detector: HeadlessDetector;
  try {
    detector = await HeadlessDetector.start({ chromium: options.chromium });
  } catch (err) {
    if (err instanceof ChromiumMissingError || err instanceof DetectorError) throw new UserError(err.message);
    throw err;
  }
  const bar = progress(io, total);
  let result: MediaSessionResult;
  let done = 0;
  try {
    result = await writeMediaSession(detector.client, media, {
      out: options.out, source, overwrite: options.force, images: options.images, fps: options.fps ?? DEFAULT_IMAGES_FPS,
      stills: options.stills, detector: options.detector, signal: options.signal,
      onProgress: (n) => bar.tick((done = n)),
      onUndecodable: (frame, error) =>
        io.stderr(`${bar.live ? '\n' : ''}note: ${frame.file ?? `frame ${frame.index}`}: ${error}; written as a frame without a hand\n`),
    });
  } catch (err) {
    bar.end();
    // Ctrl-C in a terminal reaches Chromium too: its going away is then the cancel, not a failure.
    if (!options.signal.aborted) {
      if (isSessionError(err) && err.code === 'exists') throw new UserError(`--out: ${options.shownOut} already exists; pass --force to replace it`);
      if (isSessionError(err)) throw new UserError(`--out: ${err.message}`);
      if (err instanceof ImportError || err instanceof DetectorError) throw new UserError(err.message);
      throw err;
    }
    io.stderr(`cancelled after ${done} of ${total} frames; ${options.shownOut} holds them\n`);
    return 130;
  } finally {
    await detector.close();
  }
  bar.end();
  if (result.cancelled) {
    io.stderr(`cancelled after ${result.frames} of ${total} frames; ${options.shownOut} holds them\n`);
    return 130;
  }
  io.stdout(
    `wrote ${options.shownOut} from ${source}: ${result.frames} frames (${result.noHand} without a hand${result.undecodable ? `, ${result.undecodable} not decodable` : ''}), ` +
      `${result.fps} fps${options.images ? `, images in ${result.imagesFolder}` : ''}; detector p50 ${quantileText(result.detectorMs, 0.5)} ms p95 ${quantileText(result.detectorMs, 0.95)} ms, ` +
      `${(result.frames / result.seconds).toFixed(1)} frames/s\n`,
  );
  return 0;
}
