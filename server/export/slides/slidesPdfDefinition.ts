import type { Column, Content, ContentText, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { translate } from '../../../shared/i18n/translate.ts';
import { slideDensity, type SlideDensity } from '../../../shared/presentation/slideDensity.ts';
import {
  MAX_HEAT,
  type Slide,
  type SlideBlock,
  type SlideDeck,
} from '../../../shared/presentation/slideTypes.ts';
import {
  commentCountText,
  heatText,
  slideTitle,
  stanceText,
  type Translate,
} from '../../../shared/presentation/slideWords.ts';
import type { ExportDocument } from '../ExportDocument.ts';
import { PDF_FONT } from '../pdf/pdfFonts.ts';
import { titlePageLines } from '../titlePageLines.ts';

/**
 * A 16:9 page in points, the size of a 1920×1080 screen at half scale: what projectors and
 * presentation software use, landscape.
 */
export const SLIDE_PAGE = { width: 960, height: 540 } as const;

const MARGIN = 48;
const TEXT = '#1a1a1a';
const MUTED = '#4a4a4a';
const ACCENT = '#0b4f8a';

/** Body type size in points by how full the slide is; the tests check pages against slides. */
const BODY_SIZE: Record<SlideDensity, number> = { roomy: 26, full: 20, crowded: 16 };

/**
 * The heat as four squares, filled up to the level: drawn, because Roboto has no ■ and □, and
 * always beside the words, so it never rests on the pattern alone.
 */
function heatSquares(slide: Slide): Column {
  const size = 9;
  return {
    canvas: Array.from({ length: MAX_HEAT }, (_, index) => ({
      type: 'rect' as const,
      x: index * (size + 3),
      y: 2,
      w: size,
      h: size,
      lineWidth: 1,
      lineColor: TEXT,
      ...(index < slide.heat ? { color: TEXT } : {}),
    })),
    width: MAX_HEAT * (size + 3),
  };
}

function numbered(label: string | null, text: string): ContentText {
  return label === null
    ? { text }
    : { text: [{ text: `${label}  `, color: ACCENT, bold: true, fontSize: 14 }, text] };
}

function blockContent(block: SlideBlock): Content {
  switch (block.kind) {
    case 'heading':
      return { ...numbered(block.label, block.text), bold: true, margin: [0, 6, 0, 2] };
    case 'paragraph':
      return { ...numbered(block.label, block.text), margin: [0, 0, 0, 6] };
    case 'quote':
      return { ...numbered(block.label, block.text), italics: true, margin: [16, 0, 0, 6] };
    case 'list': {
      const items = block.items.map((item): ContentText => ({
        text: item.text,
        margin: [item.depth * 18, 0, 0, 2],
      }));
      return {
        stack: [
          ...(block.label === null
            ? []
            : [{ text: block.label, color: ACCENT, bold: true, fontSize: 14 }]),
          block.ordered ? { ol: items } : { ul: items },
        ],
        margin: [0, 0, 0, 6],
      };
    }
    case 'table': {
      const width = Math.max(1, block.header?.length ?? block.rows[0]?.length ?? 1);
      const pad = (cells: string[]) =>
        Array.from({ length: width }, (_, index) => cells[index] ?? '');
      return {
        stack: [
          ...(block.label === null
            ? []
            : [{ text: block.label, color: ACCENT, bold: true, fontSize: 14 }]),
          {
            table: {
              headerRows: block.header === null ? 0 : 1,
              widths: Array.from({ length: width }, () => '*'),
              body: [
                ...(block.header === null
                  ? []
                  : [pad(block.header).map((text) => ({ text, bold: true }))]),
                ...block.rows.map((row) => pad(row).map((text) => ({ text }))),
              ],
            },
            fontSize: 12,
          },
        ],
        margin: [0, 0, 0, 6],
      };
    }
  }
}

function spotlightContent(slide: Slide, t: Translate): Content[] {
  if (slide.spotlight.length === 0) return [];
  return [
    {
      stack: [
        { text: t('presentation.spotlight.heading'), bold: true, color: ACCENT, fontSize: 15 },
        ...slide.spotlight.map((thread): Content => ({
          stack: [
            {
              text: `${thread.label === null ? '' : `${thread.label}  `}”${thread.quote}”`,
              bold: true,
            },
            { text: thread.opening ?? t('presentation.spotlight.hidden') },
            {
              text: `${thread.author.name}, ${thread.author.organisation} · ${stanceText(thread.stance, t)} · ${t(`comments.status.${thread.status}`)}`,
              color: MUTED,
            },
          ],
          margin: [0, 6, 0, 0],
        })),
        ...(slide.spotlightMore > 0
          ? [
              {
                text: t('presentation.spotlight.more', { count: slide.spotlightMore }),
                color: MUTED,
                margin: [0, 6, 0, 0],
              } as Content,
            ]
          : []),
      ],
      fontSize: 11,
    },
  ];
}

function slideContent(
  slide: Slide,
  index: number,
  subtitle: readonly string[],
  t: Translate,
): Content {
  const heading: Content =
    slide.kind === 'title'
      ? {
          stack: [
            { text: slideTitle(slide, t), fontSize: 36, bold: true, margin: [0, 110, 0, 16] },
            ...subtitle.map((line): Content => ({ text: line, fontSize: 18, color: MUTED })),
          ],
        }
      : {
          text: [
            ...(slide.number === null ? [] : [{ text: `${slide.number}  `, color: ACCENT }]),
            slide.heading ?? t('presentation.intro'),
            ...(slide.part === null
              ? []
              : [
                  { text: ` (${slide.part.index}/${slide.part.count})`, color: MUTED, bold: false },
                ]),
          ],
          fontSize: 28,
          bold: true,
        };
  const meta: Content =
    slide.kind === 'section'
      ? {
          columns: [
            { text: commentCountText(slide.comments, t), width: 'auto' },
            heatSquares(slide),
            { text: heatText(slide, t), width: 'auto' },
          ],
          columnGap: 12,
        }
      : { text: commentCountText(slide.comments, t) };
  const text: Content = {
    stack: slide.blocks.map(blockContent),
    fontSize: BODY_SIZE[slideDensity(slide)],
  };
  const spotlight = spotlightContent(slide, t);
  return {
    stack: [
      heading,
      { stack: [meta], fontSize: 13, color: MUTED, margin: [0, 4, 0, 12] },
      spotlight.length === 0
        ? text
        : {
            columns: [
              { width: '*', ...text },
              { width: 280, stack: spotlight },
            ],
            columnGap: 24,
          },
    ],
    ...(index > 0 ? { pageBreak: 'before' as const } : {}),
  };
}

/**
 * The pdfmake document of the slides: 16:9 landscape pages, one per slide, Roboto (which has
 * å, ä and ö), the slide number in the footer. The presenter notes are left out; the PDF is for
 * the audience and for the record.
 */
export function slidesPdfDefinition(doc: ExportDocument, deck: SlideDeck): TDocumentDefinitions {
  const t: Translate = (key, values) => translate(doc.language, key, values);
  const count = deck.slides.length;
  const subtitle = titlePageLines(doc);
  return {
    pageSize: { width: SLIDE_PAGE.width, height: SLIDE_PAGE.height },
    pageOrientation: 'landscape',
    pageMargins: [MARGIN, MARGIN - 12, MARGIN, MARGIN],
    info: { title: t('presentation.file.title', { title: doc.title }) },
    language: doc.language,
    defaultStyle: { font: PDF_FONT, color: TEXT, lineHeight: 1.2 },
    footer: (page: number) => ({
      text: t('presentation.counter', { number: page, count }),
      alignment: 'right',
      fontSize: 10,
      color: MUTED,
      margin: [MARGIN, 12, MARGIN, 0],
    }),
    content: deck.slides.map((slide, index) => slideContent(slide, index, subtitle, t)),
  };
}
