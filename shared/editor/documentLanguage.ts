/**
 * The language of the document text, as a BCP 47 tag for the editor's `lang` attribute. It is the
 * document's language, not the UI's: a Swedish draft read with the English UI must still be
 * pronounced as Swedish by screen readers and hyphenated as Swedish by the browser (WCAG 3.1.2).
 * Every draft is Swedish for now, so this is a constant; when documents in other languages
 * arrive, it becomes a property of the document.
 */
export const DOCUMENT_LANGUAGE = 'sv';
