import type { HocuspocusProvider } from '@hocuspocus/provider';
import { useEffect, useState } from 'react';
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

/** Who is in the document right now, with the colour of their caret. */
export function PresenceList({ provider }: { provider: HocuspocusProvider }) {
  const { t } = useI18n();
  const [people, setPeople] = useState<Present[]>(() => readPresent(provider));

  useEffect(() => {
    const update = () => setPeople(readPresent(provider));
    update();
    provider.on('awarenessChange', update);
    return () => {
      provider.off('awarenessChange', update);
    };
  }, [provider]);

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
