import { readFile } from 'node:fs/promises';
import type { ResolvedProfile } from '../core/model/profile';
import type { ModelSignature } from '../core/model/signature';
import { ModelProfileError } from '../core/model/modelProfileError';
import { parsePartialProfile, type PartialProfile } from '../core/model/parsePartialProfile';
import { resolveProfile } from '../core/model/resolveProfile';
import { PROBABILITIES_WARNING, looksLikeProbabilities, probeWindows } from '../core/model/probeOutputs';
import type { ModelHostClient } from '../modelhost/client';

export interface ModelWithProfile {
  path: string;
  signature: ModelSignature;
  resolved: ResolvedProfile;
  classCount: number;
  /** The probe run's outputs looked like probabilities (see PROBABILITIES_WARNING). */
  outputsLookLikeProbabilities: boolean;
  /** The sidecar or --profile file used, if any. */
  profileFile: string | null;
}

export interface LoadModelOptions {
  /** An explicit profile file; replaces the sidecar. */
  profileFile?: string;
  /** Settings overrides (highest precedence). */
  overrides?: PartialProfile | null;
}

/** The sidecar profile names tried for `dir/m.onnx`: `dir/m.profile.json`, then `dir/m.onnx.profile.json`. */
export function sidecarCandidates(modelPath: string): string[] {
  const stem = modelPath.replace(/\.onnx$/i, '');
  return [`${stem}.profile.json`, `${modelPath}.profile.json`];
}

/**
 * Loads a model into the host, resolves its profile (sidecar, metadata, signature, defaults,
 * overrides) and runs a probe batch: it checks the model runs with that profile, finds the class
 * count when the signature leaves it dynamic, and detects outputs that are already probabilities.
 * Throws ModelHostError or ModelProfileError with one-line messages naming the file.
 */
export async function loadModelWithProfile(
  client: ModelHostClient,
  modelPath: string,
  options: LoadModelOptions = {},
): Promise<ModelWithProfile> {
  const signature = await client.load(modelPath);
  const sidecar = await readSidecar(modelPath, options.profileFile);
  const inputs = {
    modelFile: modelPath,
    signature,
    sidecar,
    settings: options.overrides ?? null,
  };
  const first = resolveProfile(inputs);
  const probe = await client.run(probeWindows(first.profile.windowSize), 2, first.profile);
  const resolved = first.classCount === null ? resolveProfile({ ...inputs, classCount: probe.classCount }) : first;
  if (resolved.classCount !== null && resolved.classCount !== probe.classCount) {
    throw new ModelProfileError(
      `${modelPath}: the signature declares ${resolved.classCount} classes but the model outputs ${probe.classCount}`,
    );
  }
  const bad = probe.output.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    resolved.warnings.push(
      `a test run of the model gave a non-finite output (${probe.output[bad]} for class ${resolved.profile.labels[bad % probe.classCount] ?? bad % probe.classCount}); such windows count as uniform and are reported frame by frame`,
    );
  }
  const outputsLookLikeProbabilities = looksLikeProbabilities(probe.output, probe.classCount);
  if (outputsLookLikeProbabilities && resolved.profile.softmax === 'always') resolved.warnings.push(PROBABILITIES_WARNING);
  const { classCount: _ignored, ...profile } = resolved;
  return {
    path: modelPath,
    signature,
    resolved: profile,
    classCount: probe.classCount,
    outputsLookLikeProbabilities,
    profileFile: sidecar?.file ?? null,
  };
}

/** A profile file (`explicit`), else the model's sidecar; null when there is none. Throws ModelProfileError naming the file. */
export async function readSidecar(
  modelPath: string,
  explicit: string | undefined,
): Promise<{ profile: PartialProfile; file: string; explicit: boolean } | null> {
  const candidates = explicit ? [explicit] : sidecarCandidates(modelPath);
  for (const file of candidates) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (explicit) throw new ModelProfileError(`${file}: cannot read the profile (${(err as NodeJS.ErrnoException).code ?? err})`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new ModelProfileError(`${file}: not valid JSON (${err instanceof Error ? err.message : err})`);
    }
    return { profile: parsePartialProfile(json, file), file, explicit: explicit !== undefined };
  }
  return null;
}
