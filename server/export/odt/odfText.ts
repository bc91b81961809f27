import { escapeXml } from './escapeXml.ts';

/**
 * Writes a run of user text as ODF character content. ODF collapses runs of spaces and drops
 * spaces at the start of a paragraph (ODF 1.2 §6.1.2), so every space after the first of a run,
 * and a space that opens the run, becomes `<text:s/>`; a tab becomes `<text:tab/>` and a line
 * feed `<text:line-break/>`, which is how the text reads on screen. Everything else is escaped.
 */
export function odfText(value: string): string {
  let out = '';
  let start = 0;
  const flush = (end: number): void => {
    if (end > start) out += escapeXml(value.slice(start, end));
  };
  for (let index = 0; index < value.length; index += 1) {
    const char = value[index];
    if (char === ' ') {
      let runEnd = index + 1;
      while (value[runEnd] === ' ') runEnd += 1;
      const count = runEnd - index;
      if (count === 1 && index > 0) continue;
      flush(index);
      const literal = index > 0 ? ' ' : '';
      const encoded = index > 0 ? count - 1 : count;
      out += literal;
      if (encoded === 1) out += '<text:s/>';
      else if (encoded > 1) out += `<text:s text:c="${encoded}"/>`;
      start = runEnd;
      index = runEnd - 1;
    } else if (char === '\t' || char === '\n') {
      flush(index);
      out += char === '\t' ? '<text:tab/>' : '<text:line-break/>';
      start = index + 1;
    } else if (char === '\r') {
      flush(index);
      start = index + 1;
    }
  }
  flush(value.length);
  return out;
}
