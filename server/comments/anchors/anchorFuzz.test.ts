/**
 * Randomised convergence test for comment anchors: four replicas edit a part of the demo draft
 * at once (typing, deleting, splitting and joining paragraphs, bold), synced through an
 * in-memory relay that serves links in random order, lets some updates overtake others and
 * holds whole batches back while a replica is offline. Anchors are made on one replica before
 * and during the edits. At the end every anchor must resolve alike on every replica, and keep to
 * its original characters: anchored with exactly the surviving ones (and no other character the
 * document held at creation), or, when none survive, re-found exactly when the re-find rule
 * allows it (see `refindAllowed`, written here independently of `refindQuote`) and removed
 * otherwise.
 *
 * Reproduce a failure with the seed from its message: REMISS_FUZZ_SEED=<seed> npx vitest run
 * --project unit server/comments/anchors/anchorFuzz.test.ts
 */
import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ANCHOR_REFIND_MIN_CONTEXT,
  ANCHOR_REFIND_UNIQUE_QUOTE_LENGTH,
} from '../../../shared/limits.ts';
import { contentToYUpdate } from '../../editor/contentToYUpdate.ts';
import { demoDraft } from '../../seed/demoDraft.ts';
import { createAnchor, type BlockAnchor, type StoredAnchor } from './createAnchor.ts';
import { flattenText, type FlatText, type TextSegment } from './flattenText.ts';
import { quoteContext } from '../../../shared/editor/quoteContext.ts';
import { resolveAnchor, type ResolvedAnchor } from './resolveAnchor.ts';
import {
  deleteAcross,
  editThenUndo,
  joinBackward,
  splitBlock,
  typeIntoEmptyBlock,
} from '../../test/yEdits.ts';

const CLIENTS = 4;
const OPERATIONS = 2_000;
const PASSAGES = 20;
/** How many top-level blocks of the demo draft the replicas start from. */
const DRAFT_BLOCKS = 60;
const BLOCK_ANCHORS = 4;
const DEFAULT_SEEDS = [1, 2, 3, 4, 5];
const SEEDS =
  process.env['REMISS_FUZZ_SEED'] === undefined
    ? DEFAULT_SEEDS
    : [Number(process.env['REMISS_FUZZ_SEED'])];
/** Marks updates applied by the relay, so that a replica does not send them on again. */
const RELAY = Symbol('relay');
/** Share of edits aimed at a passage rather than anywhere in the document. */
const AIMED = 0.25;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzåäö      .,';

/**
 * The first part of the demo draft plus its first table and ordered list: every block type the
 * editor has (headings, paragraphs, both lists, a quote, a table), at a size that keeps five
 * seeds of 2,000 edits within seconds.
 */
function fuzzDraft(): JSONContent {
  const blocks = demoDraft.content ?? [];
  const table = blocks.find((block) => block.type === 'table');
  const ordered = blocks.find((block) => block.type === 'orderedList');
  const extra = [table, ordered].filter((block) => block !== undefined);
  return { type: 'doc', content: [...blocks.slice(0, DRAFT_BLOCKS), ...extra] };
}

/** mulberry32: a small seeded PRNG, so that every run of a seed makes the same edits. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Random choices drawn from one seeded generator. */
class Chance {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** An integer in `[0, n)`. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** True with probability p. */
  is(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  word(length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += ALPHABET.charAt(this.int(ALPHABET.length));
    return out;
  }
}

/** Passages made at the quiet end of a run, of which a share is re-created. */
const TAIL_PASSAGES = 8;
/** Share of the quiet end's passages whose characters are re-created. */
const RECREATE = 0.75;

/** Share of deliveries that overtake older updates on the same link. */
const REORDER = 0.1;

/**
 * Full-mesh relay between replicas. Each link delivers mostly in order, but now and then an
 * update overtakes older ones, so replicas also see updates out of causal order (Yjs parks
 * those until their dependencies arrive). Links are served in random order, and an offline
 * replica neither sends nor receives until it is back, which delays whole batches.
 */
class Relay {
  /** Queues of updates per link, keyed `from * CLIENTS + to`. */
  private readonly links = new Map<number, Uint8Array[]>();
  private readonly offline: boolean[];
  constructor(
    private readonly docs: readonly Y.Doc[],
    private readonly chance: Chance,
  ) {
    this.offline = docs.map(() => false);
    docs.forEach((doc, from) => {
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === RELAY) return;
        docs.forEach((_other, to) => {
          if (to === from) return;
          const key = from * docs.length + to;
          const queue = this.links.get(key) ?? [];
          queue.push(update);
          this.links.set(key, queue);
        });
      });
    });
  }
  /** Links that have updates waiting and both ends online. */
  private ready(): number[] {
    const keys: number[] = [];
    for (const [key, queue] of this.links) {
      const from = Math.floor(key / this.docs.length);
      const to = key % this.docs.length;
      if (queue.length > 0 && this.offline[from] !== true && this.offline[to] !== true) {
        keys.push(key);
      }
    }
    return keys;
  }
  /** Delivers up to `count` updates over random links. */
  deliver(count: number): void {
    for (let n = 0; n < count; n += 1) {
      const keys = this.ready();
      if (keys.length === 0) return;
      const key = this.chance.pick(keys);
      const queue = this.links.get(key) ?? [];
      const index = this.chance.is(REORDER) ? this.chance.int(queue.length) : 0;
      const [update] = queue.splice(index, 1);
      const doc = this.docs[key % this.docs.length];
      if (update !== undefined && doc !== undefined) Y.applyUpdate(doc, update, RELAY);
    }
  }
  /** Takes a replica off the network or brings it back. */
  toggle(client: number): void {
    const wasOffline = this.offline[client] === true;
    this.offline[client] = !wasOffline;
    if (wasOffline) this.reconnect(client);
  }
  /**
   * What a provider does when it reconnects: exchange state vectors with each online peer and
   * send what the other lacks (sync steps 1 and 2). Without it, a replica of Yjs 13.6.33 was
   * seen to keep structs pending after updates had overtaken each other, although every update
   * had been delivered, so replicas did not converge.
   */
  private reconnect(client: number): void {
    const doc = this.docs[client];
    if (doc === undefined) return;
    this.docs.forEach((peer, other) => {
      if (other === client || this.offline[other] === true) return;
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)), RELAY);
      Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(peer)), RELAY);
    });
  }
  /** Brings everyone online, delivers everything (still with some overtaking), then resyncs. */
  flush(): void {
    this.offline.fill(false);
    while (this.ready().length > 0) this.deliver(64);
    this.docs.forEach((_doc, client) => this.reconnect(client));
  }
}

/** `client:clock` of every visible character in `[from, to)`, in document order. */
function charIds(flat: FlatText, from: number, to: number): string[] {
  const ids: string[] = [];
  for (const segment of flat.segments) {
    if (segment.end <= from || segment.start >= to) continue;
    let offset = segment.start;
    for (let item = segment.text._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue;
      for (let k = 0; k < item.length; k += 1) {
        const at = offset + k;
        if (at >= from && at < to && item.content instanceof Y.ContentString) {
          ids.push(`${item.id.client}:${item.id.clock + k}`);
        }
      }
      offset += item.length;
    }
  }
  return ids;
}

/** A passage anchor with the ids of the characters it covered when it was made. */
interface TrackedAnchor {
  stored: StoredAnchor;
  originalIds: string[];
  stateVector: Map<number, number>;
}

/** The segment holding a text offset (an offset at a text's end belongs to that text). */
function segmentAround(flat: FlatText, offset: number): TextSegment | undefined {
  return flat.segments.find((segment) => segment.start <= offset && offset <= segment.end);
}

/** Whether a replica already holds the state an anchor was made on. */
function holds(doc: Y.Doc, stateVector: ReadonlyMap<number, number>): boolean {
  return [...stateVector].every(([client, clock]) => Y.getState(doc.store, client) >= clock);
}

/** Where one random anchor stands on a replica, if the replica can see it yet. */
function randomRange(
  doc: Y.Doc,
  flat: FlatText,
  anchors: readonly TrackedAnchor[],
  chance: Chance,
): { from: number; to: number } | undefined {
  if (anchors.length === 0) return undefined;
  const anchor = chance.pick(anchors);
  if (!holds(doc, anchor.stateVector)) return undefined;
  const resolved = resolveAnchor(doc, anchor.stored, flat);
  return resolved.status === 'anchored' ? resolved : undefined;
}

/** Kinds of edit, with their weights in percent. */
const EDITS = [
  ['insert', 40],
  ['delete', 24],
  ['deletePassage', 2],
  ['undoDeletePassage', 2],
  ['split', 7],
  ['join', 5],
  ['bold', 16],
  ['fillEmpty', 3],
  ['deleteBlock', 1],
] as const;

type EditKind = (typeof EDITS)[number][0];

function pickEdit(chance: Chance): EditKind {
  let roll = chance.int(100);
  for (const [kind, weight] of EDITS) {
    if (roll < weight) return kind;
    roll -= weight;
  }
  return 'insert';
}

/** Whether two texts sit in sibling textblocks that hold one text each, so y-prosemirror can join them. */
function joinable(first: Y.XmlText, last: Y.XmlText): boolean {
  const a = first.parent;
  const b = last.parent;
  return (
    a instanceof Y.XmlElement &&
    b instanceof Y.XmlElement &&
    a.parent === b.parent &&
    a.length === 1 &&
    b.length === 1
  );
}

/** Joins a block to the textblock before it if both are textblocks y-prosemirror can join. */
function joinIfTextblocks(doc: Y.Doc, flat: FlatText, joined: unknown): void {
  if (!(joined instanceof Y.XmlElement) || joined.length > 1) return;
  const previous = joined.prevSibling;
  const id: unknown = joined.getAttribute('id');
  const textblocks = ['paragraph', 'heading'];
  if (
    previous instanceof Y.XmlElement &&
    previous.length <= 1 &&
    textblocks.includes(previous.nodeName) &&
    textblocks.includes(joined.nodeName) &&
    typeof id === 'string' &&
    flat.blocks.get(id) === joined
  ) {
    joinBackward(doc, id);
  }
}

/**
 * Re-creates a passage's characters the ways y-prosemirror does: deletes it and undoes that, or
 * merges its paragraph into the one before.
 */
function recreate(doc: Y.Doc, chance: Chance, anchor: TrackedAnchor): void {
  if (!holds(doc, anchor.stateVector)) return;
  const flat = flattenText(doc);
  const resolved = resolveAnchor(doc, anchor.stored, flat);
  if (resolved.status !== 'anchored') return;
  const start = segmentAround(flat, resolved.from);
  const end = segmentAround(flat, resolved.to);
  if (start === undefined || end === undefined) return;
  if (chance.is(0.5)) {
    if (start.text === end.text || joinable(start.text, end.text)) {
      editThenUndo(doc, () => deleteAcross(doc, resolved.from, resolved.to));
    }
    return;
  }
  joinIfTextblocks(doc, flat, start.text.parent);
}

/** Runs one random edit on one replica; many aim at a passage, at its edges or inside it. */
function randomEdit(
  doc: Y.Doc,
  chance: Chance,
  anchors: readonly TrackedAnchor[],
  newId: () => string,
): void {
  const flat = flattenText(doc);
  const textual = flat.segments.filter((segment) => segment.end > segment.start);
  if (textual.length === 0) return;
  const kind = pickEdit(chance);
  const passage = chance.is(AIMED) ? randomRange(doc, flat, anchors, chance) : undefined;
  let target: number;
  if (passage === undefined) {
    const segment = chance.pick(textual);
    target = segment.start + chance.int(segment.end - segment.start + 1);
  } else {
    const { from, to } = passage;
    const inside = from + chance.int(to - from + 1);
    // Edges matter most for typing; a split at the start edge moves the whole passage, which
    // y-prosemirror turns into new text, so splits aim inside.
    target =
      kind === 'insert'
        ? chance.pick([from, to, from - 1, to + 1, inside])
        : kind === 'split' && chance.is(0.8)
          ? inside
          : chance.pick([from, inside, to]);
    target = Math.max(0, Math.min(flat.text.length, target));
  }
  const segment = segmentAround(flat, target);
  if (segment === undefined) return;
  const block = segment.text.parent;
  const index = target - segment.start;

  switch (kind) {
    case 'insert': {
      // Sometimes retype words of a passage, which must not count as the passage.
      const retyped = chance.is(0.1) ? chance.pick(anchors).stored.quote.split('\n')[0] : undefined;
      segment.text.insert(index, retyped ?? chance.word(1 + chance.int(6)));
      return;
    }
    case 'delete': {
      const next = block instanceof Y.XmlElement ? block.nextSibling : null;
      const nextText = next instanceof Y.XmlElement ? next.get(0) : undefined;
      const nextSegment = nextText instanceof Y.XmlText ? flat.texts.get(nextText) : undefined;
      if (
        chance.is(0.15) &&
        nextSegment !== undefined &&
        joinable(segment.text, nextSegment.text)
      ) {
        // Run on into the next textblock, as a selection across a paragraph end does.
        const end = nextSegment.start + chance.int(nextSegment.end - nextSegment.start + 1);
        deleteAcross(doc, target, end);
        return;
      }
      const length = Math.min(segment.end - target, 1 + chance.int(15));
      if (length > 0) segment.text.delete(index, length);
      return;
    }
    case 'deletePassage':
    case 'undoDeletePassage': {
      if (passage === undefined) return;
      const start = segmentAround(flat, passage.from);
      const end = segmentAround(flat, passage.to);
      if (start === undefined || end === undefined) return;
      if (start.text === end.text || joinable(start.text, end.text)) {
        const remove = () => deleteAcross(doc, passage.from, passage.to);
        // Ctrl+Z right after: Yjs restores the passage as new characters, to be re-found.
        if (kind === 'undoDeletePassage') editThenUndo(doc, remove);
        else remove();
      }
      return;
    }
    case 'split':
      if (block instanceof Y.XmlElement && block.length === 1) splitBlock(doc, target, newId());
      return;
    case 'join': {
      // Join this block, or the next one, to the textblock before it.
      const joined = chance.is(0.5) || !(block instanceof Y.XmlElement) ? block : block.nextSibling;
      joinIfTextblocks(doc, flat, joined);
      return;
    }
    case 'bold': {
      const length = Math.min(segment.end - target, 1 + chance.int(20));
      if (length > 0) segment.text.format(index, length, { bold: chance.is(0.8) ? {} : null });
      return;
    }
    case 'fillEmpty': {
      const empty = [...flat.blocks].find(
        ([, element]) => element.length === 0 && element.nodeName === 'paragraph',
      );
      if (empty !== undefined) typeIntoEmptyBlock(doc, empty[0], chance.word(3 + chance.int(8)));
      else if (block instanceof Y.XmlElement && block.length === 1) {
        splitBlock(doc, segment.end, newId());
      }
      return;
    }
    case 'deleteBlock': {
      // Delete a whole block, as selecting it and pressing Delete does.
      const parent = block?.parent;
      if (block instanceof Y.XmlElement && parent instanceof Y.XmlFragment && parent.length > 1) {
        const at = parent.toArray().indexOf(block);
        if (at >= 0) parent.delete(at, 1);
      }
      return;
    }
  }
}

/** Makes a passage anchor on a random stretch of a replica's text, with its original ids. */
function randomPassage(doc: Y.Doc, chance: Chance): TrackedAnchor | undefined {
  const flat = flattenText(doc);
  const from = chance.int(flat.text.length);
  const to = Math.min(flat.text.length, from + 8 + chance.int(chance.is(0.3) ? 200 : 60));
  const result = createAnchor(
    doc,
    {
      type: 'TextQuoteSelector',
      exact: flat.text.slice(from, to),
      ...quoteContext(flat.text, from, to),
    },
    flat,
  );
  if (!result.ok) return undefined;
  const resolved = resolveAnchor(doc, result.anchor, flat);
  if (resolved.status !== 'anchored') throw new Error('a new anchor must resolve');
  return {
    stored: result.anchor,
    originalIds: charIds(flat, resolved.from, resolved.to),
    stateVector: Y.decodeStateVector(result.anchor.stateVector),
  };
}

/** Whether a `client:clock` id is of a character the document held at creation. */
function heldAt(id: string, stateVector: ReadonlyMap<number, number>): boolean {
  const [client, clock] = id.split(':').map(Number);
  return clock !== undefined && clock < (stateVector.get(client ?? -1) ?? 0);
}

/**
 * The re-find rule, stated as plainly as possible and apart from `refindQuote`, so that the two
 * check each other: where an anchor whose characters are all gone may be found again, or null.
 * An occurrence of the exact quote (without a line break at either edge) whose surroundings,
 * line breaks left out, end with the stored prefix and start with the stored suffix (line breaks
 * left out too); enough stored context or a long enough quote; exactly one such occurrence, and
 * none of its characters held by the document at creation.
 */
function refindAllowed(
  flat: FlatText,
  stored: StoredAnchor,
  stateVector: ReadonlyMap<number, number>,
): { from: number; to: number } | null {
  const strip = (value: string): string => value.split('\n').join('');
  const { quote } = stored;
  if (quote === '' || quote.startsWith('\n') || quote.endsWith('\n')) return null;
  const prefix = strip(stored.prefix);
  const suffix = strip(stored.suffix);
  const enoughContext = prefix.length + suffix.length >= ANCHOR_REFIND_MIN_CONTEXT;
  if (!enoughContext && quote.length < ANCHOR_REFIND_UNIQUE_QUOTE_LENGTH) return null;
  const fits: number[] = [];
  for (let at = 0; at + quote.length <= flat.text.length; at += 1) {
    if (
      flat.text.startsWith(quote, at) &&
      strip(flat.text.slice(0, at)).endsWith(prefix) &&
      strip(flat.text.slice(at + quote.length)).startsWith(suffix)
    ) {
      fits.push(at);
    }
  }
  const [only] = fits;
  if (fits.length !== 1 || only === undefined) return null;
  const range = { from: only, to: only + quote.length };
  const old = charIds(flat, range.from, range.to).some((id) => heldAt(id, stateVector));
  return old ? null : range;
}

/**
 * Checks a result for an anchor none of whose characters survive: re-found exactly where the
 * rule allows, on exactly the original quote, keeping the original quote and context; removed
 * when the rule allows nothing.
 */
function checkGone(
  flat: FlatText,
  stored: StoredAnchor,
  resolved: ResolvedAnchor,
  message: string,
): void {
  const allowed = refindAllowed(flat, stored, Y.decodeStateVector(stored.stateVector));
  if (resolved.status === 'removed') {
    expect(allowed, `${message}: removed although the rule re-finds it`).toBeNull();
    expect(resolved.exact, message).toBe(stored.quote);
    return;
  }
  expect(resolved.refound, `${message}: anchored on none of its characters`).toBeDefined();
  expect({ from: resolved.from, to: resolved.to }, `${message}: re-found elsewhere`).toEqual(
    allowed,
  );
  expect(flat.text.slice(resolved.from, resolved.to), message).toBe(stored.quote);
  expect(resolved.refound, message).toMatchObject({
    kind: 'passage',
    quote: stored.quote,
    prefix: stored.prefix,
    suffix: stored.suffix,
  });
}

/** Checks one passage anchor on one replica against the ids it covered at creation. */
function checkPassage(
  flat: FlatText,
  anchor: TrackedAnchor,
  resolved: ResolvedAnchor,
  visible: ReadonlySet<string>,
  message: string,
): void {
  const surviving = anchor.originalIds.filter((id) => visible.has(id));
  if (surviving.length === 0) {
    checkGone(flat, anchor.stored, resolved, message);
    return;
  }
  if (resolved.status === 'removed') {
    expect.fail(`${message}: removed although original text survives`);
    return;
  }
  expect(resolved.refound, `${message}: re-found although original text survives`).toBe(undefined);
  expect(flat.text.slice(resolved.from, resolved.to), message).toBe(resolved.exact);
  // Characters in the range that the document held at creation must be exactly the surviving
  // original characters, in order: no original one is lost, and no outside one has crept in.
  const existing = charIds(flat, resolved.from, resolved.to).filter((id) =>
    heldAt(id, anchor.stateVector),
  );
  expect(existing, `${message}: resolved range holds other or misses original text`).toEqual(
    surviving,
  );
}

/** Runs one seed: edits, sync, and checks every anchor on every replica. */
function runSeed(seed: number): {
  anchored: number;
  removed: number;
  changed: number;
  refound: number;
} {
  const chance = new Chance(seed);
  const base = contentToYUpdate(fuzzDraft());
  const docs = Array.from({ length: CLIENTS }, (_unused, index) => {
    const doc = new Y.Doc();
    doc.clientID = 1_000 * seed + index + 1;
    Y.applyUpdate(doc, base);
    return doc;
  });
  const relay = new Relay(docs, chance);
  const creator = docs[0];
  if (creator === undefined) throw new Error('no replicas');
  const passages: TrackedAnchor[] = [];
  const blockAnchors: BlockAnchor[] = [];
  let ids = 0;
  const newId = (): string => `fuzz-${seed}-${(ids += 1)}`;

  const addPassage = (): void => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const tracked = randomPassage(creator, chance);
      if (tracked !== undefined) {
        passages.push(tracked);
        return;
      }
    }
  };
  // A quarter of the anchors exist before anyone edits; the rest are made along the way, while
  // other replicas have edits the creator has not seen yet, as the server does while clients type.
  for (let n = 0; n < PASSAGES / 4; n += 1) addPassage();
  const blockIds = [...flattenText(creator).blocks.keys()];
  for (let n = 0; n < BLOCK_ANCHORS; n += 1) {
    const result = createAnchor(creator, {
      type: 'FragmentSelector',
      value: chance.pick(blockIds),
    });
    if (result.ok && result.anchor.kind === 'block') blockAnchors.push(result.anchor);
  }

  for (let op = 0; op < OPERATIONS; op += 1) {
    if (op % Math.floor(OPERATIONS / PASSAGES) === 0 && passages.length < PASSAGES) addPassage();
    if (chance.is(0.02)) relay.toggle(chance.int(CLIENTS));
    const doc = chance.pick(docs);
    randomEdit(doc, chance, passages, newId);
    relay.deliver(chance.int(4));
  }
  relay.flush();
  // A quiet end: new passages get re-created while the replicas still deliver and edit a little
  // elsewhere, with no later burst of edits aimed at them to spoil their context, so that the
  // re-finding itself is exercised and checked, not only its refusals.
  const fresh = passages.length;
  for (let n = 0; n < TAIL_PASSAGES; n += 1) addPassage();
  relay.deliver(chance.int(8));
  for (const anchor of passages.slice(fresh)) {
    if (chance.is(RECREATE)) recreate(chance.pick(docs), chance, anchor);
    randomEdit(chance.pick(docs), chance, [], newId);
    relay.deliver(chance.int(4));
  }
  relay.flush();

  const flats = docs.map((doc) => flattenText(doc));
  const reference = flats[0]?.text;
  flats.forEach((flat, client) => {
    expect(flat.text, `seed ${seed}: replica ${client} did not converge`).toBe(reference);
  });
  docs.forEach((doc, client) => {
    expect(doc.store.pendingStructs, `seed ${seed}: replica ${client} has pending updates`).toBe(
      null,
    );
  });

  const visible = flats.map((flat) => new Set(charIds(flat, 0, flat.text.length)));
  const stats = { anchored: 0, removed: 0, changed: 0, refound: 0 };
  passages.forEach((anchor, index) => {
    const results = docs.map((doc, client) => {
      const flat = flats[client] ?? flattenText(doc);
      return resolveAnchor(doc, anchor.stored, flat);
    });
    const first = results[0];
    if (first === undefined) return;
    results.forEach((result, client) => {
      const message = `seed ${seed}, passage ${index} ("${anchor.stored.quote}"), replica ${client}`;
      expect(result, `${message}: replicas disagree`).toEqual(first);
      const flat = flats[client];
      const ids = visible[client];
      if (flat === undefined || ids === undefined) return;
      checkPassage(flat, anchor, result, ids, message);
    });
    if (first.status === 'removed') stats.removed += 1;
    else {
      stats.anchored += 1;
      if (first.exact !== anchor.stored.quote) stats.changed += 1;
      if (first.refound !== undefined) stats.refound += 1;
    }
  });
  blockAnchors.forEach((anchor, index) => {
    const results = docs.map((doc, client) => resolveAnchor(doc, anchor, flats[client]));
    const first = results[0];
    if (first?.status === 'anchored' && first.refound !== undefined) stats.refound += 1;
    results.forEach((result, client) => {
      const message = `seed ${seed}, block anchor ${index} (${anchor.blockId}), replica ${client}`;
      expect(result, `${message}: replicas disagree`).toEqual(results[0]);
      const flat = flats[client];
      if (flat === undefined) return;
      if (flat.blocks.has(anchor.blockId)) {
        expect(result, message).toMatchObject({ status: 'anchored', kind: 'block' });
        if (result.status === 'anchored') expect(result.refound, message).toBeUndefined();
      } else {
        checkGone(flat, anchor, result, message);
      }
    });
  });
  docs.forEach((doc) => doc.destroy());
  return stats;
}

describe('anchors under concurrent random editing', () => {
  it.each(SEEDS)('keep to their original text on every replica (seed %i)', (seed) => {
    const stats = runSeed(seed);
    // The run must have exercised both outcomes, or it proved little.
    expect(stats.anchored, `seed ${seed}: ${JSON.stringify(stats)}`).toBeGreaterThan(0);
    expect(stats.changed, `seed ${seed}: ${JSON.stringify(stats)}`).toBeGreaterThan(0);
    expect(stats.removed, `seed ${seed}: ${JSON.stringify(stats)}`).toBeGreaterThan(0);
    expect(stats.refound, `seed ${seed}: ${JSON.stringify(stats)}`).toBeGreaterThan(0);
  });
});
