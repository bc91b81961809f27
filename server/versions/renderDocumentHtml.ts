import type { Mark, Node as ProseMirrorNode } from '@tiptap/pm/model';
import { sanitizeUrl } from '../../shared/sanitizeUrl.ts';

// ProseMirror's DOMSerializer needs a DOM, which the server does not have (and @tiptap/html is
// not installed). The shared schema is small, so it is serialised here by hand: every text and
// attribute value is escaped, every link goes through sanitizeUrl, and nothing the schema does
// not define is passed through.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** ` name="value"` for each attribute that has a value, escaped. */
function attributes(values: Record<string, string | number | null | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] != null)
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`)
    .join('');
}

/** A positive integer attribute, or null when absent, default or not a number. */
function positiveInteger(value: unknown, fallback: number): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value !== fallback
    ? value
    : null;
}

function blockId(node: ProseMirrorNode): string | null {
  const id: unknown = node.attrs['id'];
  return typeof id === 'string' && id !== '' ? id : null;
}

function wrapInMark(mark: Mark, inner: string): string {
  switch (mark.type.name) {
    case 'bold':
      return `<strong>${inner}</strong>`;
    case 'italic':
      return `<em>${inner}</em>`;
    case 'link': {
      const href = sanitizeUrl(typeof mark.attrs['href'] === 'string' ? mark.attrs['href'] : null);
      // An unsafe link keeps its words and loses only the link.
      if (href === null) return inner;
      return `<a${attributes({ href, rel: 'noopener noreferrer nofollow' })}>${inner}</a>`;
    }
    default:
      return inner;
  }
}

function children(node: ProseMirrorNode): string {
  let html = '';
  node.forEach((child) => {
    html += renderNode(child);
  });
  return html;
}

function element(
  tag: string,
  node: ProseMirrorNode,
  extra: Record<string, string | number | null> = {},
) {
  return `<${tag}${attributes({ 'data-id': blockId(node), ...extra })}>${children(node)}</${tag}>`;
}

function renderNode(node: ProseMirrorNode): string {
  if (node.isText) {
    return node.marks.reduceRight(
      (inner, mark) => wrapInMark(mark, inner),
      escapeHtml(node.text ?? ''),
    );
  }
  switch (node.type.name) {
    case 'doc':
      return children(node);
    case 'paragraph':
      return element('p', node);
    case 'heading': {
      const level: unknown = node.attrs['level'];
      const safe = typeof level === 'number' && level >= 1 && level <= 6 ? level : 2;
      return element(`h${safe}`, node);
    }
    case 'blockquote':
      return element('blockquote', node);
    case 'bulletList':
      return element('ul', node);
    case 'orderedList':
      return element('ol', node, { start: positiveInteger(node.attrs['start'], 1) });
    case 'listItem':
      return element('li', node);
    case 'hardBreak':
      return '<br>';
    case 'table':
      return `<table><tbody>${children(node)}</tbody></table>`;
    case 'tableRow':
      return element('tr', node);
    case 'tableCell':
    case 'tableHeader':
      return element(node.type.name === 'tableCell' ? 'td' : 'th', node, {
        colspan: positiveInteger(node.attrs['colspan'], 1),
        rowspan: positiveInteger(node.attrs['rowspan'], 1),
      });
    default:
      // A node type added to the schema later still shows its text, never raw markup.
      return children(node);
  }
}

/**
 * Renders a document in the shared editor schema as an HTML fragment that is safe to insert into
 * a page: text and attributes escaped, links sanitised, block ids kept as `data-id` so a reader
 * can link to a paragraph.
 */
export function renderDocumentHtml(doc: ProseMirrorNode): string {
  return renderNode(doc);
}
