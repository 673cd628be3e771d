import { promises as fs } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { DetectorSettings } from '../core/model/profile';
import { demuxVideo } from '../core/video/demuxVideo';
import { VideoFormatError, type VideoTrack } from '../core/video/videoTrack';
import type { FrameDetection } from '../protocol/detectorMessages';
import type { SessionImage } from '../core/session/sessionImages';
import { imageTypeOf } from '../core/session/sessionImages';
import { DetectorError, type DetectorClient } from './detectorClient';
import { openFileBytes } from './fileBytes';

/** One frame of an imported video or image folder, in order. */
export interface ImportedFrame {
  index: number;
  /** ms from the first frame: the video's own presentation time, or index / fps for images. */
  t: number;
  detection: FrameDetection;
  /** The frame's image, when asked for. */
  image: SessionImage | null;
  /** For images: the file it came from. */
  file?: string;
}

export interface ImportOptions {
  detector: DetectorSettings;
  /** Keep each frame's image (videos: a JPEG of this quality). */
  images: boolean;
  jpegQuality?: number;
  signal?: AbortSignal;
  onFrame(frame: ImportedFrame): void | Promise<void>;
}

/** The input cannot be imported (format, codec, missing frames): one line saying what and what to do. */
export class ImportError extends Error {}

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png'];
/** Samples sent ahead of the results the page has answered: bounds the page's memory. */
const CHUNKS_AHEAD = 12;

let trackerCount = 0;

async function withTracker<T>(client: DetectorClient, options: ImportOptions, work: (tracker: string) => Promise<T>): Promise<T> {
  const tracker = `import-${++trackerCount}`;
  await client.openTracker(tracker, options.detector);
  try {
    return await work(tracker);
  } finally {
    client.closeTracker(tracker);
  }
}

/** The JPEG and PNG files of a folder, sorted by name (numbers in names compare as numbers). */
export async function imageFiles(folder: string): Promise<string[]> {
  const names = (await fs.readdir(folder)).filter((n) => IMAGE_EXTENSIONS.includes(extname(n).toLowerCase()));
  names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return names.map((n) => join(folder, n));
}

/** Each image of `files` through the detector as consecutive frames (tracking on unless `stills`). */
export async function importImages(
  client: DetectorClient, files: string[], fps: number, stills: boolean, options: ImportOptions,
): Promise<number> {
  return withTracker(client, options, async (tracker) => {
    let index = 0;
    for (const file of files) {
      if (options.signal?.aborted) break;
      const bytes = new Uint8Array(await fs.readFile(file));
      const detection = await client.detectImage(tracker, bytes, stills);
      const type = imageTypeOf(bytes);
      const image = options.images && type ? { bytes, type } : null;
      await options.onFrame({ index, t: (index * 1000) / fps, detection, image, file: basename(file) });
      index++;
    }
    return index;
  });
}

/** The command that makes a video the detector's browser can decode. */
function remuxHint(path: string): string {
  return `convert it to WebM VP9, e.g. ffmpeg -i ${JSON.stringify(path)} -c:v libvpx-vp9 -crf 30 -b:v 0 out.webm`;
}

/** Demuxes a video file; an unknown container or a codec without a decoder is an ImportError. */
export async function readVideoTrack(path: string): Promise<VideoTrack> {
  const source = await openFileBytes(path);
  try {
    const track = await demuxVideo(source);
    if (!track.codec) throw new ImportError(`${path}: ${track.codecName} video cannot be decoded by the detector's browser; ${remuxHint(path)}`);
    if (track.samples.length === 0) throw new ImportError(`${path}: the video track has no frames`);
    return track;
  } catch (err) {
    if (err instanceof VideoFormatError) throw new ImportError(`${path}: ${err.message}`);
    throw err;
  } finally {
    await source.close();
  }
}

/**
 * Every frame of a video through the detector, tracking across frames: the host demuxes, the page
 * decodes (WebCodecs) and detects. Checks that it answered as many frames as the container holds.
 */
export async function importVideo(client: DetectorClient, path: string, track: VideoTrack, options: ImportOptions): Promise<number> {
  const source = await openFileBytes(path);
  try {
    return await withTracker(client, options, (tracker) => streamVideo(client, tracker, path, track, source, options));
  } finally {
    await source.close();
  }
}

async function streamVideo(
  client: DetectorClient, tracker: string, path: string, track: VideoTrack, source: Awaited<ReturnType<typeof openFileBytes>>, options: ImportOptions,
): Promise<number> {
  let answered = 0;
  let wake: (() => void) | null = null;
  let failure: string | null = null;
  let finished: number | null = null;
  let writing: Promise<void> = Promise.resolve();
  const first = Math.min(...track.samples.map((s) => s.timestampUs));
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const id = client.startVideo(
    {
      tracker, codec: track.codec!, description: track.description, codedWidth: track.width, codedHeight: track.height,
      jpegQuality: options.images ? (options.jpegQuality ?? 0.9) : null,
    },
    {
      frame: (result) => {
        answered++;
        const frame: ImportedFrame = {
          index: result.frame,
          t: (result.timestampUs - first) / 1000,
          detection: result.detection,
          image: result.image ? { bytes: result.image, type: 'jpeg' } : null,
        };
        writing = writing.then(() => options.onFrame(frame));
        notify();
      },
      done: (frames) => {
        finished = frames;
        notify();
      },
      failed: (error) => {
        failure = error;
        notify();
      },
    },
  );
  const waitFor = async (ready: () => boolean) => {
    while (!ready() && failure === null && !options.signal?.aborted) {
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  options.signal?.addEventListener('abort', notify);
  try {
    await sendSamples();
  } finally {
    options.signal?.removeEventListener('abort', notify);
  }
  async function sendSamples(): Promise<void> {
    for (let i = 0; i < track.samples.length; i++) {
      await waitFor(() => i - answered < CHUNKS_AHEAD);
      if (failure !== null || options.signal?.aborted) break;
      const sample = track.samples[i];
      client.sendChunk(id, sample.key, sample.timestampUs, await source.read(sample.offset, sample.size));
    }
    if (failure === null && !options.signal?.aborted) {
      client.endVideo(id);
      await waitFor(() => finished !== null);
    }
  }
  if (options.signal?.aborted) client.dropVideo(id);
  await writing;
  if (failure !== null) {
    const error: string = failure;
    if (/cannot decode codec/.test(error)) {
      throw new ImportError(`${path}: ${track.codecName} video (${track.codec}) cannot be decoded by this browser; ${remuxHint(path)}`);
    }
    throw new DetectorError(`${path}: ${error}`);
  }
  if (options.signal?.aborted) return answered;
  if (finished !== track.samples.length) {
    throw new ImportError(`${path}: the decoder gave ${finished} frames but the ${track.container} container holds ${track.samples.length}`);
  }
  return answered;
}
