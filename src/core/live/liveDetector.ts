import type { HandObservation } from '../hand/types';

/** What the hand detector made of one camera frame, as the live pipeline needs it. */
export type DetectedFrame =
  | { kind: 'hands'; hands: HandObservation[]; detectorMs: number }
  | { kind: 'no-hand'; detectorMs: number }
  /** The bytes did not decode as an image: the backend treats it as a frame without a hand. */
  | { kind: 'undecodable'; error: string };

/** One tracker: a client's own, or the one all clients share (the profile's sharedState). */
export interface LiveFrameDetector {
  /** Landmarks of one encoded image (the app's JPEG); rejects when the detector itself failed. */
  detect(image: Uint8Array): Promise<DetectedFrame>;
  /** The client left; a shared tracker stays open. */
  close(): void;
}

/**
 * Where the live server gets hand detectors. The CLI's runs @mediapipe/hands in headless Chromium
 * (src/detectorhost/headlessLiveDetectors.ts); the extension host can implement it with a webview.
 */
export interface LiveDetectors {
  /** The tracker for a client, or a one-line reason why there is none that says how to enable it. */
  forClient(clientId: number): LiveFrameDetector | { unavailable: string };
}
