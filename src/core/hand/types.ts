/**
 * One frame's hand: 63 values (x0, y0, z0, x1, ...) in MediaPipe order; x, y in 0..1 of the image,
 * z relative depth. Float64 so values read from a file are kept exactly as written.
 */
export type Landmarks = Float64Array;

export type Handedness = 'Left' | 'Right';

export interface HandObservation {
  landmarks: Landmarks;
  handedness?: Handedness;
  score?: number;
}
