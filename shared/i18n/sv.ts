/**
 * Swedish UI strings, the default language. This file is the source of the message keys: English
 * (en.ts) must provide every key here, which the checker enforces. Placeholders are `{name}`.
 */
export const sv = {
  'app.name': 'Remiss',
  'app.tagline': 'Gemensamt arbete med remissutkast',
  'app.skipToContent': 'Hoppa till innehållet',
  'app.language': 'Språk',
  'app.language.sv': 'Svenska',
  'app.language.en': 'English',
  'app.loading': 'Laddar …',
  'app.error.generic': 'Något gick fel. Försök igen.',
  'app.error.network': 'Servern kunde inte nås. Kontrollera anslutningen och försök igen.',
  'app.signedInAs': 'Inloggad som {name}, {organisation}',

  'documents.heading': 'Dokument',
  'documents.empty': 'Det finns inga dokument än. Skapa det första nedan.',
  'documents.create.heading': 'Nytt dokument',
  'documents.create.titleLabel': 'Titel',
  'documents.create.submit': 'Skapa dokument',
  'documents.create.created': 'Dokumentet ”{title}” skapades.',
  'documents.column.title': 'Titel',
  'documents.column.role': 'Din roll',
  'documents.column.updated': 'Senast ändrad',
  'documents.column.actions': 'Åtgärder',
  'documents.open': 'Öppna',
  'documents.rename': 'Byt namn',
  'documents.rename.label': 'Nytt namn för ”{title}”',
  'documents.rename.save': 'Spara namn',
  'documents.rename.cancel': 'Avbryt',
  'documents.rename.saved': 'Namnet ändrades till ”{title}”.',
  'documents.back': 'Alla dokument',

  'role.owner': 'Ägare',
  'role.editor': 'Redaktör',
  'role.commenter': 'Kommentator',
  'role.viewer': 'Läsare',

  'editor.region': 'Dokumenttext',
  'editor.toolbar': 'Formatering',
  'editor.bold': 'Fetstil',
  'editor.italic': 'Kursiv',
  'editor.heading': 'Rubrik {level}',
  'editor.paragraph': 'Brödtext',
  'editor.bulletList': 'Punktlista',
  'editor.orderedList': 'Numrerad lista',
  'editor.blockquote': 'Citat',
  'editor.link': 'Länk',
  'editor.link.prompt': 'Adress (https://…). Lämna tomt för att ta bort länken.',
  'editor.link.invalid': 'Adressen är inte tillåten. Använd en https-, http- eller mailto-adress.',
  'editor.table': 'Infoga tabell',
  'editor.undo': 'Ångra',
  'editor.redo': 'Gör om',
  'editor.readOnly': 'Du kan läsa dokumentet men inte ändra texten.',
  'editor.loading': 'Hämtar dokumentet …',
  'editor.loadFailed':
    'Dokumentet kunde inte läsas in. Inget har skrivits över. Kontakta den som driftar tjänsten.',
  'editor.notFound': 'Dokumentet finns inte, eller så har du inte tillgång till det.',
  'editor.unsavedWarning': 'Det finns ändringar som inte har sparats på servern än.',

  'status.label': 'Sparstatus',
  'status.connecting': 'Ansluter …',
  'status.saved': 'Alla ändringar sparade',
  'status.saving': 'Sparar …',
  'status.offline': 'Offline – ändringarna sparas i webbläsaren',
  'status.offlineUnsent': 'Offline – {count} osparade ändringar finns kvar i webbläsaren',
  'status.offlineSaved': 'Offline – inga osparade ändringar',

  'presence.heading': 'I dokumentet nu',
  'presence.you': '{name} (du)',
  'presence.count': '{count} personer i dokumentet',

  'numbering.section': 'Avsnitt {number}',
  'numbering.paragraph': 'Stycke {number}',
};

/** A key of a UI message. */
export type MessageKey = keyof typeof sv;
