import * as vscode from 'vscode';
import { localModelLoader } from '../model/settingsModelLoader';
import { LIVE_HOSTS } from '../../model/hostLayouts';
import { lensWebviewOptions } from '../panel/createLensWebview';
import { LiveController, type RecordingResult } from './liveController';
import { LIVE_VIEW_TYPE, LivePanel, type LivePanelSnapshot } from './livePanel';

/** What `landmarkLens.live.snapshot` returns (integration tests, diagnostics). */
export interface LiveSnapshot {
  state: string;
  /** Why the server is not running, when it failed. */
  message: string;
  address: string;
  statusText: string;
  clients: number;
  received: number;
  repliesSent: number;
  dropped: number;
  processed: number;
  cameraFrames: number;
  noHand: number;
  undecodable: number;
  errors: number;
  /** The hand detector's state: idle, starting, ready, or failed: why. */
  detector: string;
  detectorP50Ms: number;
  recording: boolean;
  panel: LivePanelSnapshot | null;
}

export function registerLive(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  // Its own model host: a live model that crashes or stalls does not take replay analysis with it.
  const controller = new LiveController(context, log, localModelLoader(context, log, LIVE_HOSTS));
  context.subscriptions.push(controller);
  let panel: LivePanel | null = null;

  const record = async (start: boolean, folder?: string): Promise<string | RecordingResult[] | null> => {
    if (start) {
      const dir = await controller.startRecording(folder);
      if (dir) void vscode.window.setStatusBarMessage(`Landmark Lens: recording live clients to ${dir}`, 4000);
      return dir;
    }
    const files = await controller.stopRecording();
    const best = files.find((f) => f.frames > 0);
    if (best) {
      // The recording opens in the replay panel, which replays it to the same replies.
      await vscode.commands.executeCommand('landmarkLens.replaySession', vscode.Uri.file(best.path));
      const others = files.length > 1 ? ` (and ${files.length - 1} more in the same folder)` : '';
      void vscode.window.showInformationMessage(`Landmark Lens: recorded ${best.frames} frames to ${best.path}${others}`);
    } else if (files.length === 0) {
      void vscode.window.showInformationMessage('Landmark Lens: recording stopped; no client was connected.');
    } else {
      void vscode.window.showInformationMessage('Landmark Lens: recording stopped; no frames arrived.');
    }
    return files;
  };

  const attach = (webviewPanel: vscode.WebviewPanel): LivePanel => {
    panel?.dispose();
    const created = new LivePanel(webviewPanel, controller, context.extensionUri, log, (start) => void record(start));
    webviewPanel.onDidDispose(() => {
      if (panel === created) panel = null;
    });
    panel = created;
    return created;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('landmarkLens.openLivePanel', async () => {
      if (panel && !panel.disposed) panel.reveal();
      else {
        const webviewPanel = vscode.window.createWebviewPanel(
          LIVE_VIEW_TYPE,
          'Landmark Lens Live',
          vscode.ViewColumn.Active,
          lensWebviewOptions(context.extensionUri),
        );
        attach(webviewPanel);
      }
      const running = await controller.ensureRunning();
      return { running, address: controller.liveServer?.address ?? '' };
    }),
    vscode.commands.registerCommand('landmarkLens.startRecording', (folder?: string) =>
      record(true, typeof folder === 'string' ? folder : undefined),
    ),
    vscode.commands.registerCommand('landmarkLens.stopRecording', () => record(false)),
    vscode.commands.registerCommand('landmarkLens.live.snapshot', (): LiveSnapshot => {
      const server = controller.liveServer;
      const f = server?.figures();
      return {
        state: controller.status.kind,
        message: controller.status.kind === 'failed' ? controller.status.message : '',
        address: server?.address ?? '',
        statusText: controller.statusText,
        clients: f?.clients ?? 0,
        received: f?.received ?? 0,
        repliesSent: f?.repliesSent ?? 0,
        dropped: f?.dropped ?? 0,
        processed: f?.processed ?? 0,
        cameraFrames: f?.cameraFrames ?? 0,
        noHand: f?.noHand ?? 0,
        undecodable: f?.undecodable ?? 0,
        errors: f?.errors ?? 0,
        detector: controller.detectorStatus,
        detectorP50Ms: f && Number.isFinite(f.detectorP50Ms) ? f.detectorP50Ms : 0,
        recording: controller.isRecording,
        panel: panel && !panel.disposed ? panel.snapshot() : null,
      };
    }),
    vscode.window.registerWebviewPanelSerializer(LIVE_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel) {
        attach(webviewPanel);
        await controller.ensureRunning();
      },
    }),
  );
}
