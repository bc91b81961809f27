import type { Version } from '../../../shared/api/versions.ts';
import type { MessageKey } from '../../../shared/i18n/sv.ts';
import type { Locale, MessageValues } from '../../../shared/i18n/translate.ts';
import { CURRENT_TEXT } from '../api/versionsApi.ts';
import { formatDateTime } from '../comments/formatTime.ts';
import { versionLabel } from './versionLabel.ts';

type Translate = (key: MessageKey, values?: MessageValues) => string;

/**
 * What one side of a comparison is called: "Current text", or a version's name with its time,
 * since checkpoints share their names. An id the list does not hold (older than the listed
 * versions) is shown as it is.
 */
export function sideLabel(
  side: string,
  versions: readonly Version[],
  t: Translate,
  locale: Locale,
): string {
  if (side === CURRENT_TEXT) return t('versions.current');
  const version = versions.find((candidate) => candidate.id === side);
  if (!version) return side;
  return t('versions.option', {
    name: versionLabel(version, t),
    time: formatDateTime(version.createdAt, locale),
  });
}
