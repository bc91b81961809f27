import type { Version } from '../../../shared/api/versions.ts';
import type { MessageKey } from '../../../shared/i18n/sv.ts';

type Translate = (key: MessageKey) => string;

/**
 * What a version is called in lists, headings and pickers: its name when someone named it, and
 * otherwise what kind of checkpoint it is, since checkpoints have no name of their own.
 */
export function versionLabel(version: Pick<Version, 'kind' | 'reason' | 'name'>, t: Translate) {
  if (version.kind === 'named' && version.name !== null) return version.name;
  return t(version.reason === 'before-restore' ? 'versions.beforeRestore' : 'versions.checkpoint');
}
