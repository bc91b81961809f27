import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';

/**
 * Parses `text` as XML and throws on any warning, error or fatal error, naming the part, so a
 * test fails on markup a strict reader (LibreOffice, Word) would refuse.
 */
export function parseXmlStrictly(
  text: string,
  part: string,
): ReturnType<DOMParser['parseFromString']> {
  const fail = (level: string) => (message: unknown) => {
    throw new Error(`${part}: XML ${level}: ${String(message)}`);
  };
  const parser = new DOMParser({
    errorHandler: {
      warning: fail('warning'),
      error: fail('error'),
      fatalError: fail('fatal error'),
    },
  });
  return parser.parseFromString(text, 'application/xml');
}

/** A zip package as the tests read it: its entries by name and every XML part's text. */
export interface ReadPackage {
  files: Record<string, Uint8Array>;
  xml: Record<string, string>;
}

/**
 * Unzips an ODF (or any OOXML) package and parses every `.xml` part strictly; throws when the
 * zip or any part is broken.
 */
export function readZipPackage(bytes: Uint8Array): ReadPackage {
  const files = unzipSync(bytes);
  const xml: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) {
    if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
    xml[name] = strFromU8(data);
    parseXmlStrictly(xml[name], name);
  }
  return { files, xml };
}

/** The first local file header of a zip: its compression method, extra field length and name. */
export function firstZipEntry(bytes: Uint8Array): {
  method: number;
  extraLength: number;
  name: string;
} {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== 0x04034b50) throw new Error('Not a zip local file header');
  const nameLength = view.getUint16(26, true);
  return {
    method: view.getUint16(8, true),
    extraLength: view.getUint16(28, true),
    name: strFromU8(bytes.subarray(30, 30 + nameLength)),
  };
}
