import type { CommentAuthor } from '../../../shared/api/comments.ts';
import { sanitizeUrl } from '../../../shared/sanitizeUrl.ts';

/** A piece of a comment body as it is shown: plain text, a link, or a mention of a member. */
export type CommentPart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; userId: string };

// Addresses people paste: with a scheme, or starting with "www.".
const URL_PATTERN = /\b(?:https?:\/\/|mailto:|www\.)[^\s<>"]+/giu;
// Punctuation that ends a sentence rather than the address ("see https://x.se.").
const TRAILING_PUNCTUATION = /[.,;:!?'"»”’)\]}]+$/u;

function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING_PUNCTUATION, '');
  // Keep a closing parenthesis that belongs to the address (Wikipedia-style links).
  const rest = candidate.slice(url.length);
  const opens = (url.match(/\(/g) ?? []).length;
  const closes = (url.match(/\)/g) ?? []).length;
  if (opens > closes && rest.startsWith(')')) url += ')';
  return url;
}

function splitLinks(text: string): CommentPart[] {
  const parts: CommentPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    const href = sanitizeUrl(url.toLowerCase().startsWith('www.') ? `https://${url}` : url);
    if (url === '' || href === null) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: url, href });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

function splitMentions(text: string, mentions: readonly CommentAuthor[]): CommentPart[] {
  // Longest names first, so "@Anna Lindberg" is not read as "@Anna Lind" followed by "berg".
  const people = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const parts: CommentPart[] = [];
  let rest = text;
  while (rest !== '') {
    let best: { index: number; person: CommentAuthor } | null = null;
    for (const person of people) {
      const index = rest.indexOf(`@${person.name}`);
      if (index !== -1 && (best === null || index < best.index)) best = { index, person };
    }
    if (best === null) {
      parts.push({ kind: 'text', text: rest });
      break;
    }
    if (best.index > 0) parts.push({ kind: 'text', text: rest.slice(0, best.index) });
    const mention = `@${best.person.name}`;
    parts.push({ kind: 'mention', text: mention, userId: best.person.id });
    rest = rest.slice(best.index + mention.length);
  }
  return parts;
}

/**
 * Splits a plain-text comment body into text, links and mentions. Only addresses that pass
 * `sanitizeUrl` become links; everything else stays text. The result is meant to be rendered as
 * React text nodes and elements, never as HTML, so nothing in a body can become markup.
 */
export function commentParts(body: string, mentions: readonly CommentAuthor[]): CommentPart[] {
  return splitMentions(body, mentions).flatMap((part) =>
    part.kind === 'text' ? splitLinks(part.text) : [part],
  );
}
