import type * as vscode from 'vscode';
import { basename } from 'node:path';
import type { ExtensionToWebview, WebviewToExtension } from '../../protocol/messages';
import type { WorkerModel } from '../../replayworker/protocol';
import { errorText } from '../../core/errorText';
import type { ReplayState } from './replayLifecycle';
import type { ReplayPanelDeps } from './replayPanelContract';
import { saveCsvExport, savePngExport } from './replayExports';
import { reanalyseWithOverrides, saveProfileSidecar } from './knobRequests';
import { openLocation } from './openLocation';

/** What the actions need of their panel: its name in the log, its session file, its state, its webview. */
export interface ReplayActionsHost {
  readonly id: string;
  readonly file: vscode.Uri;
  readonly deps: Pick<ReplayPanelDeps, 'worker' | 'log' | 'pickCompareModel'>;
  state(): ReplayState;
  post(message: ExtensionToWebview): void;
}

/**
 * What a replay panel does with its session and analysis on the user's request: compare with another
 * model, export the results as CSV or a view as PNG, save the knobs as the model's profile, open a
 * problem's location, re-run with overrides the knobs cannot apply.
 */
export class ReplayActions {
  /** The model of the last comparison that finished, until it is closed or replaced (Swap models uses it). */
  compared: WorkerModel | null = null;

  constructor(private readonly host: ReplayActionsHost) {}

  /** Carries out the webview's request when it is one of these actions; false for any other message. */
  async handle(message: WebviewToExtension): Promise<boolean> {
    switch (message.type) {
      case 'compareModel': {
        const picked = await this.host.deps.pickCompareModel();
        if (picked) await this.compare(picked.model, picked.profile).catch(() => undefined);
        return true;
      }
      case 'closeComparison':
        await this.closeComparison();
        return true;
      case 'exportCsv':
        await this.exportCsv(message.name);
        return true;
      case 'exportPng':
        await this.exportPng(message.name, message.dataUrl);
        return true;
      case 'saveProfile':
        await this.saveProfile(message.profile);
        return true;
      case 'reanalyse':
        await reanalyseWithOverrides(message.overrides, this.host.deps.log);
        return true;
      case 'openLocation':
        await openLocation(message.file, message.line);
        return true;
      default:
        return false;
    }
  }

  /**
   * Writes the per-frame results as `analyze --format csv` does to `file`; false when the analysis is not
   * done (nothing is written).
   */
  async writeCsv(file: string): Promise<boolean> {
    const state = this.host.state();
    if (state.kind !== 'analysed') return false;
    const { session } = await state.attempt.prepared;
    if (!session) return false;
    await session.writeCsv(file);
    return true;
  }

  /** Asks where to save the CSV export and writes it there, once the analysis finished. */
  async exportCsv(name: string): Promise<void> {
    const { host } = this;
    if (host.state().kind !== 'analysed') {
      host.post({ type: 'notice', level: 'warning', text: 'The analysis is not finished yet; export again when it is.' });
      return;
    }
    await saveCsvExport(host.file, name, (file) => this.writeCsv(file).then(() => undefined), host.deps.log, (notice) => host.post(notice));
  }

  async exportPng(name: string, dataUrl: string): Promise<void> {
    const { host } = this;
    await savePngExport(host.file, name, dataUrl, host.deps.log, (notice) => host.post(notice));
  }

  /** Writes the webview's knobs as the model's profile sidecar. */
  async saveProfile(profile: Record<string, unknown>): Promise<void> {
    const { host } = this;
    const state = host.state();
    if (state.kind === 'disposed') return;
    const { model } = await state.attempt.prepared;
    if (!model) host.post({ type: 'notice', level: 'error', text: 'No model is loaded: there is no profile to save.' });
    else await saveProfileSidecar({ path: model.path, bundled: model.displayName.startsWith('bundled') }, profile, host.deps.log, (notice) => host.post(notice));
  }

  /**
   * Runs a second model (or the same model with another profile) over the session, once the panel's own
   * analysis finished, through the worker's cached, batched analysis; the webview gets its results, its
   * evaluation and the comparison. Rejects with a one-line reason (also told to the webview).
   */
  async compare(modelPath: string, profileFile?: string): Promise<void> {
    const { host } = this;
    const state = host.state();
    if (state.kind !== 'analysed') {
      const reason = 'the panel\'s own analysis has not finished yet; compare again when it has';
      host.post({ type: 'notice', level: 'warning', text: `Compare: ${reason}.` });
      throw new Error(reason);
    }
    const name = profileFile ? `${basename(modelPath)} with ${basename(profileFile)}` : basename(modelPath);
    this.compared = null;
    const model = await host.deps.worker.loadCompareModel(modelPath, name, profileFile).catch((error: unknown) => this.failed(modelPath, error));
    await this.compareWith(model);
  }

  /**
   * Compares with a model already loaded in the worker (the one compared before, or the panel's former model
   * after a swap); rejects with a one-line reason, also told to the webview.
   */
  async compareWith(model: WorkerModel): Promise<void> {
    const { host } = this;
    const state = host.state();
    if (state.kind !== 'analysed') throw new Error('the panel\'s own analysis has not finished');
    const { session } = await state.attempt.prepared;
    if (!session) throw new Error('the session is not open');
    this.compared = null;
    const outcome = await session.compare(model.key).catch((error: unknown) => this.failed(model.path, error));
    this.compared = model;
    host.deps.log.info(`${host.id} compared with ${model.displayName}: ${outcome.windows} windows, ${outcome.fromCache ? 'from the cache' : `${outcome.modelCalls} model calls`}`);
  }

  /** Closes the comparison (the webview already dropped it). */
  async closeComparison(): Promise<void> {
    this.compared = null;
    const state = this.host.state();
    if (state.kind === 'disposed') return;
    const { session } = await state.attempt.prepared;
    await session?.closeCompare();
  }

  private failed(modelPath: string, error: unknown): never {
    const reason = errorText(error);
    this.host.deps.log.warn(`${this.host.id}: comparison with ${modelPath} failed: ${reason}`);
    this.host.post({ type: 'compareClosed', error: reason });
    throw error;
  }
}
