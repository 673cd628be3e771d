import type { HandObservation } from '../hand/types';
import type { FrameObjectsSession, LabelSpan, SessionFrame, TargetChange } from '../session/types';
import type { HandState } from './handState';
import { SeededRandom } from './random';
import type { Signer, SignerOverrides } from './signer';
import { sampleSigner } from './signer';
import { textToClassLabels } from './fingerspellingText';
import { buildTimeline, stateAt, timelineDuration, type Segment } from './timeline';
import { renderLandmarks } from './renderHand';

export interface SynthOptions extends SignerOverrides {
  seed?: number;
  fps?: number;
  /** Practice mode: a target change announces each letter, which is then held four times as long (the backend needs 32 frames after a target change before it answers). */
  practice?: boolean;
}

export interface SynthResult {
  session: FrameObjectsSession;
  signer: Signer;
  segments: Segment[];
}

const DEFAULT_FPS = 30;
const COORDINATE_DECIMALS = 6;
const round = (v: number, decimals: number) => {
  const k = 10 ** decimals;
  return Math.round(v * k) / k;
};

function withTremor(state: HandState, signer: Signer, t: number, phase: number): HandState {
  const w = 2 * Math.PI * signer.tremorHz * t;
  const a = signer.tremorDeg;
  return {
    ...state,
    roll: state.roll + a * Math.sin(w + phase),
    pitch: state.pitch + a * Math.sin(1.07 * w + 2 * phase),
    yaw: state.yaw + 0.5 * a * Math.sin(0.93 * w + 3 * phase),
  };
}

/**
 * A fingerspelled session of `text` (see textToClassLabels): frames of one synthetic signer's hand,
 * ground-truth label spans, and in practice mode target changes. Identical for identical arguments.
 * A label span starts halfway through the movement into a sign and ends when the hand moves on.
 */
export function synthesizeFingerspelling(text: string, options: SynthOptions = {}): SynthResult {
  const labels = textToClassLabels(text);
  const seed = options.seed ?? 1;
  const fps = options.fps ?? DEFAULT_FPS;
  if (!(Number.isFinite(fps) && fps > 0 && fps <= 240)) throw new RangeError(`fps: expected a number in (0, 240], found ${fps}`);
  const root = new SeededRandom(seed);
  const signerRng = root.fork();
  const timelineRng = root.fork();
  const jitterRng = root.fork();
  const dropRng = root.fork();
  const tremorPhase = root.range(0, 2 * Math.PI);

  const signer = sampleSigner(signerRng, options);
  const segments = buildTimeline(labels, signer, timelineRng, { holdScale: options.practice ? 4 : 1 });
  const duration = timelineDuration(segments);
  const frameCount = Math.floor(duration * fps) + 1;
  const noise = () => jitterRng.normal();

  const frames: SessionFrame[] = [];
  let dropLeft = 0;
  for (let i = 0; i < frameCount; i++) {
    const seconds = i / fps;
    const t = round((i * 1000) / fps, 3);
    // Jitter is drawn for every frame, dropped or not, so the drop pattern never shifts the noise.
    const landmarks = renderLandmarks(withTremor(stateAt(segments, seconds), signer, seconds, tremorPhase), signer, noise);
    if (dropLeft === 0 && dropRng.chance(signer.dropRate)) dropLeft = dropRng.int(1, 4);
    const hands: HandObservation[] = [];
    if (dropLeft > 0) {
      dropLeft--;
    } else {
      for (let k = 0; k < landmarks.length; k++) landmarks[k] = round(landmarks[k], COORDINATE_DECIMALS);
      hands.push({ handedness: signer.handedness, score: round(signer.score, 3), landmarks });
    }
    frames.push({ index: i, t, hands });
  }

  const ms = (s: number) => round(s * 1000, 3);
  const labelSpans: LabelSpan[] = segments
    .filter((s) => s.kind === 'sign')
    .map((s) => ({ t0: ms((s.enterStart + s.holdStart) / 2), t1: ms(s.holdEnd), text: s.label }));

  const targets: TargetChange[] = [];
  if (options.practice) {
    for (const s of segments) {
      if (s.kind !== 'sign' || s.label.length !== 1) continue;
      const beforeFrame = Math.ceil(s.enterStart * fps - 1e-9);
      targets.push({ t: ms(beforeFrame / fps), letter: s.label, beforeFrame });
    }
  }

  const session: FrameObjectsSession = {
    header: {
      type: 'header',
      format: 'landmark-session',
      version: 1,
      fps,
      source: 'landmark-lens synth',
      synth: { text, seed, handedness: signer.handedness, speed: round(signer.speed, 3), practice: !!options.practice },
    },
    frames,
    targets,
    labels: labelSpans,
    problems: [],
  };
  return { session, signer, segments };
}
