import { escapeXml } from './escapeXml.ts';
import { ODF_NAMESPACES, ODF_VERSION, XML_DECLARATION } from './odfNamespaces.ts';
import { STYLE, headingStyle } from './odfStyleNames.ts';

/** How many nesting levels the list styles define; ODF allows at most 10. */
const LIST_LEVELS = 10;

/** Font the styles ask for: metric-compatible with Arial and installed with LibreOffice. */
const FONT = 'Liberation Sans';

/** The country ODF's fo:country pairs with each export language. */
const COUNTRY: Record<string, string> = { sv: 'SE', en: 'GB' };

function listStyle(name: string, displayName: string, numbered: boolean): string {
  const levels: string[] = [];
  for (let level = 1; level <= LIST_LEVELS; level += 1) {
    const indent = (0.635 * level).toFixed(3);
    const properties =
      '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">' +
      `<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="${indent}cm" fo:text-indent="-0.635cm" fo:margin-left="${indent}cm"/>` +
      '</style:list-level-properties>';
    levels.push(
      numbered
        ? `<text:list-level-style-number text:level="${level}" style:num-suffix="." style:num-format="1">${properties}</text:list-level-style-number>`
        : `<text:list-level-style-bullet text:level="${level}" text:bullet-char="${level % 2 === 1 ? '•' : '◦'}">${properties}</text:list-level-style-bullet>`,
    );
  }
  return `<text:list-style style:name="${name}" style:display-name="${displayName}">${levels.join('')}</text:list-style>`;
}

function paragraphStyle(
  name: string,
  displayName: string,
  parent: string | null,
  paragraph: string,
  text: string,
  extra = '',
): string {
  const parentAttribute = parent === null ? '' : ` style:parent-style-name="${parent}"`;
  return (
    `<style:style style:name="${name}" style:display-name="${displayName}" style:family="paragraph"${parentAttribute}${extra}>` +
    (paragraph === '' ? '' : `<style:paragraph-properties ${paragraph}/>`) +
    (text === '' ? '' : `<style:text-properties ${text}/>`) +
    '</style:style>'
  );
}

/**
 * Writes styles.xml: the fonts, the default and named paragraph styles (body, headings 1–4,
 * quotation, title, table contents), the bullet and numbered list styles, and an A4 page with
 * the page number in the footer. The language of the text is set on the default style, so
 * spelling and hyphenation follow it.
 */
export function odfStyles(language: string): string {
  const country = COUNTRY[language] ?? '';
  const locale =
    `fo:language="${escapeXml(language)}"` + (country === '' ? '' : ` fo:country="${country}"`);
  const headingSizes = ['20pt', '16pt', '14pt', '12pt'];
  const headings = headingSizes.map((size, index) =>
    paragraphStyle(
      headingStyle(index + 1),
      `Heading ${index + 1}`,
      'Heading',
      '',
      `fo:font-size="${size}" fo:font-weight="bold"`,
      ` style:next-style-name="${STYLE.body}" style:default-outline-level="${index + 1}"`,
    ),
  );
  return [
    XML_DECLARATION,
    `<office:document-styles ${ODF_NAMESPACES} office:version="${ODF_VERSION}">`,
    '<office:font-face-decls>',
    `<style:font-face style:name="${FONT}" svg:font-family="&apos;${FONT}&apos;" style:font-family-generic="swiss" style:font-pitch="variable"/>`,
    '</office:font-face-decls>',
    '<office:styles>',
    '<style:default-style style:family="paragraph">',
    `<style:text-properties style:font-name="${FONT}" fo:font-size="11pt" ${locale}/>`,
    '</style:default-style>',
    paragraphStyle('Standard', 'Standard', null, '', ''),
    paragraphStyle(
      STYLE.body,
      'Text body',
      'Standard',
      'fo:margin-top="0cm" fo:margin-bottom="0.212cm" fo:line-height="115%"',
      '',
    ),
    paragraphStyle(
      'Heading',
      'Heading',
      'Standard',
      'fo:margin-top="0.423cm" fo:margin-bottom="0.212cm" fo:keep-with-next="always"',
      '',
      ` style:next-style-name="${STYLE.body}"`,
    ),
    ...headings,
    paragraphStyle(
      STYLE.quote,
      'Quotations',
      STYLE.body,
      'fo:margin-left="1cm" fo:margin-right="1cm" fo:padding-left="0.2cm" fo:border-left="1.5pt solid #808080"',
      'fo:font-style="italic"',
    ),
    paragraphStyle(
      STYLE.title,
      'Title',
      'Heading',
      'fo:margin-top="6cm" fo:text-align="center"',
      'fo:font-size="26pt" fo:font-weight="bold"',
    ),
    paragraphStyle(
      STYLE.subtitle,
      'Subtitle',
      'Heading',
      'fo:text-align="center"',
      'fo:font-size="14pt"',
    ),
    paragraphStyle(STYLE.tableContents, 'Table Contents', 'Standard', '', ''),
    paragraphStyle(
      STYLE.tableHeading,
      'Table Heading',
      STYLE.tableContents,
      '',
      'fo:font-weight="bold"',
    ),
    paragraphStyle(STYLE.annotation, 'Annotation', 'Standard', '', 'fo:font-size="10pt"'),
    paragraphStyle('Footer', 'Footer', 'Standard', 'fo:text-align="center"', 'fo:font-size="9pt"'),
    listStyle(STYLE.bulletList, 'List Bullet', false),
    listStyle(STYLE.numberList, 'List Number', true),
    '</office:styles>',
    '<office:automatic-styles>',
    '<style:page-layout style:name="PageA4">',
    '<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>',
    '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style>',
    '</style:page-layout>',
    '</office:automatic-styles>',
    '<office:master-styles>',
    '<style:master-page style:name="Standard" style:page-layout-name="PageA4">',
    '<style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current"/></text:p></style:footer>',
    '</style:master-page>',
    '</office:master-styles>',
    '</office:document-styles>',
  ].join('');
}
