import { existsSync } from 'node:fs';
import { settingOverrides } from './settingOverrides';
import type { ModelHostPool } from './hostPool';
import { loadModelWithProfile } from './loadModelWithProfile';
import { hashFile } from '../core/fileHash';
import { ModelLoadError, withoutPathPrefix, type LoadedModel } from './loadedModel';
import { errorText } from '../core/errorText';
import { SETTING } from '../protocol/settingNames';

/**
 * Most windows a model host runs at once for replay analysis: a batch's part is sent in requests of this
 * size. A model the size of the users' runs faster in requests of this size than in larger ones (its
 * weights and states stay in cache), and the requests queue, so the host does not wait between them.
 */
export const HOST_REQUEST_WINDOWS = 64;


/**
 * Loads the model at `path` with the settings' profile `overrides` into every host of `pool`, resolving
 * its profile in the first. Every failure is a ModelLoadError whose one-line message names the file
 * and the setting to change.
 */
export async function loadModelInPool(pool: ModelHostPool, path: string, displayName: string, overrides: unknown): Promise<LoadedModel> {
  if (!existsSync(path)) {
    throw new ModelLoadError(`model file ${path} does not exist: set ${SETTING.modelPath} to an .onnx file`, path, 'the model file does not exist');
  }
  try {
    const partial = settingOverrides(overrides);
    const [loaded, hash] = await Promise.all([
      loadModelWithProfile(pool.clients[0], path, { overrides: partial }),
      hashFile(path),
      ...pool.clients.slice(1).map((c) => c.load(path)),
    ]);
    return {
      path,
      displayName,
      resolved: loaded.resolved,
      signature: loaded.signature,
      runner: pool.createRunner(loaded.resolved.profile, HOST_REQUEST_WINDOWS),
      hash,
    };
  } catch (error) {
    const reason = withoutPathPrefix(errorText(error), path);
    throw new ModelLoadError(`${path}: ${reason} (check ${SETTING.modelPath})`, path, reason);
  }
}
