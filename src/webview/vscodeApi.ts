import type { WebviewToExtension } from '../protocol/messages';

/** The part of the webview API the panels use (acquireVsCodeApi may be called only once). */
export interface HostApi {
  postMessage(message: WebviewToExtension): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): unknown;
};

let api: HostApi | undefined;

export function hostApi(): HostApi {
  if (!api) {
    const raw = acquireVsCodeApi();
    api = {
      postMessage: (m) => raw.postMessage(m),
      getState: () => raw.getState(),
      setState: (s) => void raw.setState(s),
    };
  }
  return api;
}
