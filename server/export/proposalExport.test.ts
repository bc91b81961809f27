import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ReportPerson } from '../comments/report/CommentReport.ts';
import { hasCommand, poppler } from '../test/popplerText.ts';
import { parseXmlStrictly, readZipPackage } from '../test/readZipPackage.ts';
import { sampleExportDocument, sampleThreads } from '../test/sampleExportDocument.ts';
import { renderDocx } from './docx/renderDocx.ts';
import type {
  ExportDocument,
  ExportOptions,
  ExportProposal,
  ExportThread,
} from './ExportDocument.ts';
import { renderHtml } from './html/renderHtml.ts';
import { renderMarkdown } from './markdown/renderMarkdown.ts';
import { renderOdt } from './odt/renderOdt.ts';
import { renderPdf } from './pdf/renderPdf.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const anna: ReportPerson = { name: 'Anna Åström', organisation: 'Länsstyrelsen i Östergötland' };
const bo: ReportPerson = { name: 'Bo Ek', organisation: 'Myndigheten för digital förvaltning' };
const ANNA = 'Anna Åström (Länsstyrelsen i Östergötland)';

/** A thread proposing wording, on the sample text; `proposal` holds what the test varies. */
function proposalThread(
  number: number,
  place: Pick<ExportThread, 'blockId' | 'quote'>,
  proposal: Partial<ExportProposal> & Pick<ExportProposal, 'text'>,
): ExportThread {
  return {
    id: `proposal-${number}`,
    number,
    paragraph: null,
    textRemoved: false,
    author: anna,
    stance: 'editorial',
    status: 'open',
    resolved: null,
    disposition: null,
    wholeBlock: false,
    comments: [
      {
        id: `proposal-${number}-c1`,
        isReply: false,
        author: anna,
        createdAt: '2025-03-14T08:05:00.000Z',
        editedAt: null,
        body: { kind: 'text', text: `Förslag ${number}.` },
      },
    ],
    ...place,
    proposal: {
      placement: 'replace',
      original: place.quote,
      marks: [],
      state: 'open',
      decided: null,
      applied: null,
      ...proposal,
    },
  };
}

/**
 * The sample with its four plain threads and six proposals: an open replacement with bold, an
 * open insertion with a link, an open deletion, an accepted and a rejected one, and one in
 * conflict whose passage is no longer in its paragraph.
 */
function proposalDocument(language: 'sv' | 'en' = 'sv'): ExportDocument {
  const base = sampleExportDocument({ language });
  const decided = { at: '2025-03-16T10:30:00.000Z', by: bo, reason: '' };
  return {
    ...base,
    threads: [
      ...sampleThreads(base.labels),
      proposalThread(
        5,
        { blockId: 'p-intro', quote: 'sin rapport' },
        { text: 'sitt beslut', marks: [{ type: 'bold', from: 5, to: 11 }] },
      ),
      proposalThread(
        6,
        { blockId: 'p-last', quote: '.' },
        {
          placement: 'after',
          original: '',
          text: ' Se vägledningen.',
          marks: [{ type: 'link', from: 4, to: 16, href: 'https://www.digg.se/' }],
        },
      ),
      proposalThread(7, { blockId: 'li-1', quote: 'Första punkten' }, { text: '' }),
      proposalThread(
        8,
        { blockId: 'q-1', quote: 'citat' },
        { text: 'utdrag', state: 'accepted', decided },
      ),
      proposalThread(
        9,
        { blockId: 'td-2', quote: 'bild' },
        {
          text: 'film',
          state: 'rejected',
          decided: { ...decided, reason: 'Utanför uppdraget.' },
        },
      ),
      proposalThread(
        10,
        { blockId: 'p-last', quote: 'mening som ändrats' },
        { text: 'ny mening', state: 'conflict' },
      ),
    ],
  };
}

const options = (overrides: Partial<ExportOptions> = {}): ExportOptions => ({
  titlePage: false,
  numbers: false,
  comments: 'appendix',
  ...overrides,
});

/** The part of xmldom's DOM these checks read (the server is compiled without the DOM types). */
interface XmlNode {
  nodeType: number;
  firstChild: XmlNode | null;
  nextSibling: XmlNode | null;
  textContent: string | null;
  localName?: string;
  getAttributeNS?(namespace: string, name: string): string | null;
}

/**
 * The text of every paragraph of word/document.xml with tracked changes spelled out: deleted
 * text as `[-…-]`, inserted as `{+…+}`, so a test reads where each change stands in its words.
 */
function trackedParagraphs(xml: string): string[] {
  const dom = parseXmlStrictly(xml, 'word/document.xml') as unknown as XmlNode;
  const out: string[] = [];
  const walk = (node: XmlNode, inside: 'del' | 'ins' | null, into: string[]) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType !== 1) continue;
      if (child.localName === 'p') {
        const text: string[] = [];
        walk(child, null, text);
        out.push(text.join('').replaceAll('-][-', '').replaceAll('+}{+', ''));
      } else if (child.localName === 'del' || child.localName === 'ins') {
        walk(child, child.localName, into);
      } else if (child.localName === 't' || child.localName === 'delText') {
        const text = child.textContent ?? '';
        into.push(inside === 'del' ? `[-${text}-]` : inside === 'ins' ? `{+${text}+}` : text);
      } else {
        walk(child, inside, into);
      }
    }
  };
  walk(dom, null, []);
  return out;
}

/** Every `w:ins` and `w:del` of the text, with its author and the words inside it. */
function changes(xml: string): { kind: string; author: string | null; text: string }[] {
  const dom = parseXmlStrictly(xml, 'word/document.xml') as unknown as XmlNode;
  const found: { kind: string; author: string | null; text: string }[] = [];
  const walk = (node: XmlNode) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType !== 1) continue;
      if (child.localName === 'ins' || child.localName === 'del') {
        found.push({
          kind: child.localName,
          author: child.getAttributeNS?.(W, 'author') ?? null,
          text: child.textContent ?? '',
        });
      }
      walk(child);
    }
  };
  walk(dom);
  return found;
}

async function docxText(doc: ExportDocument, overrides: Partial<ExportOptions> = {}) {
  const pack = readZipPackage(await renderDocx(doc, options(overrides)));
  return { pack, document: pack.xml['word/document.xml'] ?? '' };
}

describe('proposals in exports', () => {
  it('writes open proposals as Word tracked changes signed by the proposer, in place', async () => {
    const { document } = await docxText(proposalDocument(), { trackedChanges: true });
    const paragraphs = trackedParagraphs(document);

    expect(paragraphs).toContainEqual(
      expect.stringContaining('Myndigheter ska publicera [-sin rapport-]{+sitt beslut+} med '),
    );
    expect(paragraphs).toContain('Sista stycket   med  extra mellanslag.{+ Se vägledningen.+}');
    expect(paragraphs).toContain('[-Första punkten-]');

    // Only the three open proposals are changes, each signed by its proposer.
    const tracked = changes(document);
    expect(tracked.map(({ kind, text }) => `${kind}:${text}`).sort()).toEqual(
      [
        'del:sin rapport',
        'ins:sitt ',
        'ins:beslut',
        'ins: Se ',
        'ins:vägledningen',
        'ins:.',
        'del:Första punkten',
      ].sort(),
    );
    expect(new Set(tracked.map((one) => one.author))).toEqual(new Set([ANNA]));
    expect(document).toContain('w:date="2025-03-14T08:05:00Z"');

    // The proposed formatting rides on the inserted runs: bold, and a link.
    expect(document).toMatch(/<w:ins [^>]*><w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:t[^>]*>beslut/);
    expect(document).toMatch(
      /<w:hyperlink [^>]*><w:ins [^>]*><w:r><w:rPr><w:rStyle w:val="Hyperlink"\/>/,
    );

    // Decided proposals, and one whose passage changed, leave the text as it is.
    expect(paragraphs).toContain('Ett citat ur förordningen.');
    expect(paragraphs).toContainEqual(expect.stringContaining('Text och bild'));
    // (The exact list of changes above holds none of their words: they are only in the appendix.)
  });

  it('says in the appendix which proposals are tracked changes and which could not be', async () => {
    const { document } = await docxText(proposalDocument(), { trackedChanges: true });
    const paragraphs = trackedParagraphs(document);
    expect(
      paragraphs.filter((one) => one === 'Visas i texten som en spårad ändring.'),
    ).toHaveLength(3);
    expect(paragraphs).toContain(
      'Visas inte som spårad ändring: textstället har ändrats sedan förslaget lämnades.',
    );
  });

  it('writes no tracked change unless asked for', async () => {
    const { document } = await docxText(proposalDocument());
    expect(changes(document)).toEqual([]);
    expect(document).not.toContain('spårad ändring');
  });

  it('states old text, new text and disposition in the DOCX appendix and Word comments', async () => {
    const { pack, document } = await docxText(proposalDocument());
    const paragraphs = trackedParagraphs(document);
    expect(paragraphs).toContain('Ursprunglig lydelse: sin rapport');
    expect(paragraphs).toContain('Föreslagen lydelse: sitt beslut');
    expect(paragraphs).toContain('Förslagets status: Öppet förslag');
    expect(paragraphs).toContain('Ursprunglig lydelse: (inget: förslaget lägger till text)');
    expect(paragraphs).toContain('Föreslagen lydelse: (inget: förslaget stryker texten)');
    expect(paragraphs).toContain(
      'Förslagets status: Godtaget (Bo Ek (Myndigheten för digital förvaltning), 2025-03-16 11:30)',
    );
    expect(paragraphs).toContain('Skäl för avslag: Utanför uppdraget.');
    expect(paragraphs).toContain('Förslagets status: I konflikt med en annan ändring');
    // Old text struck, new text underlined, besides the words that say which is which.
    expect(document).toMatch(/<w:strike\/><\/w:rPr><w:t[^>]*>sin rapport</);
    expect(document).toMatch(/<w:u w:val="single"\/><\/w:rPr><w:t[^>]*>sitt beslut</);

    const annotated = readZipPackage(
      await renderDocx(proposalDocument('en'), options({ comments: 'annotations' })),
    );
    const comments = annotated.xml['word/comments.xml'] ?? '';
    expect(comments).toContain('Proposed wording: ');
    expect(comments).toContain(
      'Rejected (Bo Ek (Myndigheten för digital förvaltning), 2025-03-16 11:30)',
    );
    expect(pack.xml['word/comments.xml']).toBeUndefined();
  });

  it('states them in the ODT appendix and annotations', () => {
    const appendix = readZipPackage(renderOdt(proposalDocument(), options())).xml['content.xml'];
    expect(appendix).toContain(
      'Ursprunglig lydelse:</text:span> <text:span text:style-name="T_deleted">sin rapport</text:span>',
    );
    expect(appendix).toContain(
      'Föreslagen lydelse:</text:span> <text:span text:style-name="T_inserted">sitt beslut</text:span>',
    );
    expect(appendix).toContain(
      'Förslagets status:</text:span> Avslaget (Bo Ek (Myndigheten för digital förvaltning), 2025-03-16 11:30)',
    );
    const annotations = readZipPackage(
      renderOdt(proposalDocument('en'), options({ comments: 'annotations' })),
    ).xml['content.xml'];
    expect(annotations).toContain('Original wording: sin rapport');
    expect(annotations).toContain('Proposal status: In conflict with another change');
  });

  it.skipIf(!hasCommand('pdftotext'))('states them in the PDF appendix', async () => {
    const text = poppler('pdftotext', await renderPdf(proposalDocument('en'), options())).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('Original wording: sin rapport');
    expect(text).toContain('Proposed wording: sitt beslut');
    expect(text).toContain(
      'Proposal status: Accepted (Bo Ek (Myndigheten för digital förvaltning), 2025-03-16 11:30)',
    );
    expect(text).toContain('Reason for rejecting: Utanför uppdraget.');
  });

  it('states them in Markdown and HTML, striking the old words', () => {
    const markdown = renderMarkdown(proposalDocument(), options());
    expect(markdown).toContain('- Ursprunglig lydelse: ~~sin rapport~~');
    expect(markdown).toContain('- Föreslagen lydelse: sitt beslut');
    expect(markdown).toContain('- Förslagets status: Öppet förslag');
    expect(markdown).toContain('- Skäl för avslag: Utanför uppdraget.');
    const html = renderHtml(proposalDocument(), options());
    expect(html).toContain('<strong>Ursprunglig lydelse:</strong> <del>sin rapport</del>');
    expect(html).toContain('<strong>Föreslagen lydelse:</strong> <ins>sitt beslut</ins>');
  });

  // LibreOffice is a large install CI may lack; without it the check is skipped.
  const office = ['soffice', 'libreoffice'].find(hasCommand) ?? null;
  it.skipIf(office === null)(
    'opens in LibreOffice, which reads the changes as tracked changes by the proposer',
    async () => {
      const directory = mkdtempSync(path.join(tmpdir(), 'remiss-tracked-'));
      try {
        const docx = path.join(directory, 'tracked.docx');
        writeFileSync(
          docx,
          await renderDocx(proposalDocument(), options({ comments: 'none', trackedChanges: true })),
        );
        execFileSync(
          office ?? 'soffice',
          [
            `-env:UserInstallation=${pathToFileURL(path.join(directory, 'profile')).href}`,
            '--headless',
            '--convert-to',
            'odt',
            '--outdir',
            path.join(directory, 'out'),
            docx,
          ],
          { stdio: 'pipe', timeout: 120_000 },
        );
        const content =
          readZipPackage(readFileSync(path.join(directory, 'out', 'tracked.odt'))).xml[
            'content.xml'
          ] ?? '';
        const changed = /<text:tracked-changes[^>]*>(.*)<\/text:tracked-changes>/s.exec(
          content,
        )?.[1];
        if (changed === undefined) throw new Error('LibreOffice read no tracked changes');
        const regions = changed.split('</text:changed-region>').filter((one) => one !== '');
        const words = (xml: string) => xml.replace(/<[^>]+>/g, '');
        expect(
          regions.map((region) =>
            region.includes('<text:deletion>')
              ? `del:${words(/<\/office:change-info>(.*)/s.exec(region)?.[1] ?? '')}`
              : 'ins',
          ),
        ).toEqual(['del:sin rapport', 'ins', 'del:Första punkten', 'ins']);
        const creators = [...changed.matchAll(/<dc:creator>([^<]*)<\/dc:creator>/g)].map(
          (match) => match[1],
        );
        expect(new Set(creators)).toEqual(new Set([ANNA]));
        // The inserted words stand in the body between the change's start and end marks.
        const body = words(content.slice(content.indexOf('</text:tracked-changes>')));
        expect(body).toContain('Myndigheter ska publicera sitt beslut med');
        expect(body).toContain('mellanslag. Se vägledningen.');
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  );
});
