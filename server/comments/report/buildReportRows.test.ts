import { describe, expect, it } from 'vitest';
import type { Thread } from '../../../shared/api/comments.ts';
import { roles, type Role } from '../../../shared/api/roles.ts';
import { buildAuthor, buildComment, buildThread } from '../../test/buildThread.ts';
import { buildReportRows } from './buildReportRows.ts';

const labels = new Map([
  ['p1', '3.2 ¶4'],
  ['p2', '3.2 ¶5'],
  ['h1', '3.2'],
]);

const rows = (threads: Thread[], viewerRole: Role = 'commenter') =>
  buildReportRows({ threads, labels, viewerRole });

const moderator = buildAuthor('Olle Ägare', 'Finansdepartementet');
const hiddenComment = buildComment({
  id: 'hidden',
  body: 'Personangrepp mot handläggaren.',
  hidden: { at: '2025-03-15T10:00:00.000Z', by: moderator, reason: 'Kränkande' },
});

describe('buildReportRows', () => {
  it('keeps the document order it is given and numbers threads from 1', () => {
    // listThreads sorts by place in the text; creation order is deliberately different here.
    const threads = [
      buildThread({ id: 'b', createdAt: '2025-03-16T00:00:00.000Z' }),
      buildThread({ id: 'a', createdAt: '2025-03-14T00:00:00.000Z' }),
      buildThread({ id: 'c', createdAt: '2025-03-15T00:00:00.000Z' }),
    ];
    expect(rows(threads).map((row) => [row.number, row.id])).toEqual([
      [1, 'b'],
      [2, 'a'],
      [3, 'c'],
    ]);
  });

  it('gives each thread the paragraph number of its block, or none when the block is gone', () => {
    const [onParagraph, onHeading, unknown, noBlock] = rows([
      buildThread({ id: 'p', anchor: { ...buildThread().anchor, blockId: 'p2' } }),
      buildThread({ id: 'h', anchor: { ...buildThread().anchor, blockId: 'h1' } }),
      buildThread({ id: 'x', anchor: { ...buildThread().anchor, blockId: 'deleted-block' } }),
      buildThread({ id: 'n', anchor: { ...buildThread().anchor, blockId: null } }),
    ]);
    expect(onParagraph?.paragraph).toBe('3.2 ¶5');
    expect(onHeading?.paragraph).toBe('3.2');
    expect(unknown?.paragraph).toBeNull();
    expect(noBlock?.paragraph).toBeNull();
  });

  it('lists a thread on removed text with its original quote, marked as removed', () => {
    const anchor = {
      ...buildThread().anchor,
      status: 'removed' as const,
      exact: 'den borttagna meningen',
      blockId: 'p1',
    };
    const [row] = rows([buildThread({ anchor })]);
    expect(row).toMatchObject({
      quote: 'den borttagna meningen',
      textRemoved: true,
      paragraph: '3.2 ¶4',
    });
    const [anchored] = rows([buildThread()]);
    expect(anchored?.textRemoved).toBe(false);
  });

  it('carries author, organisation, stance, status, resolution and disposition', () => {
    const editor = buildAuthor('Åsa Öberg', 'Myndigheten för digital förvaltning');
    const [row] = rows([
      buildThread({
        author: buildAuthor('Bo Ek', 'Sveriges kommuner och regioner'),
        stance: 'object',
        status: 'resolved',
        resolved: { at: '2025-03-20T09:00:00.000Z', by: editor },
        disposition: {
          value: 'partly-accepted',
          reason: 'Vi förtydligar 3.2.',
          at: '2025-03-20T09:00:00.000Z',
          by: editor,
        },
      }),
    ]);
    expect(row).toMatchObject({
      author: { name: 'Bo Ek', organisation: 'Sveriges kommuner och regioner' },
      stance: 'object',
      status: 'resolved',
      resolved: { at: '2025-03-20T09:00:00.000Z', by: { name: 'Åsa Öberg' } },
      disposition: {
        value: 'partly-accepted',
        reason: 'Vi förtydligar 3.2.',
        by: { name: 'Åsa Öberg', organisation: 'Myndigheten för digital förvaltning' },
      },
    });
  });

  it('shows no resolution for an open thread, even if an old one is still attached', () => {
    const [row] = rows([
      buildThread({
        status: 'open',
        resolved: { at: '2025-03-20T09:00:00.000Z', by: moderator },
      }),
    ]);
    expect(row?.resolved).toBeNull();
  });

  it('lists the opening comment first and the replies after it, with authors and times', () => {
    const [row] = rows([
      buildThread({
        comments: [
          buildComment({ id: 'first' }),
          buildComment({
            id: 'reply',
            author: buildAuthor('Örjan Åström', 'Skatteverket'),
            createdAt: '2025-03-15T12:00:00.000Z',
            editedAt: '2025-03-15T12:30:00.000Z',
            body: 'Håller med.',
          }),
        ],
      }),
    ]);
    expect(row?.comments).toEqual([
      expect.objectContaining({ id: 'first', isReply: false }),
      {
        id: 'reply',
        isReply: true,
        author: { name: 'Örjan Åström', organisation: 'Skatteverket' },
        createdAt: '2025-03-15T12:00:00.000Z',
        editedAt: '2025-03-15T12:30:00.000Z',
        body: { kind: 'text', text: 'Håller med.' },
      },
    ]);
  });

  it('marks a deleted comment as removed and never shows its text', () => {
    const [row] = rows(
      [
        buildThread({
          comments: [buildComment({ deletedAt: '2025-03-15T00:00:00.000Z', body: 'kvar i raden' })],
        }),
      ],
      'owner',
    );
    expect(row?.comments[0]?.body).toEqual({ kind: 'removed' });
  });

  it('treats a comment that is both deleted and hidden as removed, for owners too', () => {
    const both = { ...hiddenComment, deletedAt: '2025-03-16T00:00:00.000Z' };
    for (const role of roles) {
      expect(rows([buildThread({ comments: [both] })], role)[0]?.comments[0]?.body).toEqual({
        kind: 'removed',
      });
    }
  });

  it('shows an owner (or admin, who acts as owner) a hidden comment with its text and reason', () => {
    const [row] = rows([buildThread({ comments: [hiddenComment] })], 'owner');
    expect(row?.comments[0]?.body).toEqual({
      kind: 'hidden',
      text: 'Personangrepp mot handläggaren.',
      reason: 'Kränkande',
      by: { name: 'Olle Ägare', organisation: 'Finansdepartementet' },
    });
  });

  it.each(['editor', 'commenter', 'viewer'] as const)(
    'shows a %s only that a comment was hidden by a moderator: no text, no reason',
    (role) => {
      const [row] = rows([buildThread({ comments: [hiddenComment] })], role);
      expect(row?.comments[0]?.body).toEqual({ kind: 'hiddenByModerator' });
      expect(JSON.stringify(row)).not.toContain('Personangrepp');
      expect(JSON.stringify(row)).not.toContain('Kränkande');
    },
  );

  it('keeps a thread without comments', () => {
    const [row] = rows([buildThread({ comments: [] })]);
    expect(row?.comments).toEqual([]);
  });

  it('gives an empty report for no threads', () => {
    expect(rows([])).toEqual([]);
  });
});
