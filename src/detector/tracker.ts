import type { DetectorSettings } from '../core/model/profile';
import type { DetectedHand, FrameDetection } from '../protocol/detectorMessages';
import { loadHands, type HandsInstance, type HandsResults } from './handsSolution';

function flatten(points: Array<{ x: number; y: number; z: number }>): number[] {
  const out = new Array<number>(points.length * 3);
  points.forEach((p, i) => {
    out[i * 3] = p.x;
    out[i * 3 + 1] = p.y;
    out[i * 3 + 2] = p.z;
  });
  return out;
}

function handsOf(results: HandsResults): DetectedHand[] {
  const landmarks = results.multiHandLandmarks ?? [];
  return landmarks.map((points, i) => {
    const world = results.multiHandWorldLandmarks?.[i];
    const handedness = results.multiHandedness?.[i];
    return {
      landmarks: flatten(points),
      worldLandmarks: world ? flatten(world) : null,
      handedness: handedness?.label === 'Left' ? 'Left' : 'Right',
      score: handedness?.score ?? 0,
    };
  });
}

/**
 * One instance of the Hands solution, with its own tracking state: a live client, a video, or a run of
 * photos. Frames go through it one at a time, in order.
 */
export class Tracker {
  private last: HandsResults = {};

  private constructor(
    private readonly hands: HandsInstance,
    private readonly settings: DetectorSettings,
  ) {
    hands.onResults((results) => {
      this.last = results;
    });
  }

  /** Loads the solution and runs one blank frame, so that the first real frame is not the slow one. */
  static async open(assetsBase: string, settings: DetectorSettings): Promise<Tracker> {
    const Hands = await loadHands(assetsBase);
    const hands = new Hands({ locateFile: (file) => new URL(file, assetsBase).href });
    hands.setOptions({
      modelComplexity: settings.modelComplexity,
      maxNumHands: settings.maxNumHands,
      minDetectionConfidence: settings.minDetectionConfidence,
      minTrackingConfidence: settings.minTrackingConfidence,
      useCpuInference: settings.useCpuInference,
      selfieMode: false,
    });
    await hands.initialize();
    const tracker = new Tracker(hands, settings);
    const blank = document.createElement('canvas');
    blank.width = 64;
    blank.height = 64;
    blank.getContext('2d')!.fillRect(0, 0, 64, 64);
    await hands.send({ image: blank });
    hands.reset();
    return tracker;
  }

  /** Landmarks of one frame. `still`: forget the tracked hand first (the JS solution has no static image mode). */
  async detect(image: ImageBitmap, still: boolean, size = { width: image.width, height: image.height }): Promise<FrameDetection> {
    if (still || this.settings.staticImageMode) this.hands.reset();
    const started = performance.now();
    this.last = {};
    await this.hands.send({ image });
    const detectorMs = performance.now() - started;
    const hands = handsOf(this.last);
    const facts = { width: size.width, height: size.height, detectorMs };
    return hands.length ? { status: 'hands', hands, ...facts } : { status: 'no-hand', ...facts };
  }

  close(): Promise<void> {
    return this.hands.close();
  }
}
