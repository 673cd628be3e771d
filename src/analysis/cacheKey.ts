import { createHash } from 'node:crypto';
import type { PipelineProfile } from '../core/model/profile';

/** Bump when the pipeline's results for the same inputs could change (a pipeline fix). */
export const RESULTS_CACHE_VERSION = 1;

/** JSON with object keys sorted, so equal profiles give equal keys whatever order they were built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The results cache key: one entry per (model file, profile, session file) content. */
export function resultsCacheKey(modelHash: string, profile: PipelineProfile, sessionHash: string): string {
  return createHash('sha256')
    .update(canonicalJson({ v: RESULTS_CACHE_VERSION, modelHash, profile, sessionHash }))
    .digest('hex');
}
