import type { JSONContent } from '@tiptap/core';
import { DOMParser as PMDOMParser } from '@tiptap/pm/model';
import { type Document, type Element, Window } from 'happy-dom';
import { schema } from '../editor/schema.ts';
import { toTiptapJson } from '../editor/toTiptapJson.ts';
import { sanitizeUrl } from '../../shared/sanitizeUrl.ts';
import type { ImportWarnings } from './ImportWarnings.ts';

/** Elements that carry pictures, which the text model has no place for. */
const PICTURES = 'img, svg, canvas';
/** Elements that embed other content. */
const EMBEDDED = 'iframe, frame, object, embed, video, audio';
/** Character formatting the editor lacks, by the name a warning gives it. */
const LOST_FORMATTING: Readonly<Record<string, string>> = {
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  u: 'underline',
  ins: 'underline',
  code: 'code',
  kbd: 'code',
  samp: 'code',
  pre: 'code',
  sub: 'subscript',
  sup: 'superscript',
  mark: 'highlight',
};
/** A link that leaves the document: the schemes the editor allows, spelled out. */
const EXTERNAL_LINK = /^(https?:|mailto:)/i;

/** Options for one conversion. */
export interface HtmlToContentOptions {
  /** Rewrites the parsed body before it is read, e.g. to turn footnotes into text. */
  prepare?: (document: Document, body: Element, warnings: ImportWarnings) => void;
}

/** HTML read into the shared schema, with what the file itself calls its title. */
export interface ImportedContent {
  content: JSONContent;
  /** The HTML `<title>`, if it has one. */
  htmlTitle: string | null;
  /** The text of the first level 1 heading, if any. */
  firstHeading: string | null;
}

/**
 * Reads HTML into Tiptap JSON through the one editor schema, which keeps headings 1–4,
 * paragraphs, lists, tables, block quotes, links, bold and italic and drops everything else.
 * Before that, the HTML is searched for what will be dropped or changed (pictures, embedded
 * content, scripts and event handlers, unsafe and internal links, headings 5 and 6, formatting
 * the editor lacks) so that each loss becomes a counted warning.
 *
 * The HTML is parsed by happy-dom with JavaScript evaluation and every kind of loading off:
 * nothing in the file runs or fetches anything.
 */
export function htmlToContent(
  html: string,
  warnings: ImportWarnings,
  options: HtmlToContentOptions = {},
): ImportedContent {
  const window = new Window({
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
    },
  });
  try {
    const document = new window.DOMParser().parseFromString(html, 'text/html');
    const { body } = document;
    options.prepare?.(document, body, warnings);
    noteLosses(document, body, warnings);
    const htmlTitle = document.title.trim();
    const firstHeading = body.querySelector('h1')?.textContent.trim() ?? '';
    // Read straight from the parsed DOM with the server's schema: what @tiptap/html's
    // generateJSON does, without parsing the HTML a second time. ProseMirror types its input as
    // the browser's Node; happy-dom's is the same interface, implemented in Node.js.
    const dom = body as unknown as Parameters<PMDOMParser['parse']>[0];
    const content = toTiptapJson(PMDOMParser.fromSchema(schema).parse(dom));
    return {
      content,
      htmlTitle: htmlTitle === '' ? null : htmlTitle,
      firstHeading: firstHeading === '' ? null : firstHeading,
    };
  } finally {
    void window.happyDOM.abort();
    void window.happyDOM.close();
  }
}

/** Counts what the schema will drop, and rewrites what it would otherwise get wrong. */
function noteLosses(document: Document, body: Element, warnings: ImportWarnings): void {
  warnings.add('image', body.querySelectorAll(PICTURES).length);
  warnings.add('embedded', body.querySelectorAll(EMBEDDED).length);
  warnings.add('horizontal-rule', body.querySelectorAll('hr').length);

  // Scripts anywhere (the head included), and every element with an event handler attribute.
  let scripts = document.querySelectorAll('script').length;
  for (const element of document.querySelectorAll('*')) {
    if (element.getAttributeNames().some((name) => name.toLowerCase().startsWith('on'))) {
      scripts += 1;
    }
  }
  warnings.add('script', scripts);

  for (const [tag, format] of Object.entries(LOST_FORMATTING)) {
    warnings.add('formatting', body.querySelectorAll(tag).length, { format });
  }

  // The schema knows headings 1–4; lower ones become level 4 rather than plain paragraphs.
  for (const low of body.querySelectorAll('h5, h6')) {
    const heading = document.createElement('h4');
    heading.append(...low.childNodes);
    low.replaceWith(heading);
    warnings.add('heading-level');
  }

  for (const link of body.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href') ?? '';
    const safe = sanitizeUrl(href);
    if (safe === null) {
      warnings.add('unsafe-link');
      unwrap(link);
    } else if (!EXTERNAL_LINK.test(safe)) {
      // "#bookmark", "chapter2.html": they pointed into the file, and lead nowhere here.
      warnings.add('internal-link');
      unwrap(link);
    }
  }
}

/** Replaces an element by its children. */
export function unwrap(element: Element): void {
  element.replaceWith(...element.childNodes);
}
