/** A tensor dimension: a number when static, a name (or null) when dynamic. */
export type Dim = number | string | null;

export interface TensorInfo {
  name: string;
  /** ONNX TensorProto element type (1 = float32); 0 when not a tensor. */
  elemType: number;
  /** null when the model does not declare a shape. */
  dims: Dim[] | null;
}

/** What an ONNX file says about itself, read from its ModelProto. */
export interface ModelSignature {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** ModelProto.metadata_props. */
  metadata: Record<string, string>;
  irVersion: number;
  /** Opset of the default domain, 0 when absent. */
  opset: number;
  producer: string;
}

export function formatDims(dims: Dim[] | null): string {
  if (dims === null) return '[?]';
  return `[${dims.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}
