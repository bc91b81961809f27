import { describe, expect, it } from 'vitest';
import { notificationRecipients } from './notificationRecipients.ts';

describe('notificationRecipients', () => {
  it('tells the mentioned and, for a reply, the thread author', () => {
    expect(
      notificationRecipients({ actorId: 'me', mentions: ['ann', 'bo'], threadAuthorId: 'cy' }),
    ).toEqual([
      { userId: 'ann', kind: 'mention' },
      { userId: 'bo', kind: 'mention' },
      { userId: 'cy', kind: 'reply' },
    ]);
  });

  it('tells a mentioned thread author once, as a mention', () => {
    expect(
      notificationRecipients({ actorId: 'me', mentions: ['cy', 'cy'], threadAuthorId: 'cy' }),
    ).toEqual([{ userId: 'cy', kind: 'mention' }]);
  });

  it('never tells the writer, not even about their own thread or a self-mention', () => {
    expect(
      notificationRecipients({ actorId: 'me', mentions: ['me'], threadAuthorId: 'me' }),
    ).toEqual([]);
  });

  it('tells nobody about a first comment without mentions', () => {
    expect(notificationRecipients({ actorId: 'me', mentions: [], threadAuthorId: null })).toEqual(
      [],
    );
  });
});
