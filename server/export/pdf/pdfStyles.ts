import type { StyleDictionary } from 'pdfmake/interfaces.js';

/** Colour of paragraph numbers and other words the export adds beside the text. */
export const MUTED_COLOUR = '#555555';

/** Colour of links: the blue of the app's links, at 4.5:1 contrast or better on white. */
export const LINK_COLOUR = '#0b57d0';

/** Named styles of the document PDF; `h1`–`h4` are the heading levels of the schema. */
export const PDF_STYLES: StyleDictionary = {
  body: { margin: [0, 0, 0, 6], lineHeight: 1.2 },
  h1: { fontSize: 20, bold: true, margin: [0, 12, 0, 6] },
  h2: { fontSize: 16, bold: true, margin: [0, 10, 0, 5] },
  h3: { fontSize: 13, bold: true, margin: [0, 8, 0, 4] },
  h4: { fontSize: 11, bold: true, margin: [0, 6, 0, 3] },
  quote: { italics: true, color: '#333333', margin: [18, 0, 18, 6] },
  title: { fontSize: 26, bold: true, alignment: 'center', margin: [0, 200, 0, 18] },
  subtitle: { fontSize: 14, alignment: 'center', margin: [0, 0, 0, 6] },
  tableHeader: { bold: true },
  footer: { fontSize: 9, alignment: 'center', color: MUTED_COLOUR },
};
