import type { ModelSignature, TensorInfo } from '../core/model/signature';
import type { ModelPanelInfo, SignatureDisplay, TensorDisplay } from '../protocol/messages';
import type { ModelInfo } from './loadedModel';

/** ONNX TensorProto.DataType names for the codes models use. */
const ELEMENT_TYPES: Record<number, string> = {
  0: 'not a tensor',
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  16: 'bfloat16',
};

function tensorDisplay(tensor: TensorInfo): TensorDisplay {
  return {
    name: tensor.name,
    dims: (tensor.dims ?? []).map((d) => (d === null ? '?' : d)),
    elementType: ELEMENT_TYPES[tensor.elemType] ?? `type ${tensor.elemType}`,
  };
}

export function signatureDisplay(signature: ModelSignature): SignatureDisplay {
  return { inputs: signature.inputs.map(tensorDisplay), outputs: signature.outputs.map(tensorDisplay) };
}

export function modelPanelInfo(model: ModelInfo): ModelPanelInfo {
  return {
    path: model.displayName,
    signature: model.signature ? signatureDisplay(model.signature) : null,
    profile: model.resolved.profile,
    sources: model.resolved.sources,
    warnings: model.resolved.warnings,
  };
}
