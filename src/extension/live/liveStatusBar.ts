import * as vscode from 'vscode';
import type { LiveServerFigures } from '../../liveserver/liveServer';

export type LiveServerState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'listening'; address: string; figures: LiveServerFigures; recording: boolean }
  | { kind: 'failed'; message: string };

/** The live server's status bar item: state, address, clients, frames/s, dropped; click opens the panel. */
export class LiveStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private lastText = '';

  constructor() {
    this.item = vscode.window.createStatusBarItem('landmarkLens.live', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Landmark Lens Live';
    this.item.command = 'landmarkLens.openLivePanel';
  }

  /** The text shown now (the integration tests read it). */
  get text(): string {
    return this.lastText;
  }

  show(state: LiveServerState): void {
    const { text, tooltip } = describe(state);
    this.lastText = text;
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor =
      state.kind === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (state.kind === 'stopped') this.item.hide();
    else this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

export function describe(state: LiveServerState): { text: string; tooltip: string } {
  switch (state.kind) {
    case 'stopped':
      return { text: '$(debug-disconnect) Live: stopped', tooltip: 'Landmark Lens live server: stopped' };
    case 'starting':
      return { text: '$(loading~spin) Live: starting', tooltip: 'Landmark Lens live server: loading the model' };
    case 'failed':
      return { text: '$(error) Live: failed', tooltip: `Landmark Lens live server: ${state.message}` };
    case 'listening': {
      const f = state.figures;
      const clients = `${f.clients} client${f.clients === 1 ? '' : 's'}`;
      const rec = state.recording ? '$(record) ' : '';
      const text = `${rec}$(radio-tower) ${state.address.replace(/^ws:\/\//, '')} · ${clients} · ${f.fps.toFixed(1)} fps · ${f.dropped} dropped`;
      const latency = Number.isFinite(f.latencyP50Ms) ? `${f.latencyP50Ms.toFixed(1)} ms p50` : 'n/a';
      const tooltip = [
        `Landmark Lens live server on ${state.address}${state.recording ? ' (recording)' : ''}`,
        `${clients}, ${f.fps.toFixed(1)} frames/s, window ${f.windowSpanS.toFixed(1)} s`,
        `inference ${latency}; replies ${f.repliesSent} sent, ${f.repliesThrottled} throttled`,
        `${f.dropped} frames dropped while the model was busy; ${f.errors} messages not understood`,
        'Click to open the live debug panel',
      ].join('\n');
      return { text, tooltip };
    }
  }
}
