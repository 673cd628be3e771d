import type { PartialProfile } from './parsePartialProfile';
import { ModelProfileError } from './modelProfileError';
import { formatDims, type ModelSignature, type TensorInfo } from './signature';
import { COORDS_PER_POINT, POINT_COUNT, VALUES_PER_FRAME } from '../hand/topology';

export interface SignatureInference {
  profile: PartialProfile;
  /** The output's class count when the signature states it; null when that axis is dynamic. */
  classCount: number | null;
  input: TensorInfo;
  output: TensorInfo;
  warnings: string[];
}

const SUPPORTED = 'expected [B, T, 63], [B, T, 21, 3] or [B, 1, 21, 3]';

/**
 * What a model's signature says about its pipeline: [B,T,63] -> flat, [B,T,21,3] -> points, a static
 * T -> windowSize (1 for the per-frame model), the output [B,N] -> N classes. `names` picks the input
 * and output when a profile names them. Throws ModelProfileError for a signature the pipeline cannot feed.
 */
export function inferFromSignature(
  signature: ModelSignature,
  file: string,
  names: { inputName?: string; outputName?: string } = {},
): SignatureInference {
  const warnings: string[] = [];
  const input = pick(signature.inputs, names.inputName, 'input', file);
  const output = pick(signature.outputs, names.outputName, 'output', file);
  if (!names.inputName && signature.inputs.length > 1) {
    warnings.push(`the model has ${signature.inputs.length} inputs; the first, '${input.name}', gets the windows`);
  }
  if (input.elemType !== 0 && input.elemType !== 1) {
    throw new ModelProfileError(`${file}: unsupported signature: input '${input.name}' is not float32 (ONNX type ${input.elemType})`);
  }
  const profile: PartialProfile = { inputName: input.name, outputName: output.name };
  const dims = input.dims;
  if (dims === null) {
    warnings.push(`input '${input.name}' declares no shape; assuming [B, T, 63]`);
  } else if (dims.length === 3 && (dims[2] === VALUES_PER_FRAME || typeof dims[2] !== 'number')) {
    profile.inputLayout = 'flat';
    if (dims[2] !== VALUES_PER_FRAME) warnings.push(`input '${input.name}' has a dynamic last axis; assuming 63 values per frame`);
    if (typeof dims[1] === 'number') profile.windowSize = dims[1];
  } else if (dims.length === 4 && dims[2] === POINT_COUNT && dims[3] === COORDS_PER_POINT) {
    profile.inputLayout = 'points';
    if (typeof dims[1] === 'number') profile.windowSize = dims[1];
  } else {
    throw new ModelProfileError(
      `${file}: unsupported signature: input '${input.name}' has shape ${formatDims(dims)}; ${SUPPORTED}`,
    );
  }
  if (profile.windowSize === 0) {
    throw new ModelProfileError(`${file}: unsupported signature: input '${input.name}' has a sequence axis of 0`);
  }
  let classCount: number | null = null;
  const od = output.dims;
  if (od !== null) {
    if (od.length !== 2) {
      throw new ModelProfileError(
        `${file}: unsupported signature: output '${output.name}' has shape ${formatDims(od)}; expected [B, classes]`,
      );
    }
    if (typeof od[1] === 'number') classCount = od[1];
  }
  return { profile, classCount, input, output, warnings };
}

function pick(list: TensorInfo[], name: string | undefined, what: string, file: string): TensorInfo {
  if (list.length === 0) throw new ModelProfileError(`${file}: unsupported signature: the model has no ${what}`);
  if (!name) return list[0];
  const found = list.find((t) => t.name === name);
  if (!found) {
    throw new ModelProfileError(
      `${file}: the profile names ${what} '${name}' but the model's ${what}s are ${list.map((t) => `'${t.name}'`).join(', ')}`,
    );
  }
  return found;
}
