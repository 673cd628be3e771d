import * as vscode from 'vscode';
import { describe, type LiveServerState } from './liveStatusText';

export type { LiveServerState } from './liveStatusText';

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
