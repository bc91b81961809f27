import {
  type DetectedKind,
  IMPORT_EXTENSIONS,
  type ImportErrorDetails,
  type ImportFormat,
} from '../../shared/api/import.ts';
import { BadRequest } from '../http/HttpError.ts';

/** Leading bytes of the binary formats people most often upload by mistake. */
const SIGNATURES: readonly { kind: DetectedKind; bytes: readonly number[] }[] = [
  { kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  // An empty ZIP archive: only the end-of-central-directory record.
  { kind: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  // Word 97–2003 and other OLE compound files.
  { kind: 'doc', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { kind: 'rtf', bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66] },
  { kind: 'image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { kind: 'image', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'image', bytes: [0x47, 0x49, 0x46, 0x38] },
];

/** How each detected kind is named in error messages. */
const KIND_NAMES: Record<DetectedKind, string> = {
  docx: 'a Word document (DOCX)',
  zip: 'a ZIP archive that is not a Word document',
  doc: 'an old Word 97–2003 document (.doc); save it as .docx',
  pdf: 'a PDF file',
  rtf: 'an RTF file',
  image: 'an image',
  text: 'a text file',
  binary: 'a binary file, not UTF-8 text',
};

const FORMAT_NAMES: Record<ImportFormat, string> = {
  docx: 'a Word document (DOCX)',
  md: 'Markdown text (UTF-8)',
  html: 'HTML text (UTF-8)',
};

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);

/**
 * What the bytes are, judged from their content alone: a known binary signature, UTF-8 text
 * without NUL bytes, or some other binary. A ZIP is only reported as `zip` here; whether it is a
 * Word document is decided when its directory is read (see `readDocxParts`).
 */
export function sniffKind(bytes: Uint8Array): DetectedKind {
  for (const signature of SIGNATURES) {
    if (startsWith(bytes, signature.bytes)) return signature.kind;
  }
  if (bytes.includes(0)) return 'binary';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'text';
  } catch {
    return 'binary';
  }
}

/** The format a file name's extension claims, or null if it is not an importable one. */
export function formatOfFileName(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  for (const [format, extensions] of Object.entries(IMPORT_EXTENSIONS) as [
    ImportFormat,
    readonly string[],
  ][]) {
    if (extensions.some((extension) => lower.endsWith(extension))) return format;
  }
  return null;
}

/**
 * Decides how to read an upload: its extension says what it should be, its bytes must agree.
 * A ".docx" that is not a ZIP, a PDF renamed ".md", or a Word file renamed ".html" is refused
 * with a 400 that names what the file is and what was expected.
 */
export function detectFormat(bytes: Uint8Array, fileName: string): ImportFormat {
  const claimed = formatOfFileName(fileName);
  if (claimed === null) {
    const accepted = Object.values(IMPORT_EXTENSIONS).flat().join(', ');
    throw BadRequest(`Only ${accepted} files can be imported; "${fileName}" is none of them.`, {
      reason: 'unsupported-extension',
    } satisfies ImportErrorDetails);
  }
  const kind = sniffKind(bytes);
  const fits = claimed === 'docx' ? kind === 'zip' : kind === 'text';
  if (!fits) throw typeMismatch(kind, claimed);
  return claimed;
}

/** The 400 for a file whose content is not what its name claims. */
export function typeMismatch(detected: DetectedKind, expected: ImportFormat) {
  return BadRequest(
    `The file is ${KIND_NAMES[detected]}, but its name says it is ${FORMAT_NAMES[expected]}.`,
    { reason: 'type-mismatch', detected, expected } satisfies ImportErrorDetails,
  );
}
