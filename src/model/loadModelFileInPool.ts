import { ModelHostPool } from './hostPool';
import { loadModelWithProfile, type ModelWithProfile } from './loadModelWithProfile';
import { HOST_REQUEST_WINDOWS } from './loadModelInPool';
import type { ModelRunner } from '../core/pipeline/types';
import { findHostScript } from '../modelhost/hostScript';

export interface PooledModel extends ModelWithProfile {
  pool: ModelHostPool;
  /** Cuts each batch into requests of HOST_REQUEST_WINDOWS that the pool's hosts take from one queue (the replay panel's runner). */
  runner: ModelRunner;
}

/**
 * Starts `hosts` model hosts (single-threaded unless `intraOpThreads` says otherwise) (the replay panel's layout is 2) and loads the model file in
 * each, its profile resolved in the first from `profileFile` (else the sidecar), metadata and signature.
 * Resolves once the first host is ready: the others take requests as soon as each has loaded (loadBehind),
 * so on a machine busy starting them all, the analysis does not wait for the slowest.
 * Rejects with the model host's or the profile's one-line error; the hosts are stopped then.
 */
export async function loadModelFileInPool(
  modelPath: string,
  options: { profileFile?: string; hosts: number; intraOpThreads?: number; onCrash?: (message: string) => void },
): Promise<PooledModel> {
  const pool = new ModelHostPool({ hostScript: findHostScript(), hosts: options.hosts, intraOpThreads: options.intraOpThreads ?? 1, onCrash: options.onCrash });
  try {
    // The first host is waited for (its load resolves the profile); the others take requests once loaded.
    void pool.loadBehind(modelPath);
    const loaded = await loadModelWithProfile(pool.clients[0], modelPath, { profileFile: options.profileFile });
    if (pool.loadBehindFailure !== null) throw pool.loadBehindFailure;
    return { ...loaded, pool, runner: pool.createRunner(loaded.resolved.profile, HOST_REQUEST_WINDOWS) };
  } catch (error) {
    await pool.dispose();
    throw error;
  }
}
