import type { HandObservation } from '../core/hand/types';
import type { DetectedFrame, LiveDetectors, LiveFrameDetector } from '../core/live/liveDetector';
import type { DetectorSettings } from '../core/model/profile';
import { errorText } from '../core/errorText';
import type { FrameDetection } from '../protocol/detectorMessages';
import { HeadlessDetector, type HeadlessDetectorOptions } from './headlessDetector';

export function toDetectedFrame(detection: FrameDetection): DetectedFrame {
  if (detection.status === 'undecodable') return { kind: 'undecodable', error: detection.error };
  if (detection.status === 'no-hand') return { kind: 'no-hand', detectorMs: detection.detectorMs };
  const hands: HandObservation[] = detection.hands.map((h) => ({ landmarks: Float64Array.from(h.landmarks), handedness: h.handedness, score: h.score }));
  return { kind: 'hands', hands, detectorMs: detection.detectorMs };
}

/**
 * The live server's hand detectors in one headless Chromium, started at once in the background: a
 * tracker per client, or one for all with `shared` (the backend's one detector). Until Chromium is up,
 * camera frames wait for it; if it cannot start, they are answered with why and how to enable it.
 */
export class HeadlessLiveDetectors implements LiveDetectors {
  readonly ready: Promise<HeadlessDetector | null>;
  private failure: string | null = null;
  private sharedTracker: Promise<string> | null = null;

  constructor(
    private readonly settings: DetectorSettings,
    private readonly shared: boolean,
    options: HeadlessDetectorOptions = {},
  ) {
    this.ready = HeadlessDetector.start(options).catch((err: unknown) => {
      this.failure = errorText(err);
      return null;
    });
  }

  /** Why there is no detector, once starting failed. */
  get unavailable(): string | null {
    return this.failure;
  }

  forClient(clientId: number): LiveFrameDetector | { unavailable: string } {
    if (this.failure) return { unavailable: this.failure };
    const name = this.shared ? 'shared' : `client-${clientId}`;
    let tracker: Promise<string> | null = null;
    const open = async (): Promise<{ detector: HeadlessDetector; name: string }> => {
      const detector = await this.ready;
      if (!detector) throw new Error(this.failure ?? 'the hand detector did not start');
      if (this.shared) this.sharedTracker ??= detector.client.openTracker(name, this.settings).then(() => name);
      else tracker ??= detector.client.openTracker(name, this.settings).then(() => name);
      await (this.shared ? this.sharedTracker : tracker);
      return { detector, name };
    };
    return {
      detect: async (image) => {
        const { detector } = await open();
        return toDetectedFrame(await detector.client.detectImage(name, image, false));
      },
      close: () => {
        if (this.shared || !tracker) return;
        void this.ready.then((d) => d?.client.closeTracker(name));
      },
    };
  }

  async close(): Promise<void> {
    const detector = await this.ready;
    await detector?.close();
  }
}
