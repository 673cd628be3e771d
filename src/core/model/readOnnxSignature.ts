import { ProtobufReader } from './protobufReader';
import type { Dim, ModelSignature, TensorInfo } from './signature';
import { errorText } from '../errorText';

// Field numbers from onnx.proto (ModelProto, GraphProto, ValueInfoProto, TypeProto, TensorShapeProto).
const MODEL_IR_VERSION = 1;
const MODEL_PRODUCER_NAME = 2;
const MODEL_GRAPH = 7;
const MODEL_OPSET_IMPORT = 8;
const MODEL_METADATA_PROPS = 14;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const TENSOR_NAME = 8;

/** Thrown when the bytes are not an ONNX ModelProto. */
export class NotOnnxError extends Error {}

/**
 * Reads the inputs, outputs and metadata of an ONNX model from its bytes, without running it.
 * Graph inputs that are initializers (older exporters list weights as inputs) are left out.
 */
export function readOnnxSignature(bytes: Uint8Array): ModelSignature {
  try {
    return readModel(bytes);
  } catch (err) {
    if (err instanceof NotOnnxError) throw err;
    throw new NotOnnxError(`not an ONNX model (${errorText(err)})`);
  }
}

function readModel(bytes: Uint8Array): ModelSignature {
  const r = new ProtobufReader(bytes);
  let irVersion = -1;
  let producer = '';
  let opset = 0;
  let graph: { inputs: TensorInfo[]; outputs: TensorInfo[] } | null = null;
  const metadata: Record<string, string> = {};
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === MODEL_IR_VERSION && wire === 0) irVersion = r.varint();
    else if (field === MODEL_PRODUCER_NAME && wire === 2) producer = r.string();
    else if (field === MODEL_GRAPH && wire === 2) graph = readGraph(r.message());
    else if (field === MODEL_OPSET_IMPORT && wire === 2) {
      const o = readOpset(r.message());
      if (o.domain === '' || o.domain === 'ai.onnx') opset = o.version;
    } else if (field === MODEL_METADATA_PROPS && wire === 2) {
      const [k, v] = readStringPair(r.message());
      metadata[k] = v;
    } else r.skip(wire);
  }
  if (irVersion < 1 || graph === null) {
    throw new NotOnnxError('not an ONNX model (no ir_version or no graph)');
  }
  return { ...graph, metadata, irVersion, opset, producer };
}

function readGraph(r: ProtobufReader): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
  const inputs: TensorInfo[] = [];
  const outputs: TensorInfo[] = [];
  const initializers = new Set<string>();
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === GRAPH_INPUT && wire === 2) inputs.push(readValueInfo(r.message()));
    else if (field === GRAPH_OUTPUT && wire === 2) outputs.push(readValueInfo(r.message()));
    else if (field === GRAPH_INITIALIZER && wire === 2) initializers.add(readTensorName(r.message()));
    else r.skip(wire);
  }
  return { inputs: inputs.filter((i) => !initializers.has(i.name)), outputs };
}

function readTensorName(r: ProtobufReader): string {
  let name = '';
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === TENSOR_NAME && wire === 2) name = r.string();
    else r.skip(wire);
  }
  return name;
}

function readValueInfo(r: ProtobufReader): TensorInfo {
  let name = '';
  let elemType = 0;
  let dims: Dim[] | null = null;
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === 1 && wire === 2) name = r.string();
    else if (field === 2 && wire === 2) {
      // TypeProto: tensor_type = 1 -> { elem_type = 1, shape = 2 }
      const type = r.message();
      while (!type.done) {
        const k = type.key();
        if (k.field === 1 && k.wire === 2) {
          const tensor = type.message();
          while (!tensor.done) {
            const t = tensor.key();
            if (t.field === 1 && t.wire === 0) elemType = tensor.varint();
            else if (t.field === 2 && t.wire === 2) dims = readShape(tensor.message());
            else tensor.skip(t.wire);
          }
        } else type.skip(k.wire);
      }
    } else r.skip(wire);
  }
  return { name, elemType, dims };
}

function readShape(r: ProtobufReader): Dim[] {
  const dims: Dim[] = [];
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === 1 && wire === 2) {
      const d = r.message();
      let dim: Dim = null;
      while (!d.done) {
        const k = d.key();
        if (k.field === 1 && k.wire === 0) dim = d.varint();
        else if (k.field === 2 && k.wire === 2) dim = d.string() || null;
        else d.skip(k.wire);
      }
      dims.push(dim);
    } else r.skip(wire);
  }
  return dims;
}

function readOpset(r: ProtobufReader): { domain: string; version: number } {
  let domain = '';
  let version = 0;
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === 1 && wire === 2) domain = r.string();
    else if (field === 2 && wire === 0) version = r.varint();
    else r.skip(wire);
  }
  return { domain, version };
}

function readStringPair(r: ProtobufReader): [string, string] {
  let key = '';
  let value = '';
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === 1 && wire === 2) key = r.string();
    else if (field === 2 && wire === 2) value = r.string();
    else r.skip(wire);
  }
  return [key, value];
}
