import { describe, expect, it } from 'vitest';
import { compactThreadListSchema, type CompactThreadList } from './api/compactThreads.ts';
import { threadSchema } from './api/comments.ts';
import { CompactThreadListError, expandCompactThreads } from './expandCompactThreads.ts';

const anna = { id: 'u-anna', name: 'Anna Åström', organisation: 'Region Västerbotten' };
const bo = { id: 'u-bo', name: 'Bo Ek', organisation: 'SKR' };

/** One block thread whose paragraph went away and whose text was found again in another. */
const list: CompactThreadList = compactThreadListSchema.parse({
  shape: 'compact',
  documentId: 'd1',
  people: [anna, bo],
  versions: [{ id: 'v1', name: 'Remissversion' }],
  threads: [
    {
      id: 't1',
      author: 1,
      createdAt: '2026-12-01T10:00:00.000Z',
      status: 'open',
      anchor: {
        kind: 'block',
        status: 'anchored',
        exact: 'Lagen träder i kraft.',
        prefix: '',
        suffix: '',
        blockId: 'p7',
        fragment: 'p3',
        start: 'AQ==',
        end: 'Ag==',
      },
      madeOnVersion: 0,
      comments: [
        {
          id: 'c1',
          author: 1,
          body: 'Håller med @Anna',
          mentions: [0],
          createdAt: '2026-12-01T10:00:00.000Z',
        },
      ],
    },
  ],
});

describe('expandCompactThreads', () => {
  it('rebuilds every field the full shape has, and a moved block keeps its stored id', () => {
    const [thread] = expandCompactThreads(list);
    expect(threadSchema.parse(thread)).toStrictEqual({
      id: 't1',
      documentId: 'd1',
      author: bo,
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
      stance: null,
      status: 'open',
      resolved: null,
      disposition: null,
      anchor: {
        kind: 'block',
        status: 'anchored',
        selector: { type: 'FragmentSelector', value: 'p3' },
        exact: 'Lagen träder i kraft.',
        prefix: '',
        suffix: '',
        blockId: 'p7',
        start: 'AQ==',
        end: 'Ag==',
      },
      madeOnVersion: { id: 'v1', name: 'Remissversion' },
      comments: [
        {
          id: 'c1',
          threadId: 't1',
          author: bo,
          body: 'Håller med @Anna',
          mentions: [anna],
          createdAt: '2026-12-01T10:00:00.000Z',
          editedAt: null,
          deletedAt: null,
          hidden: null,
        },
      ],
    });
  });

  it('refuses a list that names a person it does not hold, rather than inventing one', () => {
    const broken: CompactThreadList = { ...list, people: [anna] };
    expect(() => expandCompactThreads(broken)).toThrow(CompactThreadListError);
  });
});
