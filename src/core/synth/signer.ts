import type { Handedness } from '../hand/types';
import type { HandProportions } from './handProportions';
import { AVERAGE_HAND, varyProportions } from './handProportions';
import type { SeededRandom } from './random';

/** Everything that makes one synthetic signer differ from another. Angles in degrees, times in seconds. */
export interface Signer {
  handedness: Handedness;
  proportions: HandProportions;
  /** 1 is average; 1.25 signs a quarter faster. */
  speed: number;
  /** Constant offsets added to every joint angle of every pose (this signer's way of forming shapes). */
  jointBias: number[];
  /** Spread of the fresh per-letter joint noise. */
  poseNoise: number;
  /** Constant turn of the hand relative to the camera. */
  rollBias: number;
  pitchBias: number;
  yawBias: number;
  /** Where the resting wrist appears in the image (0..1) and its distance from the camera (metres). */
  homeX: number;
  homeY: number;
  distance: number;
  /** Physiological tremor: amplitude (degrees) and frequency (Hz). */
  tremorDeg: number;
  tremorHz: number;
  /** Landmark detection noise, standard deviation in image units. */
  jitter: number;
  /** Chance that a frame starts a run of frames without a detected hand. */
  dropRate: number;
  /** Detection confidence reported for this signer's hand. */
  score: number;
}

export interface SignerOverrides {
  handedness?: Handedness;
  speed?: number;
  dropRate?: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Draws a signer. The draws happen in a fixed order whatever the overrides, so overriding one trait
 * (say handedness) leaves every other trait of that seed unchanged.
 */
export function sampleSigner(rng: SeededRandom, overrides: SignerOverrides = {}): Signer {
  const leftHanded = rng.chance(0.25);
  const handLength = clamp(rng.normal(0.185, 0.012), 0.16, 0.21);
  const proportions = varyProportions(AVERAGE_HAND, handLength, () => clamp(rng.normal(1, 0.025), 0.93, 1.07));
  const speed = rng.range(0.8, 1.25);
  const jointBias = Array.from({ length: 20 }, () => rng.normal(0, 3.5));
  const signer: Signer = {
    handedness: leftHanded ? 'Left' : 'Right',
    proportions,
    speed,
    jointBias,
    poseNoise: rng.range(1.5, 4),
    rollBias: rng.normal(0, 7),
    pitchBias: rng.normal(18, 7),
    yawBias: rng.normal(0, 9),
    homeX: rng.range(0.4, 0.6),
    homeY: rng.range(0.5, 0.68),
    distance: rng.range(0.45, 0.75),
    tremorDeg: rng.range(0.05, 0.3),
    tremorHz: rng.range(8, 11),
    jitter: rng.range(0.0001, 0.0005),
    dropRate: rng.range(0.005, 0.02),
    score: rng.range(0.86, 0.99),
  };
  if (overrides.handedness) signer.handedness = overrides.handedness;
  if (overrides.speed !== undefined) signer.speed = overrides.speed;
  if (overrides.dropRate !== undefined) signer.dropRate = overrides.dropRate;
  return signer;
}
