import {
  checkDetectorRequest,
  type DetectorEvent,
  type DetectorRequest,
  type ImageRequest,
  type VideoStartRequest,
} from '../protocol/detectorMessages';
import { decodeImage, encodeJpeg } from './decodeImage';
import { Tracker } from './tracker';
import { VideoFrames } from './videoFrames';
import { videoFrameToBitmap } from './videoFrameRgb';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

interface Video {
  tracker: string;
  frames: Promise<VideoFrames>;
}

/**
 * The detector page's side of the protocol, whatever carries it (a WebSocket in headless Chromium,
 * postMessage in a webview): checks each request, runs it, and posts the events. Detection runs one
 * frame at a time across all trackers: they share the page's one thread.
 */
export class DetectorEndpoint {
  private readonly trackers = new Map<string, Promise<Tracker>>();
  private readonly videos = new Map<number, Video>();
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    /** Where hands.js and its files are served, ending in '/'. */
    private readonly assetsBase: string,
    private readonly post: (event: DetectorEvent) => void,
  ) {}

  hello(): void {
    this.post({ type: 'hello', userAgent: navigator.userAgent, webCodecs: typeof VideoDecoder !== 'undefined' });
  }

  /** One request, not yet checked. A request that is not one is answered with a `failed` event. */
  handle(raw: unknown): void {
    let request: DetectorRequest;
    try {
      request = checkDetectorRequest(raw);
    } catch (err) {
      this.post({ type: 'failed', id: -1, tracker: '', error: message(err) });
      return;
    }
    switch (request.type) {
      case 'open':
        this.open(request.tracker, request);
        break;
      case 'close':
        void this.close(request.tracker);
        break;
      case 'image':
        void this.image(request);
        break;
      case 'videoStart':
        this.startVideo(request);
        break;
      case 'videoChunk': {
        const video = this.videos.get(request.id);
        void video?.frames.then((f) => f.decode(request), () => undefined);
        break;
      }
      case 'videoEnd': {
        const video = this.videos.get(request.id);
        void video?.frames.then((f) => f.end(), () => undefined);
        break;
      }
    }
  }

  private open(name: string, request: Extract<DetectorRequest, { type: 'open' }>): void {
    const started = performance.now();
    const opening = this.exclusive(() => Tracker.open(this.assetsBase, request.options));
    this.trackers.set(name, opening);
    opening.then(
      () => this.post({ type: 'opened', tracker: name, initMs: performance.now() - started }),
      (err) => {
        this.trackers.delete(name);
        this.post({ type: 'failed', id: -1, tracker: name, error: `the hand detector did not start: ${message(err)}` });
      },
    );
  }

  private async close(name: string): Promise<void> {
    const tracker = this.trackers.get(name);
    this.trackers.delete(name);
    await tracker?.then((t) => t.close()).catch(() => undefined);
  }

  private tracker(name: string): Promise<Tracker> {
    const tracker = this.trackers.get(name);
    if (!tracker) return Promise.reject(new Error(`no tracker '${name}': open it first`));
    return tracker;
  }

  private async image(request: ImageRequest): Promise<void> {
    try {
      const tracker = await this.tracker(request.tracker);
      let decoded;
      try {
        decoded = await decodeImage(request.bytes);
      } catch (err) {
        this.post({ type: 'result', id: request.id, frame: -1, timestampUs: -1, detection: { status: 'undecodable', error: message(err) }, image: null });
        return;
      }
      const { bitmap, width, height } = decoded;
      const detection = await this.exclusive(() => tracker.detect(bitmap, request.still, { width, height })).finally(() => bitmap.close());
      this.post({ type: 'result', id: request.id, frame: -1, timestampUs: -1, detection, image: null });
    } catch (err) {
      this.post({ type: 'failed', id: request.id, tracker: request.tracker, error: message(err) });
    }
  }

  private startVideo(request: VideoStartRequest): void {
    const frames = VideoFrames.start(request);
    this.videos.set(request.id, { tracker: request.tracker, frames });
    void this.runVideo(request, frames).finally(() => this.videos.delete(request.id));
  }

  private async runVideo(request: VideoStartRequest, starting: Promise<VideoFrames>): Promise<void> {
    let frames: VideoFrames | null = null;
    let count = 0;
    try {
      const tracker = await this.tracker(request.tracker);
      frames = await starting;
      for (let frame = await frames.next(); frame; frame = await frames.next()) {
        const timestampUs = frame.timestamp;
        const bitmap = await videoFrameToBitmap(frame);
        frame.close();
        try {
          const detection = await this.exclusive(() => tracker.detect(bitmap, false));
          const image = request.jpegQuality === null ? null : await encodeJpeg(bitmap, request.jpegQuality);
          this.post({ type: 'result', id: request.id, frame: count++, timestampUs, detection, image });
        } finally {
          bitmap.close();
        }
      }
      this.post({ type: 'videoDone', id: request.id, frames: count });
    } catch (err) {
      this.post({ type: 'failed', id: request.id, tracker: request.tracker, error: message(err) });
    } finally {
      frames?.close();
    }
  }

  /** Runs `work` when the detection before it has finished. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work);
    this.turn = result.catch(() => undefined);
    return result;
  }
}
