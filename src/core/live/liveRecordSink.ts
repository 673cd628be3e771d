import type { Landmarks } from '../hand/types';
import type { BackendReply } from '../model/profile';

/**
 * Where a live client's stream goes while it is recorded, in the order things happened. Times are the
 * wall-clock times the pipeline used, so a replay of the recording throttles exactly as live did.
 */
export interface LiveRecordSink {
  /** `image`: the camera frame (JPEG) the landmarks came from, kept by a sink that records images. */
  frame(t: number, landmarks: Landmarks | null, image?: Uint8Array): void;
  target(t: number, letter: string | null): void;
  /** A reply that went out on the socket, at the time of the frame or target change that produced it. */
  reply(t: number, reply: BackendReply): void;
}
