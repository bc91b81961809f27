import type { HocuspocusProvider } from '@hocuspocus/provider';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface Present {
  clientId: number;
  name: string;
  color: string;
}

function readPresent(provider: HocuspocusProvider): Present[] {
  const states = provider.awareness?.getStates() ?? new Map<number, Record<string, unknown>>();
  const people: Present[] = [];
  for (const [clientId, state] of states) {
    const user = state['user'] as { name?: unknown; color?: unknown } | undefined;
    if (typeof user?.name === 'string' && typeof user.color === 'string') {
      people.push({ clientId, name: user.name, color: user.color });
    }
  }
  return people.sort((a, b) => a.name.localeCompare(b.name));
}

function samePeople(a: readonly Present[], b: readonly Present[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (person, index) =>
        person.clientId === b[index]?.clientId &&
        person.name === b[index].name &&
        person.color === b[index].color,
    )
  );
}

/**
 * Who is in the document right now, with the colour of their caret. Awareness changes whenever
 * anyone's caret moves, the user's own with every key; the list renders only when someone comes,
 * goes or is renamed, since every React commit while the caret is in the editor walks the
 * editor's whole DOM (see useSaveIndicator).
 */
export function PresenceList({ provider }: { provider: HocuspocusProvider }) {
  const { t } = useI18n();
  const known = useRef<Present[] | null>(null);
  const subscribe = useCallback(
    (onChange: () => void) => {
      provider.on('awarenessChange', onChange);
      return () => {
        provider.off('awarenessChange', onChange);
      };
    },
    [provider],
  );
  const people = useSyncExternalStore(subscribe, () => {
    const read = readPresent(provider);
    if (known.current === null || !samePeople(known.current, read)) known.current = read;
    return known.current;
  });

  const self = provider.awareness?.clientID;
  return (
    <section className="presence" aria-labelledby="presence-heading">
      <h2 id="presence-heading" className="presence-heading">
        {t('presence.heading')}
      </h2>
      <ul className="presence-list" aria-label={t('presence.count', { count: people.length })}>
        {people.map((person) => (
          <li key={person.clientId} className="presence-person">
            <span
              className="presence-dot"
              style={{ backgroundColor: person.color }}
              aria-hidden="true"
            />
            {person.clientId === self ? t('presence.you', { name: person.name }) : person.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
