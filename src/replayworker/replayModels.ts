import type { LoadedModel } from '../model/loadedModel';
import { ModelLoadError, withoutPathPrefix } from '../model/loadedModel';
import { loadModelInPool, HOST_REQUEST_WINDOWS } from '../model/loadModelInPool';
import { loadModelWithProfile } from '../model/loadModelWithProfile';
import type { ModelHostPool } from '../model/hostPool';
import { hostPoolFor } from '../model/hostLayouts';
import { hashFile } from '../core/fileHash';
import { errorText } from '../core/errorText';
import type { ReplayWorkerData, WorkerModel } from './protocol';

/**
 * The replay panels' model hosts, started from this thread: starting a process blocks the thread that
 * starts it until the child has exec'd, which the extension host's thread should never wait for, and
 * their requests and replies are work too.
 * One model at a time, the one loaded last (the settings name one); a model to compare with gets hosts of
 * its own (same layout, started on the first comparison), since a host holds one model. The hosts exit
 * with the worker: their IPC channels close with its thread.
 */
export class ReplayModels {
  private readonly pool: ModelHostPool;
  private comparePool: ModelHostPool | null = null;
  private current: { key: string; model: Promise<LoadedModel> } | null = null;
  private compared: { key: string; model: Promise<LoadedModel> } | null = null;
  private loads = 0;

  constructor(
    private readonly layout: ReplayWorkerData['modelHosts'],
    private readonly onCrash: (message: string) => void,
  ) {
    this.pool = hostPoolFor(layout.script, layout, onCrash);
  }

  /** Loads a model, replacing the one before; rejects with a ModelLoadError. */
  async load(path: string, displayName: string, overrides: unknown): Promise<WorkerModel> {
    const key = `${++this.loads}:${path}`;
    const model = loadModelInPool(this.pool, path, displayName, overrides);
    this.current = { key, model };
    const { runner: _runner, ...info } = await model;
    return { key, ...info };
  }

  /**
   * Loads a model to compare with, replacing the compared one before, its profile from `profileFile` (else
   * resolved as `evaluate --model` does); rejects with a ModelLoadError naming the file.
   */
  async loadCompare(path: string, displayName: string, profileFile?: string): Promise<WorkerModel> {
    const key = `compare ${++this.loads}:${path}`;
    this.comparePool ??= hostPoolFor(this.layout.script, this.layout, this.onCrash);
    const pool = this.comparePool;
    const model = (async (): Promise<LoadedModel> => {
      try {
        const [loaded, hash] = await Promise.all([
          loadModelWithProfile(pool.clients[0], path, { profileFile }),
          hashFile(path),
          ...pool.clients.slice(1).map((c) => c.load(path)),
        ]);
        const runner = pool.createRunner(loaded.resolved.profile, HOST_REQUEST_WINDOWS);
        return { path, displayName, resolved: loaded.resolved, signature: loaded.signature, runner, hash };
      } catch (error) {
        const reason = withoutPathPrefix(errorText(error), path);
        throw new ModelLoadError(`${path}: ${reason}`, path, reason);
      }
    })();
    this.compared = { key, model };
    const { runner: _runner, ...info } = await model;
    return { key, ...info };
  }

  /** The model `key` names, with its runner; an error when another was loaded since. */
  async model(key: string): Promise<LoadedModel> {
    if (this.current?.key === key) return this.current.model;
    if (this.compared?.key === key) return this.compared.model;
    throw new Error(key.startsWith('compare ')
      ? 'another model to compare with was chosen before this comparison started'
      : 'the model was replaced (the settings changed) before the analysis started');
  }
}
