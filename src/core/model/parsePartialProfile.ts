import type { PipelineProfile } from './profile';
import { ModelProfileError } from './modelProfileError';

/** Profile fields as a sidecar, ONNX metadata or settings give them: any subset, decoder fields too. */
export type PartialProfile = Partial<Omit<PipelineProfile, 'decoder' | 'detector'>> & {
  decoder?: Partial<PipelineProfile['decoder']>;
  detector?: Partial<PipelineProfile['detector']>;
};

const CHOICES: Record<string, readonly string[]> = {
  normalization: ['wrist-maxabs', 'none'],
  softmax: ['always', 'never'],
  inputLayout: ['flat', 'points'],
};

const FIELDS = [
  'windowSize',
  'smoothingWindow',
  'throttleMs',
  'throttleDelta',
  'defaultReply',
  'labels',
  'normalization',
  'softmax',
  'inputLayout',
  'roundDecimals',
  'decoder',
  'inputName',
  'outputName',
  'detector',
  'sharedState',
] as const;

/** The largest windowSize and smoothingWindow: beyond it a window is no longer a sign, and memory grows per client. */
export const MAX_FRAMES = 4096;

const DETECTOR_FIELDS = ['modelComplexity', 'maxNumHands', 'minDetectionConfidence', 'minTrackingConfidence', 'staticImageMode', 'useCpuInference'];

/**
 * Checks a profile object field by field. `where` names its origin (a file, a metadata key, a
 * setting) for the one-line error: `<where>: field 'x': expected ..., got ...`.
 */
export function parsePartialProfile(value: unknown, where: string): PartialProfile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelProfileError(`${where}: expected a JSON object of profile fields, got ${describe(value)}`);
  }
  const out: PartialProfile = {};
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new ModelProfileError(`${where}: field '${field}': expected ${expected}, got ${describe(got)}`);
  };
  const positiveInt = (field: string, v: unknown): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : fail(field, 'a positive integer', v);
  const nonNegative = (field: string, v: unknown): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fail(field, 'a number >= 0', v);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    switch (key) {
      case 'windowSize':
      case 'smoothingWindow':
        out[key] = positiveInt(key, v);
        if (out[key]! > MAX_FRAMES) fail(key, `a positive integer up to ${MAX_FRAMES} (frames; ${MAX_FRAMES} is over two minutes at 30 fps, and every live client holds a window)`, v);
        break;
      case 'throttleMs':
      case 'throttleDelta':
        out[key] = nonNegative(key, v);
        break;
      case 'roundDecimals':
        out.roundDecimals =
          typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 15 ? v : fail(key, 'an integer 0..15', v);
        break;
      case 'inputName':
      case 'outputName':
        out[key] = typeof v === 'string' ? v : fail(key, 'a string', v);
        break;
      case 'normalization':
      case 'softmax':
      case 'inputLayout': {
        const choices = CHOICES[key];
        if (typeof v !== 'string' || !choices.includes(v)) fail(key, `one of ${choices.map((c) => `"${c}"`).join(', ')}`, v);
        (out as Record<string, unknown>)[key] = v;
        break;
      }
      case 'labels':
        if (!Array.isArray(v) || v.length === 0 || !v.every((l) => typeof l === 'string' && l.length > 0)) {
          fail(key, 'a non-empty array of non-empty strings', v);
        }
        out.labels = [...(v as string[])];
        break;
      case 'defaultReply': {
        const r = v as { maxarg_letter?: unknown; target_arg_prob?: unknown };
        if (typeof v !== 'object' || v === null || typeof r.maxarg_letter !== 'string' || typeof r.target_arg_prob !== 'number') {
          fail(key, '{"maxarg_letter": <string>, "target_arg_prob": <number>}', v);
        }
        out.defaultReply = { maxarg_letter: r.maxarg_letter as string, target_arg_prob: r.target_arg_prob as number };
        break;
      }
      case 'decoder': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(key, 'an object {holdFrames, minProb}', v);
        const d: Partial<PipelineProfile['decoder']> = {};
        for (const [dk, dv] of Object.entries(v as Record<string, unknown>)) {
          if (dk === 'holdFrames') d.holdFrames = positiveInt('decoder.holdFrames', dv);
          else if (dk === 'minProb') {
            d.minProb = typeof dv === 'number' && dv >= 0 && dv <= 1 ? dv : fail('decoder.minProb', 'a number 0..1', dv);
          } else fail(`decoder.${dk}`, 'one of holdFrames, minProb (unknown field)', dk);
        }
        out.decoder = d;
        break;
      }
      case 'detector':
        out.detector = parseDetector(v, fail);
        break;
      case 'sharedState':
        out.sharedState = typeof v === 'boolean' ? v : fail(key, 'true or false', v);
        break;
      default:
        throw new ModelProfileError(`${where}: unknown field '${key}'; known fields: ${FIELDS.join(', ')}`);
    }
  }
  return out;
}

type Fail = (field: string, expected: string, got: unknown) => never;

function parseDetector(v: unknown, fail: Fail): Partial<PipelineProfile['detector']> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('detector', `an object of ${DETECTOR_FIELDS.join(', ')}`, v);
  const d: Partial<PipelineProfile['detector']> = {};
  const unit = (field: string, x: unknown): number =>
    typeof x === 'number' && x >= 0 && x <= 1 ? x : fail(`detector.${field}`, 'a number 0..1', x);
  const bool = (field: string, x: unknown): boolean => (typeof x === 'boolean' ? x : fail(`detector.${field}`, 'true or false', x));
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'modelComplexity') d.modelComplexity = x === 0 || x === 1 ? x : fail('detector.modelComplexity', '0 (lite) or 1 (full)', x);
    else if (k === 'maxNumHands') {
      d.maxNumHands = typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 4 ? x : fail('detector.maxNumHands', 'an integer 1..4', x);
    } else if (k === 'minDetectionConfidence' || k === 'minTrackingConfidence') d[k] = unit(k, x);
    else if (k === 'staticImageMode' || k === 'useCpuInference') d[k] = bool(k, x);
    else fail(`detector.${k}`, `one of ${DETECTOR_FIELDS.join(', ')} (unknown field)`, k);
  }
  return d;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
