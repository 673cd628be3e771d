import { createHash } from 'node:crypto';
import type { PipelineProfile } from '../core/model/profile';
import PIPELINE_VERSION from 'landmark-lens:pipeline-version';

/**
 * The pipeline's version: a hash of the source text that shapes results, taken by the build
 * (scripts/pipelineVersion.mjs), so a pipeline change cannot forget to invalidate cached results.
 */
export { PIPELINE_VERSION };

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

/** The results cache key: one entry per (model file, profile, session file) content and pipeline version. */
export function resultsCacheKey(modelHash: string, profile: PipelineProfile, sessionHash: string, pipelineVersion = PIPELINE_VERSION): string {
  return createHash('sha256')
    .update(canonicalJson({ pipelineVersion, modelHash, profile, sessionHash }))
    .digest('hex');
}
