import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { NotOnnxError, readOnnxSignature } from '../core/model/readOnnxSignature';
import type { ModelSignature, TensorInfo } from '../core/model/signature';
import { formatDims } from '../core/model/signature';
import type { InputLayout } from '../core/model/profile';
import { errorText } from '../core/errorText';
import { COORDS_PER_POINT, POINT_COUNT, VALUES_PER_FRAME } from '../core/hand/topology';

/** A failure with a reason the host reports to its client. */
export class HostFailure extends Error {
  constructor(
    readonly reason: 'not-found' | 'not-onnx' | 'load-failed' | 'run-failed',
    message: string,
  ) {
    super(message);
  }
}

const FLOAT32 = 1;

/** One loaded ONNX model in the host process. */
export class OnnxModel {
  private constructor(
    readonly path: string,
    readonly signature: ModelSignature,
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(path: string, intraOpThreads: number): Promise<OnnxModel> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new HostFailure('not-found', code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? err})`);
    }
    let signature: ModelSignature;
    try {
      signature = readOnnxSignature(bytes);
    } catch (err) {
      if (err instanceof NotOnnxError) throw new HostFailure('not-onnx', err.message);
      throw err;
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        intraOpNumThreads: Math.max(0, Math.floor(intraOpThreads)),
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
    } catch (err) {
      throw new HostFailure('load-failed', `onnxruntime cannot load it: ${oneLine(err)}`);
    }
    return new OnnxModel(path, signature, session);
  }

  /** Runs `count` windows; returns the chosen output as [count, classes]. */
  async run(
    windows: Float32Array,
    count: number,
    windowSize: number,
    layout: InputLayout,
    inputName: string,
    outputName: string,
  ): Promise<{ output: Float32Array; classCount: number }> {
    const input = this.pick(this.signature.inputs, this.session.inputNames, inputName, 'input');
    const outName = outputName || this.session.outputNames[0];
    if (!this.session.outputNames.includes(outName)) {
      throw new HostFailure('run-failed', `the model has no output named '${outName}'`);
    }
    const frameShape = layout === 'points' ? [windowSize, POINT_COUNT, COORDS_PER_POINT] : [windowSize, VALUES_PER_FRAME];
    const declared = input.dims;
    if (declared !== null) {
      if (declared.length !== frameShape.length + 1) {
        throw new HostFailure(
          'run-failed',
          `input '${input.name}' has shape ${formatDims(declared)}, which does not take [B, ${frameShape.join(', ')}]`,
        );
      }
      for (let i = 0; i < frameShape.length; i++) {
        const d = declared[i + 1];
        if (typeof d === 'number' && d !== frameShape[i]) {
          throw new HostFailure(
            'run-failed',
            `input '${input.name}' has shape ${formatDims(declared)}, which does not take [B, ${frameShape.join(', ')}]`,
          );
        }
      }
    }
    const perWindow = windowSize * VALUES_PER_FRAME;
    if (windows.length !== count * perWindow) {
      throw new HostFailure('run-failed', `got ${windows.length} values for ${count} windows of ${perWindow}`);
    }
    // A static batch axis: run in chunks of that size, padding the last chunk with zeros.
    const staticBatch = declared !== null && typeof declared[0] === 'number' && declared[0] > 0 ? declared[0] : 0;
    const chunk = staticBatch || count;
    let classCount = -1;
    let out: Float32Array | null = null;
    for (let start = 0; start < count; start += chunk) {
      const n = Math.min(chunk, count - start);
      let data = windows.subarray(start * perWindow, (start + n) * perWindow);
      if (n < chunk) {
        const padded = new Float32Array(chunk * perWindow);
        padded.set(data);
        data = padded;
      }
      const tensor = new ort.Tensor('float32', data, [chunk, ...frameShape]);
      let result: ort.InferenceSession.OnnxValueMapType;
      try {
        result = await this.session.run({ [input.name]: tensor }, [outName]);
      } catch (err) {
        throw new HostFailure('run-failed', `inference failed: ${oneLine(err)}`);
      }
      const value = result[outName] as ort.Tensor;
      if (value.type !== 'float32') {
        throw new HostFailure('run-failed', `output '${outName}' is ${value.type}, expected float32`);
      }
      const dims = value.dims;
      if (dims.length !== 2 || dims[0] !== chunk) {
        throw new HostFailure(
          'run-failed',
          `output '${outName}' has shape [${dims.join(', ')}] for a batch of ${chunk}, expected [${chunk}, classes]`,
        );
      }
      if (classCount < 0) {
        classCount = dims[1];
        out = new Float32Array(count * classCount);
      }
      out!.set((value.data as Float32Array).subarray(0, n * classCount), start * classCount);
    }
    return { output: out ?? new Float32Array(0), classCount: Math.max(classCount, 0) };
  }

  private pick(infos: TensorInfo[], names: readonly string[], wanted: string, what: string): TensorInfo {
    const name = wanted || names[0];
    if (!names.includes(name)) throw new HostFailure('run-failed', `the model has no ${what} named '${name}'`);
    const info = infos.find((i) => i.name === name) ?? { name, elemType: FLOAT32, dims: null };
    if (info.elemType !== 0 && info.elemType !== FLOAT32) {
      throw new HostFailure('run-failed', `${what} '${name}' is not float32 (ONNX type ${info.elemType})`);
    }
    return info;
  }
}

export function oneLine(err: unknown): string {
  const text = errorText(err);
  return text.replace(/\s+/g, ' ').trim();
}
