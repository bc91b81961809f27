import {
  AlignmentType,
  LevelFormat,
  type ILevelsOptions,
  type INumberingOptions,
  type IStylesOptions,
  type NumberingDefinition,
} from 'docx';

/** Numbering definition of bulleted lists; each level is one step of nesting. */
export const BULLET_LIST = 'remiss-bullets';
/** Numbering definition of numbered lists ("1.", then "a.", then "i." as they nest). */
export const ORDERED_LIST = 'remiss-ordered';
/** Paragraph style of quoted text, in the text and in the comment appendix. */
export const QUOTE_STYLE = 'Quote';

/** Word allows nine list levels (0–8); deeper nesting stays at the last. */
export const MAX_LIST_LEVEL = 8;

/** Indentation of one list level, in twentieths of a point (half an inch). */
const LEVEL_INDENT = 720;

const BULLETS = ['•', '◦', '▪'];
const ORDER_FORMATS = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];

function levels(
  make: (level: number) => Pick<ILevelsOptions, 'format' | 'text'>,
  start = 1,
): ILevelsOptions[] {
  return Array.from({ length: MAX_LIST_LEVEL + 1 }, (_, level) => ({
    level,
    ...make(level),
    start,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: LEVEL_INDENT * (level + 1), hanging: 360 } } },
  }));
}

/**
 * The numbered-list definition whose levels count from `start`: `ORDERED_LIST` for 1, and one
 * of its own for a list that starts elsewhere ("3." after a paragraph that interrupted it).
 */
export function orderedListFrom(start: number): NumberingDefinition {
  return {
    reference: start === 1 ? ORDERED_LIST : `${ORDERED_LIST}-from-${start}`,
    levels: levels(
      (level) => ({
        format: ORDER_FORMATS[level % ORDER_FORMATS.length] ?? LevelFormat.DECIMAL,
        text: `%${level + 1}.`,
      }),
      start,
    ),
  };
}

/**
 * Real Word list definitions (word/numbering.xml), so Word shows and continues the lists as
 * lists rather than as paragraphs that start with "•".
 */
export const listNumbering: INumberingOptions = {
  config: [
    {
      reference: BULLET_LIST,
      levels: levels((level) => ({
        format: LevelFormat.BULLET,
        text: BULLETS[level % BULLETS.length] ?? '•',
      })),
    },
    orderedListFrom(1),
  ],
};

/** Word's language tag for the app's languages. */
export const WORD_LANGUAGE = { sv: 'sv-SE', en: 'en-GB' } as const;

/**
 * Styles of an export: the text's language as the document default (so Word checks spelling
 * in Swedish), and a quote style. Headings use Word's own Heading 1–4 so the navigation pane
 * and a table of contents find them.
 */
export function exportStyles(textLanguage: keyof typeof WORD_LANGUAGE): IStylesOptions {
  return {
    default: {
      document: { run: { language: { value: WORD_LANGUAGE[textLanguage] } } },
    },
    paragraphStyles: [
      {
        id: QUOTE_STYLE,
        name: 'Quote',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { italics: true, color: '404040' },
        paragraph: {
          indent: { left: LEVEL_INDENT },
          border: { left: { style: 'single', size: 12, color: '808080', space: 8 } },
        },
      },
    ],
  };
}
