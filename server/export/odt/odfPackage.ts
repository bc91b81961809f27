import { strToU8, zipSync, type Zippable } from 'fflate';
import { escapeXml } from './escapeXml.ts';
import { ODF_VERSION, ODT_MEDIA_TYPE, XML_DECLARATION } from './odfNamespaces.ts';

/** The XML parts of an ODF text package, each a complete XML document. */
export interface OdfParts {
  content: string;
  styles: string;
  meta: string;
}

/** The manifest, listing the package itself and every part, as ODF 1.2 Part 3 §4 requires. */
export function odfManifest(paths: readonly string[]): string {
  const entries = paths.map(
    (path) =>
      ` <manifest:file-entry manifest:full-path="${escapeXml(path)}" manifest:media-type="text/xml"/>`,
  );
  return [
    XML_DECLARATION,
    `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="${ODF_VERSION}">`,
    ` <manifest:file-entry manifest:full-path="/" manifest:version="${ODF_VERSION}" manifest:media-type="${ODT_MEDIA_TYPE}"/>`,
    ...entries,
    '</manifest:manifest>',
  ].join('\n');
}

/**
 * Zips the parts into an .odt file. ODF requires the `mimetype` entry first, stored without
 * compression and without an extra field, so that tools can recognise the file by reading a
 * fixed offset (ODF 1.2 Part 3 §3.3); fflate writes entries in the order of the object's keys
 * and adds no extra field unless asked. The XML parts are deflated.
 */
export function writeOdfPackage(parts: OdfParts): Uint8Array {
  const xml: Record<string, string> = {
    'content.xml': parts.content,
    'styles.xml': parts.styles,
    'meta.xml': parts.meta,
  };
  const files: Zippable = {
    mimetype: [strToU8(ODT_MEDIA_TYPE), { level: 0 }],
    'META-INF/manifest.xml': strToU8(odfManifest(Object.keys(xml))),
  };
  for (const [path, text] of Object.entries(xml)) files[path] = strToU8(text);
  return zipSync(files, { level: 6 });
}
