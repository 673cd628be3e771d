import { parsePartialProfile, type PartialProfile } from '../core/model/parsePartialProfile';
import { SETTING } from '../protocol/settingNames';

/** The profile overrides setting's value checked field by field; null when it sets nothing. */
export function settingOverrides(overrides: unknown): PartialProfile | null {
  return overrides && typeof overrides === 'object' && Object.keys(overrides).length > 0
    ? parsePartialProfile(overrides, `setting ${SETTING.profileOverrides}`)
    : null;
}
