import { escapeXml } from './escapeXml.ts';
import { ODF_NAMESPACES, ODF_VERSION, XML_DECLARATION } from './odfNamespaces.ts';

/** What meta.xml states about the document. */
export interface OdfMetaInput {
  title: string;
  /** BCP 47 language tag of the text ("sv", "en"). */
  language: string;
  /** When the file was made (ISO 8601). */
  createdAt: string;
}

/** The program named in meta.xml, so a reader can tell where a file came from. */
export const ODF_GENERATOR = 'Remiss';

/** Writes meta.xml: title, language, generator and creation date (ODF 1.2 §4.3). */
export function odfMeta(input: OdfMetaInput): string {
  const created = new Date(input.createdAt);
  const date = Number.isNaN(created.getTime()) ? null : created.toISOString();
  return [
    XML_DECLARATION,
    `<office:document-meta ${ODF_NAMESPACES} office:version="${ODF_VERSION}">`,
    '<office:meta>',
    `<meta:generator>${ODF_GENERATOR}</meta:generator>`,
    `<dc:title>${escapeXml(input.title)}</dc:title>`,
    `<dc:language>${escapeXml(input.language)}</dc:language>`,
    date === null ? '' : `<meta:creation-date>${date}</meta:creation-date>`,
    '</office:meta>',
    '</office:document-meta>',
  ].join('');
}
