import { ODF_NAMESPACES, ODF_VERSION, XML_DECLARATION } from './odfNamespaces.ts';
import { STYLE, headingStyle } from './odfStyleNames.ts';

/** The automatic styles the body refers to: marks, numbers, page breaks and table borders. */
const AUTOMATIC_STYLES = [
  `<style:style style:name="${STYLE.bold}" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>`,
  `<style:style style:name="${STYLE.italic}" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>`,
  `<style:style style:name="${STYLE.boldItalic}" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>`,
  `<style:style style:name="${STYLE.deleted}" style:family="text"><style:text-properties style:text-line-through-style="solid" style:text-line-through-type="single"/></style:style>`,
  `<style:style style:name="${STYLE.inserted}" style:family="text"><style:text-properties style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>`,
  `<style:style style:name="${STYLE.number}" style:family="text"><style:text-properties fo:color="#555555" fo:font-weight="normal"/></style:style>`,
  `<style:style style:name="${STYLE.pageBreakAfter}" style:family="paragraph" style:parent-style-name="${STYLE.subtitle}"><style:paragraph-properties fo:break-after="page"/></style:style>`,
  `<style:style style:name="${STYLE.appendixHeading}" style:family="paragraph" style:parent-style-name="${headingStyle(1)}"><style:paragraph-properties fo:break-before="page"/></style:style>`,
  `<style:style style:name="${STYLE.table}" style:family="table"><style:table-properties style:width="16cm" table:align="margins"/></style:style>`,
  `<style:style style:name="${STYLE.cell}" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.1cm"/></style:style>`,
].join('');

/** Wraps the body (the inside of `office:text`) into content.xml with its automatic styles. */
export function odfContent(body: string): string {
  return (
    XML_DECLARATION +
    `<office:document-content ${ODF_NAMESPACES} office:version="${ODF_VERSION}">` +
    `<office:automatic-styles>${AUTOMATIC_STYLES}</office:automatic-styles>` +
    `<office:body><office:text>${body}</office:text></office:body>` +
    '</office:document-content>'
  );
}
