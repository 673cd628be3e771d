import * as vscode from 'vscode';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { livePipelineFactory } from '../../liveserver/livePipelineFactory';
import { CoalescingRunner } from '../../core/live/coalescingRunner';
import { OpeningRecordSink } from '../../core/live/liveSessionRecorder';
import { LivePortInUseError } from '../../liveserver/livePortInUseError';
import { LiveServer, type LiveServerListener } from '../../liveserver/liveServer';
import { errorText } from '../../core/errorText';
import type { LoadedModel, ModelLoader } from '../../model/loadedModel';
import type { DetectorSettings } from '../../core/model/profile';
import { LiveStatusBar, type LiveServerState } from './liveStatusBar';
import { affectsLive, liveSettings } from '../settings';
import { SETTING } from '../../protocol/settingNames';
import { OnDemandLiveDetectors, type OnDemandDetectorState } from '../../detectorhost/onDemandLiveDetectors';

export interface RecordingResult {
  path: string;
  frames: number;
}

/**
 * Owns the extension's live server: starts it with the model from the settings, restarts it when the
 * live or model settings change, keeps the status bar current, and records clients to session files.
 */
export class LiveController implements vscode.Disposable {
  private server: LiveServer | null = null;
  /** The hand detector for camera frames, started at the first one (headless Chromium: docs/detector.md). */
  private detectors: OnDemandLiveDetectors | null = null;
  private model: LoadedModel | null = null;
  /** Starts, stops and restarts, one after another: two settings changes in a row must not interleave. */
  private lifecycle: Promise<unknown> = Promise.resolve();
  private restartQueued = false;
  /** Someone asked for the server (panel, recording): settings changes restart it, even after a failure. */
  private wanted = false;
  private state: LiveServerState = { kind: 'stopped' };
  private readonly listeners = new Set<LiveServerListener>();
  private readonly statusBar = new LiveStatusBar();
  private readonly changed = new vscode.EventEmitter<void>();
  private ticker: NodeJS.Timeout | undefined;
  private recordings: OpeningRecordSink[] = [];
  /** The folder being recorded to; null when not recording. */
  private recordingFolder: string | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  /** Fires when the server starts, stops, fails, or recording starts or stops. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly loadModel: ModelLoader,
  ) {
    this.disposables.push(
      this.statusBar,
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsLive(e) && this.wanted) this.restart();
      }),
    );
  }

  get liveServer(): LiveServer | null {
    return this.server;
  }

  /** Where the hand detector is: idle until the first camera frame. */
  get detectorState(): OnDemandDetectorState {
    return this.detectors?.state ?? { kind: 'idle' };
  }

  /** The detector's state as one string: idle, starting, ready, or "failed: why". */
  get detectorStatus(): string {
    const state = this.detectorState;
    return state.kind === 'failed' ? `failed: ${state.message}` : state.kind;
  }

  get currentModel(): LoadedModel | null {
    return this.model;
  }

  get status(): LiveServerState {
    return this.state;
  }

  get statusText(): string {
    return this.statusBar.text;
  }

  get isRecording(): boolean {
    return this.recordingFolder !== null;
  }

  /** The folder being recorded to; null when not recording. */
  get recordingPath(): string | null {
    return this.recordingFolder;
  }

  /** Listens to the server's events, across restarts. */
  subscribe(listener: LiveServerListener): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  /** Starts the server if it is not running; false (after telling the user why) when it cannot. */
  ensureRunning(): Promise<boolean> {
    this.wanted = true;
    return this.queued(() => (this.server?.running ? Promise.resolve(true) : this.start()));
  }

  stop(): Promise<void> {
    return this.queued(() => this.stopNow());
  }

  private queued<T>(step: () => Promise<T>): Promise<T> {
    const next = this.lifecycle.then(step, step);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  private async stopNow(): Promise<void> {
    await this.stopRecording();
    const server = this.server;
    const detectors = this.detectors;
    this.server = null;
    this.detectors = null;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    await server?.stop();
    await detectors?.close();
    this.setState({ kind: 'stopped' });
  }

  /** One restart for a burst of settings changes; callers queued after it get the new server. */
  private restart(): void {
    if (this.restartQueued) return;
    this.restartQueued = true;
    void this.queued(async () => {
      this.restartQueued = false;
      this.log.info('live server: settings changed, restarting');
      await this.stopNow();
      if (this.wanted) await this.start();
    });
  }

  private async start(): Promise<boolean> {
    const { host, port, chromium, allowedOrigins, allowedHosts, maxClients, idleTimeoutS } = liveSettings();
    this.setState({ kind: 'starting' });
    let model: LoadedModel;
    try {
      model = await this.loadModel();
    } catch (error) {
      return this.fail(`the live server needs a model: ${errorText(error)}`, SETTING.modelPath);
    }
    const profile = model.resolved.profile;
    // Clients share the model: windows that arrive while it is busy run together as one batch.
    const runner = new CoalescingRunner(model.runner);
    const detectors = this.makeDetectors(profile.detector, profile.sharedState, chromium);
    const server = new LiveServer({
      host,
      port,
      allowedOrigins,
      allowedHosts,
      maxClients,
      idleTimeoutMs: idleTimeoutS * 1000,
      createPipeline: livePipelineFactory(profile, runner),
      detectors,
    });
    server.on(this.forwarder());
    try {
      const address = await server.start();
      this.server = server;
      this.detectors = detectors;
      this.model = model;
      this.log.info(`live server listening on ${address} (model ${model.displayName})`);
      this.ticker = setInterval(() => this.refresh(), 1000);
      this.refresh();
      return true;
    } catch (error) {
      void detectors.close();
      if (error instanceof LivePortInUseError) {
        return this.fail(`${error.message}. Change the setting ${SETTING.livePort}`, SETTING.livePort);
      }
      return this.fail(`the live server cannot listen on ${host}:${port}: ${errorText(error)}`, SETTING.live);
    }
  }

  /**
   * The server's hand detector, with the profile's options; one tracker per client, or one for all with
   * sharedState. Its failures are logged, and told to the user once per server start.
   */
  private makeDetectors(settings: DetectorSettings, shared: boolean, chromium: string): OnDemandLiveDetectors {
    const where = `the setting ${SETTING.chromiumPath}`;
    let told = false;
    return new OnDemandLiveDetectors(settings, shared, { chromium: chromium || undefined, chromiumOption: { name: where, hint: where } }, (state) => {
      if (state.kind === 'starting') this.log.info('live: starting the hand detector for camera frames');
      else if (state.kind === 'ready') this.log.info(`live: hand detector running in ${state.chromium}`);
      else if (state.kind === 'failed') {
        this.log.warn(`live: no hand detector for camera frames: ${state.message}`);
        if (!told) {
          told = true;
          void vscode.window.showWarningMessage(`Landmark Lens: camera frames get an error reply: ${state.message}`, 'Open Settings').then((choice) => {
            if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', SETTING.chromiumPath);
          });
        }
      }
      this.refresh();
    });
  }

  private fail(message: string, setting: string): false {
    // A warning in the log: the user's setting is the cause, not the extension.
    this.log.warn(`live server: ${message}`);
    this.setState({ kind: 'failed', message });
    void vscode.window.showErrorMessage(`Landmark Lens: ${message}`, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
    return false;
  }

  /** One listener on each server, fanning out to the subscribers (panels) and the recorder. */
  private forwarder(): LiveServerListener {
    const each = <K extends keyof LiveServerListener>(name: K) =>
      ((...args: unknown[]) => {
        for (const l of this.listeners) (l[name] as ((...a: unknown[]) => void) | undefined)?.apply(l, args);
      }) as NonNullable<LiveServerListener[K]>;
    return {
      clientConnected: (client) => {
        this.log.info(`live: client ${client.id} connected from ${client.remote}`);
        each('clientConnected')(client);
        this.refresh();
      },
      clientClosed: (client, code, reason) => {
        const m = client.session.meter;
        this.log.info(
          `live: client ${client.id} left (code ${code}${reason ? `, ${reason}` : ''}): ${m.received} frames, ${m.repliesSent} replies, ${m.dropped} dropped, ${m.errors} errors`,
        );
        each('clientClosed')(client, code, reason);
        this.refresh();
      },
      connectionRefused: (remote, reason) => {
        this.log.warn(`live: refused a connection from ${remote}: ${reason}`);
        each('connectionRefused')(remote, reason);
        this.refresh();
      },
      frameProcessed: each('frameProcessed'),
      targetChanged: each('targetChanged'),
    };
  }

  /** Records every client, each to its own file in `folder` (default: the workspace's `recordings/`). */
  async startRecording(folder?: string): Promise<string | null> {
    if (this.isRecording) return null;
    if (!(await this.ensureRunning()) || !this.server) return null;
    const dir = folder ?? this.defaultRecordingFolder();
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      void vscode.window.showErrorMessage(`Landmark Lens: cannot create the recordings folder ${dir}: ${errorText(error)}`);
      return null;
    }
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    const address = this.server.address;
    this.server.startRecording((client) => {
      const path = join(dir, `live-${stamp}-client${client.id}.landmarks.jsonl`);
      // A camera client's recording keeps every image, so it replays with them.
      const sink = new OpeningRecordSink(
        path,
        { source: `live ${address} client ${client.id} (${client.remote})`, model: this.model?.displayName ?? '' },
        { images: 'if-camera' },
      );
      sink.opened.catch(() => undefined);
      this.recordings.push(sink);
      return sink;
    });
    this.recordingFolder = dir;
    this.log.info(`live: recording to ${dir}`);
    this.refresh();
    return dir;
  }

  /** Stops recording; returns the files written (those with frames first, most frames first). */
  async stopRecording(): Promise<RecordingResult[]> {
    if (!this.isRecording) return [];
    const sinks = this.recordings;
    this.recordings = [];
    this.recordingFolder = null;
    this.server?.stopRecording();
    const results: RecordingResult[] = [];
    for (const sink of sinks) {
      try {
        await sink.close();
        results.push({ path: sink.path, frames: sink.frames });
      } catch (error) {
        this.log.error(`live: recording ${sink.path} failed: ${errorText(error)}`);
        void vscode.window.showErrorMessage(`Landmark Lens: recording ${sink.path} failed: ${errorText(error)}`);
      }
    }
    results.sort((a, b) => b.frames - a.frames);
    this.log.info(`live: recording stopped: ${results.map((r) => `${r.path} (${r.frames} frames)`).join(', ') || 'no clients'}`);
    this.refresh();
    return results;
  }

  private defaultRecordingFolder(): string {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? join(folder.uri.fsPath, 'recordings') : join(this.context.globalStorageUri.fsPath, 'recordings');
  }

  private refresh(): void {
    if (!this.server?.running) return;
    this.setState({
      kind: 'listening',
      address: this.server.address,
      figures: this.server.figures(),
      recording: this.isRecording,
    });
  }

  private setState(state: LiveServerState): void {
    const changed = state.kind !== this.state.kind || (state.kind === 'listening' && this.state.kind === 'listening' && state.recording !== this.state.recording);
    this.state = state;
    this.statusBar.show(state);
    if (changed) this.changed.fire();
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
