/*
 * Names of the styles content.xml refers to. The paragraph styles carry LibreOffice's own names
 * ("Heading 1" is written Heading_20_1), so a reader who edits the file finds them under the
 * names they know and a table of contents picks the headings up.
 */

/** Paragraph style of each heading level 1–4 (the schema allows no deeper heading). */
export const headingStyle = (level: number): string =>
  `Heading_20_${Math.min(4, Math.max(1, level))}`;

export const STYLE = {
  body: 'Text_20_body',
  quote: 'Quotations',
  title: 'Title',
  subtitle: 'Subtitle',
  tableContents: 'Table_20_Contents',
  tableHeading: 'Table_20_Heading',
  annotation: 'Annotation',
  bulletList: 'List_20_Bullet',
  numberList: 'List_20_Number',
  /** Automatic text styles (content.xml). */
  bold: 'T_bold',
  italic: 'T_italic',
  boldItalic: 'T_bold_italic',
  number: 'T_number',
  /** A proposal's old text (struck) and new text (underlined) in a thread's facts. */
  deleted: 'T_deleted',
  inserted: 'T_inserted',
  /** Automatic paragraph styles (content.xml). */
  pageBreakAfter: 'P_page_break_after',
  appendixHeading: 'P_appendix_heading',
  /** Automatic table styles (content.xml). */
  table: 'Table_remiss',
  cell: 'Cell_remiss',
} as const;
