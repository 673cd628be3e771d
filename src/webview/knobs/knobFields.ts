/**
 * The replay panel's knobs: which profile values they set, how each is edited and checked, and how the
 * knob values map back to a pipeline profile (to recompute with, and to save as a sidecar).
 */
import type { PipelineProfile, ProfileSource } from '../../core/model/profile';
import type { TargetChoice } from '../../core/pipeline/replyPass';
import type { KnobValues } from '../../protocol/messages';

export type KnobName = keyof KnobValues;

export interface KnobField {
  name: KnobName;
  label: string;
  /** The profile field the knob sets (decoder's two knobs share `decoder`); null for the target. */
  profileKey: keyof PipelineProfile | null;
  kind: 'integer' | 'number' | 'choice' | 'target';
  min?: number;
  max?: number;
  step?: number;
  choices?: readonly string[];
  /** True when a change needs the model to run again (the windows change). */
  needsModel: boolean;
  help: string;
}

/** The smoothing fill travels as a byte (results.smoothingFill). */
const MAX_SMOOTHING = 255;

export const KNOB_FIELDS: readonly KnobField[] = [
  { name: 'smoothingWindow', label: 'Smoothing window', profileKey: 'smoothingWindow', kind: 'integer', min: 1, max: MAX_SMOOTHING, step: 1, needsModel: false, help: 'Distributions averaged before a reply (frames)' },
  { name: 'throttleMs', label: 'Throttle interval (ms)', profileKey: 'throttleMs', kind: 'number', min: 0, step: 5, needsModel: false, help: 'Least time between two sent replies' },
  { name: 'throttleDelta', label: 'Throttle delta', profileKey: 'throttleDelta', kind: 'number', min: 0, max: 1, step: 0.01, needsModel: false, help: 'Probability change that lets a reply of the same letter out' },
  { name: 'target', label: 'Target letter', profileKey: null, kind: 'target', needsModel: false, help: "The session's own target changes, free mode, or one letter throughout" },
  { name: 'softmax', label: 'Softmax policy', profileKey: 'softmax', kind: 'choice', choices: ['always', 'never'], needsModel: false, help: "'always' applies the backend's softmax to the model's output" },
  { name: 'holdFrames', label: 'Decoder hold (frames)', profileKey: 'decoder', kind: 'integer', min: 1, max: 10_000, step: 1, needsModel: false, help: 'Smoothed frames a letter must lead before it is written' },
  { name: 'minProb', label: 'Decoder minimum probability', profileKey: 'decoder', kind: 'number', min: 0, max: 1, step: 0.05, needsModel: false, help: 'Smoothed probability a letter must reach to count' },
  { name: 'windowSize', label: 'Window size (frames)', profileKey: 'windowSize', kind: 'integer', min: 1, max: 10_000, step: 1, needsModel: true, help: 'Frames per model window: needs the model' },
  { name: 'normalization', label: 'Normalization', profileKey: 'normalization', kind: 'choice', choices: ['wrist-maxabs', 'none'], needsModel: true, help: 'Per-frame normalization of the window: needs the model' },
  { name: 'inputLayout', label: 'Input layout', profileKey: 'inputLayout', kind: 'choice', choices: ['flat', 'points'], needsModel: true, help: "The model input's shape: needs the model" },
];

export function knobField(name: KnobName): KnobField {
  const field = KNOB_FIELDS.find((f) => f.name === name);
  if (!field) throw new Error(`no knob named '${name}'`);
  return field;
}

/** The knob values of a resolved profile (the target: the session's own). */
export function knobsOfProfile(profile: PipelineProfile): KnobValues {
  return {
    smoothingWindow: profile.smoothingWindow,
    throttleMs: profile.throttleMs,
    throttleDelta: profile.throttleDelta,
    softmax: profile.softmax,
    holdFrames: profile.decoder.holdFrames,
    minProb: profile.decoder.minProb,
    target: 'session',
    windowSize: profile.windowSize,
    normalization: profile.normalization,
    inputLayout: profile.inputLayout,
  };
}

/** `profile` with the knobs' values in it. */
export function profileWithKnobs(profile: PipelineProfile, v: KnobValues): PipelineProfile {
  return {
    ...profile,
    smoothingWindow: v.smoothingWindow,
    throttleMs: v.throttleMs,
    throttleDelta: v.throttleDelta,
    softmax: v.softmax,
    decoder: { holdFrames: v.holdFrames, minProb: v.minProb },
    windowSize: v.windowSize,
    normalization: v.normalization,
    inputLayout: v.inputLayout,
  };
}

/** The profile fields the knobs set, as a sidecar or the settings' overrides write them (the target is not one). */
export function profileFieldsOfKnobs(v: KnobValues, only?: readonly KnobName[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const wanted = (name: KnobName) => !only || only.includes(name);
  for (const field of KNOB_FIELDS) {
    if (field.profileKey === null || field.profileKey === 'decoder' || !wanted(field.name)) continue;
    out[field.profileKey] = v[field.name];
  }
  if (wanted('holdFrames') || wanted('minProb')) out.decoder = { holdFrames: v.holdFrames, minProb: v.minProb };
  return out;
}

export function targetChoice(target: string): TargetChoice {
  if (target === 'session') return 'session';
  return { letter: target === 'free' ? null : target };
}

/** Where a knob's resolved value came from, as the profile table shows it. */
export function knobSource(field: KnobField, sources: Record<keyof PipelineProfile, ProfileSource>): string {
  return field.profileKey === null ? 'session' : sources[field.profileKey];
}

/** The knobs whose value differs from `resolved`'s. */
export function editedKnobs(values: KnobValues, resolved: KnobValues): KnobName[] {
  return KNOB_FIELDS.filter((f) => values[f.name] !== resolved[f.name]).map((f) => f.name);
}

/**
 * Checks a knob's value as typed or picked; returns the value or a one-line reason naming the knob and
 * what it expects. `labels`: the model's, for the target letter.
 */
export function parseKnob(field: KnobField, text: string, labels: readonly string[]): { value: string | number } | { error: string } {
  const expected = (what: string) => ({ error: `${field.label}: expected ${what}, got '${text}'` });
  if (field.kind === 'choice') return field.choices!.includes(text) ? { value: text } : expected(`one of ${field.choices!.join(', ')}`);
  if (field.kind === 'target') {
    if (text === 'session' || text === 'free') return { value: text };
    return Array.from(text).length === 1 && labels.includes(text) ? { value: text } : expected("'session', 'free' or one of the model's one-letter labels");
  }
  const n = text.trim() === '' ? NaN : Number(text);
  const min = field.min ?? -Infinity;
  const max = field.max ?? Infinity;
  const range = `${field.kind === 'integer' ? 'an integer' : 'a number'} from ${min}${max === Infinity ? '' : ` to ${max}`}`;
  if (!Number.isFinite(n) || n < min || n > max || (field.kind === 'integer' && !Number.isInteger(n))) return expected(range);
  return { value: n };
}
