import type { DetectorSettings } from '../core/model/profile';
import {
  checkDetectorEvent,
  type DetectorEvent,
  type DetectorRequest,
  type FrameDetection,
  type HelloEvent,
  type ResultEvent,
} from '../protocol/detectorMessages';

/** Carries requests to a detector page: a WebSocket (headless Chromium) or a webview's postMessage. */
export interface DetectorChannel {
  send(request: DetectorRequest): void;
}

/** What a video's frames are handed to, in presentation order. */
export interface VideoListener {
  frame(result: ResultEvent): void;
  done(frames: number): void;
  failed(error: string): void;
}

/** The detector page failed, went away, or broke the protocol. */
export class DetectorError extends Error {}

interface Pending {
  resolve: (detection: FrameDetection) => void;
  reject: (error: Error) => void;
}

/**
 * The host's side of the detector protocol, whatever carries it: requests go out through the channel,
 * events come in through `receive` (checked there), and each is matched to the request it answers.
 */
export class DetectorClient {
  private nextId = 1;
  private readonly images = new Map<number, Pending>();
  private readonly videos = new Map<number, VideoListener>();
  private readonly opening = new Map<string, { resolve: (initMs: number) => void; reject: (error: Error) => void }>();
  private readonly helloWaiters: Array<(hello: HelloEvent) => void> = [];
  private helloEvent: HelloEvent | null = null;
  private brokenBy: DetectorError | null = null;
  /** Problems the page reported that belong to no request (script errors), for the log. */
  onProblem: (text: string) => void = () => undefined;

  constructor(private readonly channel: DetectorChannel) {}

  /** The page's hello, once it came. */
  hello(): Promise<HelloEvent> {
    if (this.helloEvent) return Promise.resolve(this.helloEvent);
    if (this.brokenBy) return Promise.reject(this.brokenBy);
    return new Promise((resolve) => this.helloWaiters.push(resolve));
  }

  /** Loads a Hands instance with `options` under `name`; resolves with its start-up time in ms. */
  openTracker(name: string, options: DetectorSettings): Promise<number> {
    if (this.brokenBy) return Promise.reject(this.brokenBy);
    return new Promise((resolve, reject) => {
      this.opening.set(name, { resolve, reject });
      this.channel.send({ type: 'open', tracker: name, options });
    });
  }

  closeTracker(name: string): void {
    if (!this.brokenBy) this.channel.send({ type: 'close', tracker: name });
  }

  /** Landmarks of one encoded image; `still` forgets the tracked hand first. */
  detectImage(tracker: string, bytes: Uint8Array, still = false): Promise<FrameDetection> {
    if (this.brokenBy) return Promise.reject(this.brokenBy);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.images.set(id, { resolve, reject });
      this.channel.send({ type: 'image', id, tracker, bytes, still });
    });
  }

  /** Starts a video; send its chunks with `sendChunk`, then `endVideo`. Returns the video's id. */
  startVideo(request: Omit<Extract<DetectorRequest, { type: 'videoStart' }>, 'type' | 'id'>, listener: VideoListener): number {
    const id = this.nextId++;
    if (this.brokenBy) {
      listener.failed(this.brokenBy.message);
      return id;
    }
    this.videos.set(id, listener);
    this.channel.send({ type: 'videoStart', id, ...request });
    return id;
  }

  sendChunk(id: number, key: boolean, timestampUs: number, bytes: Uint8Array): void {
    if (this.videos.has(id)) this.channel.send({ type: 'videoChunk', id, key, timestampUs, bytes });
  }

  endVideo(id: number): void {
    if (this.videos.has(id)) this.channel.send({ type: 'videoEnd', id });
  }

  /** Forgets a video (cancelled): its later events are dropped. */
  dropVideo(id: number): void {
    this.videos.delete(id);
  }

  /** One event from the page, not yet checked. */
  receive(raw: unknown): void {
    let event: DetectorEvent;
    try {
      event = checkDetectorEvent(raw);
    } catch (err) {
      this.fail(`the detector page sent a bad message: ${(err as Error).message}`);
      return;
    }
    switch (event.type) {
      case 'hello':
        this.helloEvent = event;
        for (const w of this.helloWaiters.splice(0)) w(event);
        break;
      case 'opened':
        this.opening.get(event.tracker)?.resolve(event.initMs);
        this.opening.delete(event.tracker);
        break;
      case 'result': {
        const image = this.images.get(event.id);
        if (image) {
          this.images.delete(event.id);
          image.resolve(event.detection);
        } else this.videos.get(event.id)?.frame(event);
        break;
      }
      case 'videoDone':
        this.videos.get(event.id)?.done(event.frames);
        this.videos.delete(event.id);
        break;
      case 'failed':
        this.failed(event.id, event.tracker, event.error);
        break;
    }
  }

  /** The channel is gone: every request still open fails with `reason`. */
  fail(reason: string): void {
    if (this.brokenBy) return;
    this.brokenBy = new DetectorError(reason);
    for (const p of this.images.values()) p.reject(this.brokenBy);
    for (const o of this.opening.values()) o.reject(this.brokenBy);
    for (const v of this.videos.values()) v.failed(reason);
    this.images.clear();
    this.opening.clear();
    this.videos.clear();
  }

  /** Why the client stopped working, if it did. */
  get failure(): DetectorError | null {
    return this.brokenBy;
  }

  private failed(id: number, tracker: string, error: string): void {
    if (id === -1 && tracker && this.opening.has(tracker)) {
      this.opening.get(tracker)!.reject(new DetectorError(error));
      this.opening.delete(tracker);
      return;
    }
    const image = this.images.get(id);
    if (image) {
      this.images.delete(id);
      image.reject(new DetectorError(error));
      return;
    }
    const video = this.videos.get(id);
    if (video) {
      this.videos.delete(id);
      video.failed(error);
      return;
    }
    this.onProblem(error);
  }
}
