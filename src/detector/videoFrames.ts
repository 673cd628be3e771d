import type { VideoChunkRequest, VideoStartRequest } from '../protocol/detectorMessages';

/**
 * A video decoded with WebCodecs, every frame exactly once and in presentation order, whatever the
 * machine's load: the host demuxes the file and sends each encoded sample. (Playing a <video> and
 * taking frames with requestVideoFrameCallback skips frames whenever the page is busy longer than a
 * frame lasts; seeking can return one frame again and again.)
 */
export class VideoFrames {
  private readonly decoder: VideoDecoder;
  private readonly ready: VideoFrame[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private flushed = false;

  private constructor() {
    this.decoder = new VideoDecoder({
      output: (frame) => {
        this.ready.push(frame);
        this.notify();
      },
      error: (err) => {
        this.failure = new Error(`the video decoder failed: ${err.message}`);
        this.notify();
      },
    });
  }

  /** Configures a decoder for the track; rejects with a message naming the codec when the browser cannot decode it. */
  static async start(request: VideoStartRequest): Promise<VideoFrames> {
    if (typeof VideoDecoder === 'undefined') throw new Error('this browser has no WebCodecs VideoDecoder');
    const config: VideoDecoderConfig = { codec: request.codec, codedWidth: request.codedWidth, codedHeight: request.codedHeight };
    if (request.description) config.description = request.description as Uint8Array<ArrayBuffer>;
    let supported = false;
    try {
      supported = (await VideoDecoder.isConfigSupported(config)).supported === true;
    } catch {
      supported = false;
    }
    if (!supported) throw new Error(`this browser cannot decode codec ${request.codec}`);
    const frames = new VideoFrames();
    frames.decoder.configure(config);
    return frames;
  }

  decode(chunk: VideoChunkRequest): void {
    if (this.failure) return;
    try {
      this.decoder.decode(new EncodedVideoChunk({ type: chunk.key ? 'key' : 'delta', timestamp: chunk.timestampUs, data: chunk.bytes as Uint8Array<ArrayBuffer> }));
    } catch (err) {
      this.failure = new Error(`the video decoder refused a frame: ${(err as Error).message}`);
      this.notify();
    }
  }

  /** No more chunks: the frames still in the decoder come out. */
  end(): void {
    this.decoder
      .flush()
      .catch((err: Error) => {
        this.failure ??= new Error(`the video decoder failed: ${err.message}`);
      })
      .finally(() => {
        this.flushed = true;
        this.notify();
      });
  }

  /** The next decoded frame, or null after the last; throws the decoder's error. */
  async next(): Promise<VideoFrame | null> {
    for (;;) {
      if (this.failure) throw this.failure;
      const frame = this.ready.shift();
      if (frame) return frame;
      if (this.flushed) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    for (const frame of this.ready.splice(0)) frame.close();
    if (this.decoder.state !== 'closed') this.decoder.close();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
