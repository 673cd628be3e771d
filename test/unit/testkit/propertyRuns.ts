import type { Parameters as FcParameters } from 'fast-check';

/**
 * Settings for every fast-check property test: a fixed seed by default, so a run in CI is the same run
 * every time and a failure reproduces; LANDMARK_LENS_FC_SEED (and LANDMARK_LENS_FC_PATH, from a failure
 * report) replay or explore another one, LANDMARK_LENS_FC_RUNS changes the count. fast-check's failure
 * message already holds the seed and path; the reporter adds the variables to set.
 */
export const DEFAULT_PROPERTY_SEED = 20261206;

export function propertyRuns<T>(defaultRuns: number): FcParameters<T> {
  const seedText = process.env.LANDMARK_LENS_FC_SEED;
  const seed = seedText !== undefined && seedText !== '' ? Number(seedText) : DEFAULT_PROPERTY_SEED;
  if (!Number.isInteger(seed)) throw new Error(`LANDMARK_LENS_FC_SEED: expected an integer, got ${JSON.stringify(seedText)}`);
  const path = process.env.LANDMARK_LENS_FC_PATH || undefined;
  const runs = Number(process.env.LANDMARK_LENS_FC_RUNS ?? defaultRuns);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`LANDMARK_LENS_FC_RUNS: expected a positive integer, got ${process.env.LANDMARK_LENS_FC_RUNS}`);
  return {
    seed,
    path,
    numRuns: runs,
    reporter: (details) => {
      if (!details.failed) return;
      const hint = `reproduce with LANDMARK_LENS_FC_SEED=${details.seed} LANDMARK_LENS_FC_PATH=${details.counterexamplePath ?? ''}`;
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`property failed (seed ${details.seed}, path ${details.counterexamplePath}, counterexample ${safeStringify(details.counterexample)}): ${cause}\n${hint}`);
    },
  };
}

function safeStringify(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v: unknown) => (isBytes(v) ? `<${bytesLength(v)} bytes>` : v));
    return text.length > 600 ? `${text.slice(0, 600)}…` : text;
  } catch {
    return String(value);
  }
}

/** Buffers reach a JSON replacer already turned into { type: 'Buffer', data } by their toJSON. */
function isBytes(v: unknown): boolean {
  return v instanceof Uint8Array || (typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data));
}

function bytesLength(v: unknown): number {
  return v instanceof Uint8Array ? v.length : (v as { data: unknown[] }).data.length;
}
