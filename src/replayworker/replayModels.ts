import type { LoadedModel } from '../model/loadedModel';
import { loadModelInPool } from '../model/loadModelInPool';
import type { ModelHostPool } from '../model/hostPool';
import { hostPoolFor } from '../model/hostLayouts';
import type { ReplayWorkerData, WorkerModel } from './protocol';

/**
 * The replay panels' model hosts, started from this thread: starting a process blocks the thread that
 * starts it until the child has exec'd, which the extension host's thread should never wait for, and
 * their requests and replies are work too.
 * One model at a time, the one loaded last (the settings name one). The hosts exit with the worker: their
 * IPC channels close with its thread.
 */
export class ReplayModels {
  private readonly pool: ModelHostPool;
  private current: { key: string; model: Promise<LoadedModel> } | null = null;
  private loads = 0;

  constructor(layout: ReplayWorkerData['modelHosts'], onCrash: (message: string) => void) {
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

  /** The model `key` names, with its runner; an error when another was loaded since. */
  async model(key: string): Promise<LoadedModel> {
    if (this.current?.key !== key) throw new Error('the model was replaced (the settings changed) before the analysis started');
    return this.current.model;
  }
}
