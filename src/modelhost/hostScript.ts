import { join } from 'node:path';
import { findBundle } from '../core/findBundle';

/** dist/modelhost.js, the nearest found walking up from this bundle's directory (findBundle). */
export function findHostScript(from: string = __dirname): string {
  return findBundle('modelhost.js', from) ?? join(from, 'modelhost.js');
}
