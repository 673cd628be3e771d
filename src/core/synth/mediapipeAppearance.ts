import type { HandProportions } from './handProportions';
import { FINGER_KEYS } from './handProportions';
import type { HandShape } from './handState';
import { FINGER_REST_SPREAD } from './forwardKinematics';

/**
 * How MediaPipe's 21 landmarks differ from the anatomical hand the synthesizer moves, measured on real
 * recordings (models/training/measure_hands.py: two MediaPipe Holistic .pose recordings and MediaPipe
 * Hands on a fingerspelling video, against synthesized sessions). Relative to the wrist-to-middle-MCP
 * distance, MediaPipe draws the fingers' and thumb's segments shorter than anatomy has them, bends
 * curled fingers less at the knuckle and more at the middle joint, fans the fingers less, and gives
 * about half the depth (z) range of a pinhole projection of the same hand.
 */
export const MEDIAPIPE_APPEARANCE = Object.freeze({
  /** Proximal and middle phalanges; the distal is shortened less. */
  fingerSegmentScale: 0.6,
  distalSegmentScale: 0.75,
  thumbSegmentScale: 0.68,
  thumbBaseScale: 1.12,
  mcpFlexScale: 0.65,
  pipFlexScale: 1.3,
  /** Largest middle-joint bend after scaling, degrees. */
  pipFlexMax: 135,
  thumbMcpFlexScale: 1.25,
  /** Scales each finger's rest fan (a gesture's own abduction, as R's crossed fingers, is kept). */
  spreadScale: 0.5,
  depthScale: 0.5,
});

/** The joint angles MediaPipe would report for an anatomical hand shape. */
export function appearanceShape(shape: HandShape): HandShape {
  const a = MEDIAPIPE_APPEARANCE;
  const out = { thumb: { ...shape.thumb, mcp: shape.thumb.mcp * a.thumbMcpFlexScale } } as HandShape;
  for (const key of FINGER_KEYS) {
    const j = shape[key];
    const rest = FINGER_REST_SPREAD[key];
    out[key] = {
      mcp: j.mcp * a.mcpFlexScale,
      abd: j.abd - (1 - a.spreadScale) * rest,
      pip: Math.min(a.pipFlexMax, j.pip * a.pipFlexScale),
      dip: j.dip,
    };
  }
  return out;
}

/** The segment lengths and palm points MediaPipe would report for a hand of these proportions. */
export function appearanceProportions(p: HandProportions): HandProportions {
  const a = MEDIAPIPE_APPEARANCE;
  const seg = (s: readonly number[], k: number, distal = k): [number, number, number] => [s[0] * k, s[1] * k, s[2] * distal];
  return {
    ...p,
    thumbBase: [p.thumbBase[0] * a.thumbBaseScale, p.thumbBase[1] * a.thumbBaseScale, p.thumbBase[2]],
    thumb: seg(p.thumb, a.thumbSegmentScale),
    fingers: {
      index: seg(p.fingers.index, a.fingerSegmentScale, a.distalSegmentScale),
      middle: seg(p.fingers.middle, a.fingerSegmentScale, a.distalSegmentScale),
      ring: seg(p.fingers.ring, a.fingerSegmentScale, a.distalSegmentScale),
      pinky: seg(p.fingers.pinky, a.fingerSegmentScale, a.distalSegmentScale),
    },
  };
}
