/**
 * The parts of @mediapipe/hands (the legacy Hands solution, the same as the backend's Python
 * mp.solutions.hands.Hands) this detector uses. hands.js defines the global `Hands` when its script
 * runs; it then loads its WASM, graph and models from `locateFile(name)` with fetch, XHR and script tags.
 */
export interface HandsResults {
  multiHandLandmarks?: Array<Array<{ x: number; y: number; z: number }>>;
  multiHandWorldLandmarks?: Array<Array<{ x: number; y: number; z: number }>>;
  multiHandedness?: Array<{ index: number; score: number; label: 'Left' | 'Right' }>;
}

export interface HandsOptions {
  modelComplexity: 0 | 1;
  maxNumHands: number;
  minDetectionConfidence: number;
  minTrackingConfidence: number;
  /** Not in index.d.ts, but an option of hands.js: runs the models in WASM instead of WebGL. */
  useCpuInference: boolean;
  selfieMode: boolean;
}

export interface HandsInstance {
  initialize(): Promise<void>;
  setOptions(options: HandsOptions): void;
  onResults(listener: (results: HandsResults) => void): void;
  send(inputs: { image: ImageBitmap | HTMLCanvasElement }): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

type HandsConstructor = new (config: { locateFile: (file: string) => string }) => HandsInstance;

let loading: Promise<HandsConstructor> | null = null;

/** Loads hands.js from `assetsBase` once (a script tag: with a nonce CSP, 'strict-dynamic' lets it in). */
export function loadHands(assetsBase: string): Promise<HandsConstructor> {
  loading ??= new Promise<HandsConstructor>((resolve, reject) => {
    const existing = (globalThis as { Hands?: HandsConstructor }).Hands;
    if (existing) {
      resolve(existing);
      return;
    }
    const script = document.createElement('script');
    script.src = new URL('hands.js', assetsBase).href;
    script.onload = () => {
      const ctor = (globalThis as { Hands?: HandsConstructor }).Hands;
      if (ctor) resolve(ctor);
      else reject(new Error('hands.js loaded but defined no Hands'));
    };
    script.onerror = () => reject(new Error(`could not load ${script.src} (missing, or refused by the page's Content-Security-Policy)`));
    document.head.appendChild(script);
  });
  return loading;
}
