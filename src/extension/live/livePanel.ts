import * as vscode from 'vscode';
import {
  PROTOCOL_VERSION,
  checkWebviewToExtension,
  type ExtensionToWebview,
  type InitMessage,
  type LiveStatsMessage,
  type RenderedMessage,
  type WebviewToExtension,
} from '../../protocol/messages';
import { createLensWebview, type LensWebview } from '../panel/createLensWebview';
import { modelPanelInfo } from '../../model/modelPanelInfo';
import type { LiveController } from './liveController';
import { LiveFollowStream } from './liveFollowStream';
import { liveKeepMinutes } from '../settings';

export const LIVE_VIEW_TYPE = 'landmarkLens.live';

/** What the live panel has shown, for the status and the integration tests. */
export interface LivePanelSnapshot {
  ready: boolean;
  framesPosted: number;
  followedClient: number | null;
  following: boolean;
  lastStats: LiveStatsMessage | null;
  rendered: RenderedMessage | null;
  /** The frame the webview's playhead is on, as it last reported (it follows the newest frame). */
  webviewPlayhead: number | null;
  /** The followed client sends camera frames (their images can be shown). */
  camera: boolean;
  /** Camera images sent to the webview (answers to `requestImage` with bytes), and requests answered. */
  imagesSent: number;
  imageRequests: number;
  /** The frame of the last image sent, and its size in bytes; null before the first. */
  lastImageFrame: number | null;
  lastImageBytes: number;
  /** Images kept for the webview to ask for: the followed client's newest frames only. */
  imagesKept: { frames: number; bytes: number };
}

const FLUSH_MS = 100;
const STATS_MS = 500;
/** The frame rate the live panel's timeline assumes, and its keepMinutes is counted in. */
const LIVE_FPS = 30;

/**
 * Where the panel is: waiting for its webview to ask, streaming the followed client's frames to it (the
 * stream holds the labels it was started with: a restart with another model starts the panel over), or
 * closed with everything released.
 */
type LivePanelState =
  | { kind: 'waiting' }
  | { kind: 'streaming'; stream: LiveFollowStream; labels: readonly string[] }
  | { kind: 'disposed' };

/**
 * The live debug panel: the replay panel's views fed with the followed client's frames as they are
 * processed (appended in batches every 100 ms), plus the live statistics twice a second.
 */
export class LivePanel implements vscode.Disposable {
  private readonly webview: LensWebview<ExtensionToWebview>;
  private state: LivePanelState = { kind: 'waiting' };
  private following = true;
  private framesPosted = 0;
  private lastStats: LiveStatsMessage | null = null;
  private rendered: RenderedMessage | null = null;
  private playhead: number | null = null;
  private imagesSent = 0;
  private imageRequests = 0;
  private lastImageFrame: number | null = null;
  private lastImageBytes = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    panel: vscode.WebviewPanel,
    private readonly controller: LiveController,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    onRecord: (start: boolean) => void,
  ) {
    this.webview = createLensWebview<WebviewToExtension, ExtensionToWebview>(panel, {
      mode: 'live',
      extensionUri,
      title: 'Landmark Lens Live',
      check: checkWebviewToExtension,
      log,
      onMessage: (m) => {
        switch (m.type) {
          case 'ready':
            this.sendInit();
            break;
          case 'rendered':
            this.rendered = m;
            break;
          case 'playhead':
            this.playhead = m.frame;
            break;
          case 'follow':
            this.following = m.on;
            break;
          case 'requestImage':
            this.answerImage(m.frame);
            break;
          case 'record':
            onRecord(m.action === 'start');
            break;
          case 'error':
            log.error(`live panel: ${m.message}`);
            break;
          default:
            break;
        }
      },
    });
    this.subscriptions.push(
      controller.subscribe({
        frameProcessed: (client, landmarks, result, _latency, image) => this.stream()?.addFrame(client.id, landmarks, result, image),
        targetChanged: (client, t, letter, reply) => this.stream()?.addTarget(client.id, t, letter, reply),
        clientClosed: (client) => this.stream()?.clientLeft(client.id),
      }),
      controller.onDidChange(() => {
        const labels = controller.currentModel?.resolved.profile.labels;
        const state = this.state;
        if (state.kind === 'streaming' && controller.status.kind === 'listening' && labels && labels.join() !== state.labels.join()) {
          this.sendInit();
        }
        this.postStats();
      }),
    );
    this.timers.push(
      setInterval(() => this.flush(), FLUSH_MS),
      setInterval(() => this.postStats(), STATS_MS),
    );
    this.webview.onDidDispose(() => this.dispose());
  }

  get panel(): vscode.WebviewPanel {
    return this.webview.panel;
  }

  get disposed(): boolean {
    return this.state.kind === 'disposed';
  }

  /** The stream to the webview, while there is one. */
  private stream(): LiveFollowStream | null {
    return this.state.kind === 'streaming' ? this.state.stream : null;
  }

  snapshot(): LivePanelSnapshot {
    return {
      ready: this.state.kind === 'streaming',
      framesPosted: this.framesPosted,
      followedClient: this.stream()?.client ?? null,
      following: this.following,
      lastStats: this.lastStats,
      rendered: this.rendered,
      webviewPlayhead: this.playhead,
      camera: this.stream()?.camera ?? false,
      imagesSent: this.imagesSent,
      imageRequests: this.imageRequests,
      lastImageFrame: this.lastImageFrame,
      lastImageBytes: this.lastImageBytes,
      imagesKept: this.stream()?.imagesKept ?? { frames: 0, bytes: 0 },
    };
  }

  reveal(): void {
    this.webview.panel.reveal(undefined, false);
  }

  private sendInit(): void {
    if (this.state.kind === 'disposed') return;
    const model = this.controller.currentModel;
    const profile = model?.resolved.profile;
    const labels = profile?.labels ?? [];
    const keepFrames = Math.round(liveKeepMinutes() * 60 * LIVE_FPS);
    this.state = { kind: 'streaming', stream: new LiveFollowStream(labels, keepFrames), labels };
    this.framesPosted = 0;
    const init: InitMessage = {
      type: 'init',
      protocol: PROTOCOL_VERSION,
      mode: 'live',
      title: `Live: ${this.controller.liveServer?.address || 'server not running'}`,
      session: { frameCount: 0, fps: LIVE_FPS, source: 'live', file: '', startMs: 0, endMs: 0 },
      labels: [...labels],
      model: model ? modelPanelInfo(model) : null,
      windowSize: profile?.windowSize ?? 32,
      smoothingWindow: profile?.smoothingWindow ?? 5,
      keepFrames,
    };
    void this.webview.post(init);
    this.postStats();
  }

  /**
   * The webview asks for the image of the frame it shows, one request at a time (frameImages.ts), so at
   * most one image is on its way and a busy stream never queues a backlog of them.
   */
  private answerImage(frame: number): void {
    // Always answered (empty bytes when there is no image), or the webview's one request would stay in flight.
    const answer = this.stream()?.imageMessage(frame) ?? { type: 'frameImage', frame, mime: 'image/jpeg', bytes: new Uint8Array(0) };
    this.imageRequests++;
    if (answer.bytes.length) {
      this.imagesSent++;
      this.lastImageFrame = frame;
      this.lastImageBytes = answer.bytes.length;
    }
    void this.webview.post(answer);
  }

  private flush(): void {
    const stream = this.stream();
    if (!stream) return;
    for (const message of stream.drain()) {
      if (message.type === 'frames') this.framesPosted = message.start + message.count;
      void this.webview.post(message);
    }
  }

  private postStats(): void {
    if (this.state.kind !== 'streaming') return;
    const server = this.controller.liveServer;
    const f = server?.figures();
    const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : 0);
    const stats: LiveStatsMessage = {
      type: 'liveStats',
      fps: f?.fps ?? 0,
      windowSpanS: f?.windowSpanS ?? 0,
      latencyP50Ms: Number.isFinite(f?.latencyP50Ms) ? f!.latencyP50Ms : 0,
      latencyP95Ms: Number.isFinite(f?.latencyP95Ms) ? f!.latencyP95Ms : 0,
      repliesSent: f?.repliesSent ?? 0,
      repliesThrottled: f?.repliesThrottled ?? 0,
      dropped: f?.dropped ?? 0,
      clients: f?.clients ?? 0,
      address: server?.address || this.stoppedText(),
      recording: this.controller.isRecording,
      ...(this.controller.recordingPath ? { recordingFolder: this.controller.recordingPath } : {}),
      cameraFrames: f?.cameraFrames ?? 0,
      detectorP50Ms: finite(f?.detectorP50Ms),
      detectorP95Ms: finite(f?.detectorP95Ms),
      noHand: f?.noHand ?? 0,
      undecodable: f?.undecodable ?? 0,
      detector: this.controller.detectorStatus,
    };
    this.lastStats = stats;
    void this.webview.post(stats);
  }

  private stoppedText(): string {
    const s = this.controller.status;
    return s.kind === 'failed' ? `not running: ${s.message}` : s.kind === 'starting' ? 'starting…' : 'not running';
  }

  /** Closes the panel and releases what it holds (timers, subscriptions, the webview), once. */
  dispose(): void {
    if (this.state.kind === 'disposed') return;
    this.state = { kind: 'disposed' };
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions.length = 0;
    if (!this.webview.disposed) this.webview.panel.dispose();
  }
}
