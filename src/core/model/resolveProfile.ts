import {
  BACKEND_DEFAULT_PROFILE,
  type PipelineProfile,
  type ProfileSource,
  type ResolvedProfile,
} from './profile';
import type { PartialProfile } from './parsePartialProfile';
import { parsePartialProfile } from './parsePartialProfile';
import { inferFromSignature } from './inferFromSignature';
import { knownLabelsFor, placeholderLabels } from './classLabels';
import { ModelProfileError } from './modelProfileError';
import type { ModelSignature } from './signature';

/** The ONNX metadata_props key that may hold a profile as JSON. */
export const PROFILE_METADATA_KEY = 'landmark_lens_profile';

export interface ProfileInputs {
  /** The model file, for messages. */
  modelFile: string;
  signature: ModelSignature;
  /** Classes the model actually outputs (from a probe run) when the signature leaves it dynamic. */
  classCount?: number | null;
  /** A sidecar `<model>.profile.json` (or a --profile file: `explicit`), already parsed, and its file name. */
  sidecar?: { profile: PartialProfile; file: string; explicit?: boolean } | null;
  /** Settings overrides (`landmarkLens.profileOverrides`). */
  settings?: PartialProfile | null;
}

/**
 * Resolves a model's pipeline profile, field by field: settings, else sidecar, else ONNX metadata,
 * else what the signature implies, else the backend's defaults. Records each field's source and the
 * warnings to show.
 */
export function resolveProfile(inputs: ProfileInputs): ResolvedProfile & { classCount: number | null } {
  const warnings: string[] = [];
  const metadataText = inputs.signature.metadata[PROFILE_METADATA_KEY];
  let metadata: PartialProfile | null = null;
  if (metadataText !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(metadataText);
    } catch {
      throw new ModelProfileError(`${inputs.modelFile}: metadata '${PROFILE_METADATA_KEY}' is not valid JSON`);
    }
    metadata = parsePartialProfile(json, `${inputs.modelFile} metadata '${PROFILE_METADATA_KEY}'`);
  }
  const layers: Array<[ProfileSource, PartialProfile | null | undefined]> = [
    ['metadata', metadata],
    ['sidecar', inputs.sidecar?.profile],
    ['settings', inputs.settings],
  ];
  const named = (key: 'inputName' | 'outputName'): string | undefined => {
    let v: string | undefined;
    for (const [, layer] of layers) if (layer?.[key]) v = layer[key];
    return v;
  };
  const inference = inferFromSignature(inputs.signature, inputs.modelFile, {
    inputName: named('inputName'),
    outputName: named('outputName'),
  });
  warnings.push(...inference.warnings);

  const profile: PipelineProfile = structuredClone({
    ...BACKEND_DEFAULT_PROFILE,
    defaultReply: { ...BACKEND_DEFAULT_PROFILE.defaultReply },
    labels: [...BACKEND_DEFAULT_PROFILE.labels],
    decoder: { ...BACKEND_DEFAULT_PROFILE.decoder },
    detector: { ...BACKEND_DEFAULT_PROFILE.detector },
  });
  const sources = Object.fromEntries(Object.keys(profile).map((k) => [k, 'default'])) as Record<
    keyof PipelineProfile,
    ProfileSource
  >;
  const apply = (source: ProfileSource, layer: PartialProfile | null | undefined): void => {
    if (!layer) return;
    for (const [key, value] of Object.entries(layer) as Array<[keyof PipelineProfile, unknown]>) {
      if (value === undefined) continue;
      if (key === 'decoder') profile.decoder = { ...profile.decoder, ...(value as PartialProfile['decoder']) };
      else if (key === 'detector') profile.detector = { ...profile.detector, ...(value as PartialProfile['detector']) };
      else (profile as unknown as Record<string, unknown>)[key] = value;
      sources[key] = source;
    }
  };
  apply('inferred', inference.profile);
  for (const [source, layer] of layers) apply(source, layer);

  const classCount = inference.classCount ?? inputs.classCount ?? null;
  if (classCount !== null) {
    if (sources.labels === 'default') {
      const known = knownLabelsFor(classCount);
      if (known) profile.labels = known;
      else {
        profile.labels = placeholderLabels(classCount);
        warnings.push(
          `the model outputs ${classCount} classes and no profile names them; labels are class0..class${classCount - 1}`,
        );
      }
      sources.labels = 'inferred';
    } else if (profile.labels.length !== classCount) {
      // Blame the layer the labels came from, by the name the user knows it by.
      const sidecar = inputs.sidecar;
      const where =
        sources.labels === 'sidecar' && sidecar
          ? `${sidecar.file}${sidecar.explicit ? ' (--profile)' : " (the model's sidecar profile)"}`
          : sources.labels === 'metadata'
            ? `${inputs.modelFile} metadata '${PROFILE_METADATA_KEY}'`
            : 'setting landmarkLens.profileOverrides';
      throw new ModelProfileError(
        `${where}: field 'labels': expected ${classCount} labels, one per class ${inputs.modelFile} outputs, got ${profile.labels.length}`,
      );
    }
  }
  if (profile.windowSize === 1 && sources.windowSize === 'inferred') {
    warnings.push('per-frame model (sequence length 1): every hand frame is a window, no buffering');
  }
  for (const key of Object.keys(sources) as Array<keyof PipelineProfile>) {
    if (sources[key] === 'inferred' && key !== 'inputName' && key !== 'outputName') {
      warnings.push(`${key} inferred from the model's signature: ${key === 'labels' ? `${profile.labels.length} labels` : JSON.stringify(profile[key])}`);
    }
  }
  return { profile, sources, warnings, classCount };
}
