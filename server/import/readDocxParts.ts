import { type UnzipFileInfo, unzipSync, zipSync } from 'fflate';
import type { ImportErrorDetails } from '../../shared/api/import.ts';
import { MAX_DOCX_UNZIPPED_BYTES } from '../../shared/limits.ts';
import { BadRequest, HttpError } from '../http/HttpError.ts';
import { typeMismatch } from './detectFormat.ts';

/** The part every Word document has; a ZIP without it is some other kind of archive. */
const MAIN_PART = 'word/document.xml';

/**
 * Parts the conversion reads: the XML and the relationships. Pictures, embedded files and fonts
 * are left packed: the import leaves pictures out anyway, and not unpacking them keeps the
 * memory an upload costs close to the size of its text.
 */
const READ_PART = /\.(xml|rels)$/i;

/** What the DOCX holds, unpacked as far as the import needs it. */
export interface DocxParts {
  /**
   * The parts the conversion reads, packed again without compression for mammoth. Mammoth's own
   * unzipping trusts no declared size; a stored archive gives it nothing left to inflate.
   */
  archive: Uint8Array;
  /** `dc:title` from `docProps/core.xml`, if the author set one. */
  coreTitle: string | null;
  /** Word comments, which the conversion leaves out. */
  comments: number;
  /** Tracked insertions, deletions and moves in the main text. */
  trackedChanges: number;
  /** Text boxes (drawn shapes with text) in the main text. */
  textBoxes: number;
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/**
 * Spells "off" the way mammoth reads it. OOXML on/off properties may say `w:val="off"` (the
 * `docx` package writes it, since Office's own schema only takes on/off); mammoth 1.13 only
 * knows "false" and "0", and takes a row's `<w:tblHeader>` for a header row whatever its value.
 * Without this, a DOCX whose rows say "not a header row" would import as all header cells.
 */
function normaliseOnOff(xml: string): string {
  return xml
    .replace(/(<w:[A-Za-z]+\s+w:val=")off(")/g, '$1false$2')
    .replace(/<w:tblHeader\s+w:val="(?:false|0)"\s*\/>/g, '');
}

/**
 * Reads a DOCX's directory, refuses what is not a Word document or would unpack to more than
 * MAX_DOCX_UNZIPPED_BYTES (by the sizes the directory declares, before anything is inflated),
 * and unpacks the parts the conversion needs. fflate inflates each part into a buffer of its
 * declared size, so a part that lies about its size is cut short rather than allowed to grow.
 */
export function readDocxParts(bytes: Uint8Array): DocxParts {
  const listed: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        listed.push(file);
        return false;
      },
    });
  } catch {
    throw BadRequest(
      'The file is named .docx but is not a readable ZIP archive; it may be damaged.',
      {
        reason: 'unreadable',
      } satisfies ImportErrorDetails,
    );
  }
  if (!listed.some((file) => file.name === MAIN_PART)) throw typeMismatch('zip', 'docx');
  const wanted = listed.filter((file) => READ_PART.test(file.name));
  const declared = wanted.reduce((sum, file) => sum + file.originalSize, 0);
  if (declared > MAX_DOCX_UNZIPPED_BYTES) {
    throw new HttpError(
      413,
      'payload_too_large',
      `The Word document would unpack to ${declared} bytes of text and markup; at most ` +
        `${MAX_DOCX_UNZIPPED_BYTES} are accepted.`,
      { reason: 'unzipped-too-large' } satisfies ImportErrorDetails,
    );
  }
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, { filter: (file) => READ_PART.test(file.name) });
  } catch {
    throw BadRequest('The Word document is damaged: a part of it cannot be unpacked.', {
      reason: 'unreadable',
    } satisfies ImportErrorDetails);
  }
  const text = (name: string) => {
    const part = parts[name];
    return part ? decoder.decode(part) : '';
  };
  const main = text(MAIN_PART);
  parts[MAIN_PART] = encoder.encode(normaliseOnOff(main));
  const count = (source: string, pattern: RegExp) => source.match(pattern)?.length ?? 0;
  // A text box is written twice, as a DrawingML shape and a VML fallback; count one kind.
  const drawnBoxes = count(main, /<wps:txbx\b/g);
  return {
    archive: zipSync(parts, { level: 0 }),
    coreTitle: readCoreTitle(text('docProps/core.xml')),
    comments: count(text('word/comments.xml'), /<w:comment\b/g),
    trackedChanges: count(main, /<w:(ins|del|moveFrom|moveTo)\b/g),
    textBoxes: drawnBoxes > 0 ? drawnBoxes : count(main, /<v:textbox\b/g),
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The document title the author set in Word (File › Info › Title), or null. */
function readCoreTitle(coreXml: string): string | null {
  const match = /<dc:title(?:\s[^>]*)?>([^<]*)<\/dc:title>/.exec(coreXml);
  const raw = match?.[1];
  if (raw === undefined) return null;
  const title = raw
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
      if (!entity.startsWith('#')) return ENTITIES[entity.toLowerCase()] ?? whole;
      const hex = entity[1] === 'x' || entity[1] === 'X';
      const code = Number.parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .trim();
  return title === '' ? null : title;
}
