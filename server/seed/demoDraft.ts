/**
 * The demo draft seeded into an empty database (REMISS_DEMO=1): an original Swedish guidance
 * on open licences and intellectual property, written for this project. It exercises every
 * block type the editor supports, so a first run looks like the real thing.
 */
import type { JSONContent } from '@tiptap/core';

/** Title of the seeded demo document. */
export const DEMO_TITLE = 'Vägledning om öppna licenser och immaterialrätt – utkast 1';

/** A piece of inline content: plain text, or a text node with marks. */
type Inline = string | JSONContent;
/** A list item: plain text, the inline parts of its paragraph, or a ready `listItem` node. */
type ItemSpec = string | readonly Inline[] | JSONContent;
/** A table cell: plain text or the inline parts of its paragraph. */
type CellSpec = string | readonly Inline[];
/** One mark on a text node. */
type Mark = NonNullable<JSONContent['marks']>[number];

const URL_PRV = 'https://www.prv.se';
const URL_DIGG = 'https://www.digg.se';
const URL_CC0 = 'https://creativecommons.org/publicdomain/zero/1.0/deed.sv';
const URL_CC_BY = 'https://creativecommons.org/licenses/by/4.0/deed.sv';
const URL_EUPL = 'https://joinup.ec.europa.eu/collection/eupl';
const URL_SPDX = 'https://spdx.org/licenses/';
const URL_DATAPORTAL = 'https://www.dataportal.se';
const URL_UPPHANDLING = 'https://www.upphandlingsmyndigheten.se';

// Parts of a paragraph are joined with one space, except before punctuation, after an opening
// parenthesis and where the text already has whitespace. That keeps every string short.
const NO_SPACE_BEFORE = /^[\s.,;:!?)]/;
const NO_SPACE_AFTER = /[\s(]$/;

const plain = (value: string): JSONContent => ({ type: 'text', text: value });

const marked = (value: string, mark: Mark): JSONContent => ({
  type: 'text',
  text: value,
  marks: [mark],
});

// Bold and italic take their text in parts, joined with spaces, like a paragraph does.
const b = (...words: readonly string[]): JSONContent => marked(words.join(' '), { type: 'bold' });
const i = (...words: readonly string[]): JSONContent => marked(words.join(' '), { type: 'italic' });
const link = (value: string, href: string): JSONContent =>
  marked(value, { type: 'link', attrs: { href } });

/** Turns inline parts into text nodes, inserting spaces and merging adjacent plain text. */
const inline = (parts: readonly Inline[]): JSONContent[] => {
  const nodes: JSONContent[] = [];
  const push = (node: JSONContent): void => {
    const last = nodes.at(-1);
    if (last !== undefined && last.marks === undefined && node.marks === undefined) {
      last.text = `${last.text ?? ''}${node.text ?? ''}`;
    } else {
      nodes.push({ ...node });
    }
  };
  for (const part of parts) {
    const node = typeof part === 'string' ? plain(part) : part;
    const before = nodes.at(-1)?.text ?? '';
    const value = node.text ?? '';
    if (before !== '' && !NO_SPACE_AFTER.test(before) && !NO_SPACE_BEFORE.test(value)) {
      push(plain(' '));
    }
    push(node);
  }
  return nodes;
};

const p = (...parts: readonly Inline[]): JSONContent => ({
  type: 'paragraph',
  content: inline(parts),
});

const heading = (level: 1 | 2 | 3, title: string): JSONContent => ({
  type: 'heading',
  attrs: { level },
  content: [plain(title)],
});

const h1 = (title: string): JSONContent => heading(1, title);
const h2 = (title: string): JSONContent => heading(2, title);
const h3 = (title: string): JSONContent => heading(3, title);

/** A list item whose paragraph is made of `parts`, optionally followed by a nested list. */
const item = (parts: readonly Inline[], nested?: JSONContent): JSONContent => ({
  type: 'listItem',
  content: nested === undefined ? [p(...parts)] : [p(...parts), nested],
});

const isParts = (spec: readonly Inline[] | JSONContent): spec is readonly Inline[] =>
  Array.isArray(spec);

const toItem = (spec: ItemSpec): JSONContent => {
  if (typeof spec === 'string') return item([spec]);
  return isParts(spec) ? item(spec) : spec;
};

const bullets = (...items: readonly ItemSpec[]): JSONContent => ({
  type: 'bulletList',
  content: items.map(toItem),
});

const numbered = (...items: readonly ItemSpec[]): JSONContent => ({
  type: 'orderedList',
  content: items.map(toItem),
});

const quote = (...paragraphs: readonly JSONContent[]): JSONContent => ({
  type: 'blockquote',
  content: [...paragraphs],
});

const cell = (type: 'tableHeader' | 'tableCell', spec: CellSpec): JSONContent => ({
  type,
  content: [typeof spec === 'string' ? p(spec) : p(...spec)],
});

/** A table with a header row; every row must have as many cells as the header. */
const table = (header: readonly string[], rows: readonly (readonly CellSpec[])[]): JSONContent => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: header.map((spec) => cell('tableHeader', spec)) },
    ...rows.map((row) => ({
      type: 'tableRow',
      content: row.map((spec) => cell('tableCell', spec)),
    })),
  ],
});

/** Body of the seeded demo document as Tiptap JSON. */
export const demoDraft: JSONContent = {
  type: 'doc',
  content: [
    h1(DEMO_TITLE),
    p(
      b('Utkast för remiss.'),
      i(
        'Detta dokument är ett arbetsmaterial från Patent- och registreringsverket (PRV) och',
        'Myndigheten för digital förvaltning (Digg). Det har ännu inte fastställts och kan komma',
        'att ändras i alla delar efter remissen.',
      ),
    ),
    p(
      'Utkastet skickas på remiss till ett nätverk av drygt hundra statliga myndigheter, regioner,',
      'kommuner, lärosäten och andra organisationer. Synpunkter lämnas direkt i dokumentet som',
      'kommentarer eller ändringsförslag. Motivera gärna era förslag och hänvisa, där det går,',
      'till erfarenheter från den egna verksamheten.',
    ),
    p(
      'Frågor om remissen besvaras av handläggarna på respektive myndighet. Kontaktuppgifter finns',
      'på',
      link('www.prv.se', URL_PRV),
      'och',
      link('www.digg.se', URL_DIGG),
      '.',
    ),

    h2('Syfte, omfattning och målgrupp'),
    p(
      'Offentlig sektor skapar varje år stora mängder information: beslut, utredningar, statistik,',
      'kartunderlag, bilder, utbildningsmaterial och programvara. Mycket av detta har ett värde',
      'långt utöver det ärende eller uppdrag där det togs fram. När materialet kan återanvändas av',
      'andra myndigheter, företag, forskare och enskilda ökar nyttan av de allmänna medel som har',
      'finansierat det.',
    ),
    p(
      'Samtidigt är rättsläget ofta oklart för den som vill återanvända materialet. Många',
      'myndigheter publicerar information utan att ange vad som gäller för vidareutnyttjande,',
      'eller med villkor som formuleras olika från myndighet till myndighet. Osäkerheten leder',
      'till att material inte används alls, eller att det används på sätt som varken myndigheten',
      'eller mottagaren har tänkt igenom.',
    ),
    p(
      'Syftet med vägledningen är att ge offentliga aktörer ett gemensamt och förutsebart sätt att',
      'hantera immaterialrätt och licenser. Den ska göra det enklare att besluta hur material ska',
      'tillgängliggöras, att välja rätt licens och att ställa rätt krav när någon annan tar fram',
      'material eller programvara åt myndigheten.',
    ),
    h3('Vad vägledningen omfattar'),
    p(
      'Vägledningen gäller material som myndigheten själv tar fram eller låter ta fram, och som',
      'den avser att göra tillgängligt för andra. Den omfattar särskilt',
    ),
    bullets(
      'data och databaser, till exempel register, statistik och geodata,',
      'text, bild, film och annat redaktionellt material,',
      'programvara och källkod, även sådan som utvecklas av leverantörer,',
      'metadata som beskriver hur materialet får användas.',
    ),
    h3('Avgränsningar'),
    p(
      'Vägledningen är ingen uttömmande genomgång av immaterialrätten och ersätter inte juridisk',
      'rådgivning i enskilda fall. Patent, mönsterskydd och forskningsresultat vid lärosäten',
      'behandlas bara översiktligt, eftersom de frågorna har egna regelverk.',
    ),
    p(
      'Frågan om vilka handlingar som är allmänna och om de ska lämnas ut enligt',
      'tryckfrihetsförordningen berörs också bara i förbigående. Rätten att ta del av en allmän',
      'handling är en sak, rätten att fritt återanvända innehållet en annan. Vägledningen handlar',
      'om det senare.',
    ),
    h3('Vem vägledningen riktar sig till'),
    p(
      'Vägledningen riktar sig till statliga myndigheter, regioner och kommuner samt till',
      'kommunala och regionala bolag. Den kan också vara till stöd för andra organisationer som',
      'förvaltar information på uppdrag av det allmänna.',
    ),
    p(
      'Licensfrågor kan sällan lösas av en enda funktion. Inom organisationen har enligt vår',
      'erfarenhet följande roller störst nytta av vägledningen:',
    ),
    bullets(
      [b('Jurister och registratorer'), 'som bedömer rättsläget och hanterar allmänna handlingar.'],
      [b('Informationsförvaltare och dataansvariga'), 'som publicerar data och metadata.'],
      [b('Kommunikatörer'), 'som ansvarar för webbplatser, bilder och trycksaker.'],
      [b('Utvecklare och it-arkitekter'), 'som skriver, väljer och förvaltar programvara.'],
      [b('Inköpare och upphandlare'), 'som formulerar avtalsvillkor om rättigheter.'],
    ),
    p(
      'Mindre kommuner har sällan egen juridisk kompetens inom immaterialrätt. Avsikten är att',
      'vägledningen ska kunna användas som den är, och checklistan mot slutet av dokumentet är',
      'skriven för att kunna följas utan förkunskaper.',
    ),

    h2('Vad är en licens?'),
    p(
      'En licens är ett tillstånd från den som innehar en rättighet att någon annan får använda',
      'det skyddade materialet på vissa villkor. Licensen ändrar inte vem som äger rättigheten.',
      'Den anger vad mottagaren får göra, till exempel kopiera, sprida, bearbeta eller använda',
      'materialet kommersiellt, och vilka skyldigheter som följer med.',
    ),
    p(
      'Utan licens gäller huvudregeln att skyddat material inte får användas utan',
      'rättighetshavarens tillstånd. Att något ligger på en öppen webbplats betyder alltså inte',
      'att det är fritt att använda.',
    ),
    h3('Öppna licenser'),
    p(
      'En öppen licens ger vem som helst rätt att använda, bearbeta och sprida materialet, även i',
      'kommersiella sammanhang, utan att fråga om lov eller betala ersättning. Villkoren är få och',
      'standardiserade. De vanligaste är att upphovsmannen ska anges och, för vissa licenser, att',
      'bearbetningar ska spridas vidare på samma villkor.',
    ),
    p(
      'Standardiserade licenser är kända av användarna, har granskats juridiskt i många länder och',
      'kan uttryckas maskinläsbart.',
      b('Myndigheter bör därför inte skriva egna licenstexter'),
      'när en etablerad öppen licens kan användas.',
    ),
    h3('Licens, avtal och märkning'),
    p(
      'En licens kan ses som ett ensidigt erbjudande som accepteras genom att materialet används.',
      'Den behöver inte undertecknas och förutsätter ingen kontakt mellan parterna. Det skiljer',
      'den från ett avtal som förhandlas fram mellan två parter, till exempel efter en',
      'upphandling.',
    ),
    p(
      'För material som inte alls är skyddat finns ingenting att licensiera. Myndigheten kan då i',
      'stället använda en märkning, till exempel Creative Commons',
      i('Public Domain Mark'),
      ', som upplyser om att materialet är fritt. Märkningen är en upplysning och ingen rättslig',
      'handling.',
    ),

    h2('Upphovsrätt i myndigheters material'),
    p(
      'Upphovsrätt uppstår automatiskt när någon skapar ett litterärt eller konstnärligt verk som',
      'är tillräckligt originellt, det som i svensk rätt kallas verkshöjd. Ingen registrering',
      'krävs. Skyddet gäller i regel till utgången av det sjuttionde året efter upphovsmannens',
      'dödsår.',
    ),
    p(
      'Upphovsrätten har två delar. Den ekonomiska rätten ger ensamrätt att framställa exemplar av',
      'verket och att göra det tillgängligt för allmänheten. Den ideella rätten innebär att',
      'upphovsmannen ska anges enligt god sed och att verket inte får ändras eller återges på ett',
      'sätt som är kränkande för upphovsmannen.',
    ),
    h3('Allmänna handlingar och 9 § upphovsrättslagen'),
    p(
      'En stor del av det som myndigheter producerar är helt undantaget från upphovsrätt. Det',
      'följer av 9 § lagen (1960:729) om upphovsrätt till litterära och konstnärliga verk,',
      'upphovsrättslagen (URL):',
    ),
    quote(
      p(
        'Upphovsrätt gäller inte till 1. författningar, 2. beslut av myndigheter, 3. yttranden av',
        'svenska myndigheter och 4. officiella översättningar av sådant som avses i 1–3.',
      ),
      p(i('9 § första stycket upphovsrättslagen')),
    ),
    p(
      'Undantaget omfattar bland annat lagar och förordningar, myndighetsföreskrifter, domar,',
      'beslut i enskilda ärenden och remissvar. Sådant material får återges och spridas fritt, och',
      'det finns ingen upphovsrätt för myndigheten att licensiera.',
    ),
    p(
      'Undantaget har dock gränser. Kartor, bildkonst, musikaliska verk och dikter som ingår i',
      'sådana handlingar behåller sitt skydd. Handböcker, vägledningar, informationsmaterial,',
      'läromedel och programvara är varken beslut eller yttranden och kan därför vara skyddade på',
      'vanligt sätt, även om vissa av dem omfattas av särskilda inskränkningar i 26 a § URL.',
    ),
    p(
      'Att en handling är allmän och kan lämnas ut påverkar inte upphovsrätten. Den som begär ut',
      'en skyddad handling får ta del av den, men har inte därmed rätt att till exempel publicera',
      'den i sin egen verksamhet.',
    ),
    h3('Verk som skapas av anställda'),
    p(
      'Upphovsrätten uppstår alltid hos den fysiska person som har skapat verket, även när det',
      'sker i en anställning. Hur rättigheterna sedan går över till arbetsgivaren beror på verkets',
      'art och på anställningsavtalet.',
    ),
    p(
      'För datorprogram finns en uttrycklig regel i 40 a § URL. Upphovsrätten till ett program som',
      'en anställd skapar som ett led i sina arbetsuppgifter, eller efter instruktioner från',
      'arbetsgivaren, går över till arbetsgivaren om inget annat har avtalats. Myndigheten',
      'förfogar alltså i regel själv över sin egenutvecklade programvara och kan besluta om',
      'licens.',
    ),
    p(
      'För andra verk saknas en motsvarande lagregel. Enligt rättspraxis anses arbetsgivaren ha',
      'förvärvat de rättigheter som behövs för den normala verksamheten, men det är mindre klart',
      'om det räcker för att licensiera materialet öppet till vem som helst.',
      b('Myndigheter bör därför klargöra i riktlinjer eller anställningsavtal'),
      'att verk som skapas i tjänsten får tillgängliggöras under öppen licens.',
    ),
    h3('Material från tredje part'),
    p(
      'Myndighetens material innehåller ofta delar som någon annan har rättigheter till, till',
      'exempel fotografier från en bildbyrå, illustrationer från en konsult eller längre citat.',
      'Myndigheten kan inte licensiera mer än den själv har rätt till. Sådana delar måste antingen',
      'undantas från licensen och märkas särskilt, eller omfattas av ett avtal som tillåter öppen',
      'licensiering.',
    ),

    h2('Databasrätt och katalogskydd'),
    p(
      'Även när de enskilda uppgifterna i en databas saknar skydd kan sammanställningen som helhet',
      'vara skyddad. I svensk rätt finns skyddet i 49 § URL och kallas katalogskydd. Det genomför',
      'EU:s databasdirektiv och motsvarar det som internationellt kallas databasrätt (',
      i('sui generis'),
      ').',
    ),
    p(
      'Skyddet gäller kataloger, tabeller och liknande sammanställningar där ett stort antal',
      'uppgifter har sammanförts, eller som är resultatet av en väsentlig investering. Den som har',
      'framställt sammanställningen får ensamrätt att kopiera och tillgängliggöra hela eller',
      'väsentliga delar av den. Skyddet varar i 15 år, men en databas som fortlöpande uppdateras',
      'kan i praktiken vara skyddad betydligt längre.',
    ),
    p(
      'Katalogskyddet skyddar inte de enskilda uppgifterna och hindrar inte att någon hämtar ut',
      'enstaka poster. Det är uttag och återanvändning av väsentliga delar som kräver tillstånd.',
      'Därför måste en licens för data omfatta databasrätten och inte bara upphovsrätten.',
    ),
    p(
      'Undantaget i 9 § URL gäller även katalogskyddet, så en databas som utgör ett',
      'myndighetsbeslut är inte skyddad. De flesta myndighetsdatabaser byggs dock upp som stöd för',
      'verksamheten snarare än som beslut, och då kan skyddet gälla fullt ut.',
    ),
    p(
      'Enligt öppna data-direktivet får offentliga aktörer inte använda databasrätten för att',
      'hindra eller begränsa vidareutnyttjande av data som omfattas av direktivet. I praktiken bör',
      'myndigheten därför alltid avstå från eller licensiera ut databasrätten när den',
      'tillgängliggör data.',
    ),

    h2('Licenser för öppna data'),
    p(
      'För data rekommenderar PRV och Digg att myndigheter i första hand använder',
      link('Creative Commons CC0 1.0', URL_CC0),
      '. Om myndigheten har särskilda skäl att kräva erkännande bör',
      link('CC BY 4.0', URL_CC_BY),
      'användas i stället. Andra licenser bör undvikas för data.',
    ),
    p(
      'Båda verktygen kommer från den ideella organisationen Creative Commons, har',
      'sammanfattningar på svenska och är väl etablerade på både Sveriges dataportal och EU:s',
      'dataportal. De omfattar både upphovsrätt och databasrätt, vilket är avgörande för data.',
    ),
    h3('CC0 1.0 – rekommenderat för data'),
    p(
      'CC0 är egentligen inte en licens utan ett avstående. Den som märker material med CC0',
      'avstår, i den utsträckning lagen tillåter, från upphovsrätt och databasrätt. Om avståendet',
      'inte skulle vara giltigt i något land gäller i stället en reservlicens med samma fria',
      'användning.',
    ),
    p(
      'Den ideella rätten kan enligt svensk rätt bara efterges i begränsad omfattning, och CC0 kan',
      'därför inte helt sätta den ur spel. För de flesta datamängder har det liten praktisk',
      'betydelse.',
    ),
    p('Skälen till att CC0 rekommenderas för data är främst praktiska:'),
    bullets(
      [
        b('Data kombineras.'),
        'Krav på erkännande blir svåra att uppfylla när tusentals datamängder från olika källor',
        'slås samman i en och samma tjänst.',
      ],
      [
        b('Inga villkor att tolka.'),
        'Användaren behöver inte ta ställning till hur och var erkännande ska anges.',
      ],
      [
        b('Maskinell användning.'),
        'Data hämtas ofta automatiskt via API:er, där villkor som kräver mänsklig bedömning',
        'fungerar dåligt.',
      ],
      [
        b('Allmänna medel.'),
        'Data som har tagits fram med skattemedel bör kunna användas av alla utan förbehåll.',
      ],
    ),
    p(
      'Att ange källan är ändå god sed, och myndigheten kan gärna uppmana till det i sin',
      'dokumentation. Skillnaden är att det då är en',
      i('rekommendation'),
      'och inte ett',
      i('licensvillkor'),
      '.',
    ),
    h3('CC BY 4.0 och erkännande i praktiken'),
    p(
      'CC BY 4.0 ger samma fria användning som CC0 men kräver att användaren anger upphovsman',
      'eller källa, länkar till licensen och talar om ifall materialet har ändrats. För de',
      'särskilt värdefulla datamängder som omfattas av genomförandeförordning (EU) 2023/138 får',
      'villkoren inte vara mer begränsande än CC BY 4.0.',
    ),
    p(
      'Om myndigheten väljer CC BY 4.0 bör den göra det lätt att uppfylla kravet. Ange i metadata',
      'exakt hur erkännandet ska formuleras, till exempel ”Källa: Exempelstads kommun, CC BY 4.0”,',
      'och godta att erkännandet placeras samlat, exempelvis på en sida om datakällor i en app.',
    ),
    p(
      'Undvik att kräva logotyper, bestämda formuleringar i löptext eller att erkännandet ska',
      'synas i varje vy. Sådana krav går utöver licensen och gör data mindre användbara.',
    ),

    h2('Licenser för text och bild'),
    p(
      'För rapporter, vägledningar, webbtexter, illustrationer, fotografier och film som',
      'myndigheten har rättigheterna till rekommenderas',
      link('CC BY 4.0', URL_CC_BY),
      '. Materialet kan då återanvändas fritt, till exempel i läromedel, på Wikipedia eller i',
      'andra myndigheters informationsmaterial, samtidigt som myndigheten anges som källa.',
    ),
    p(
      'Licenser med villkor om att materialet inte får användas kommersiellt (NC) eller inte får',
      'bearbetas (ND) bör inte användas av offentliga aktörer. Villkoren är svåra att tolka, de',
      'stänger ute användare som myndigheten ofta vill nå och de går emot principen att',
      'information från det allmänna ska kunna återanvändas på lika villkor.',
    ),
    p(
      'Villkoret att bearbetningar ska delas vidare under samma licens (SA) är inte olämpligt i',
      'sig, men bör bara användas när det finns ett särskilt skäl. Det begränsar möjligheten att',
      'kombinera materialet med annat innehåll.',
    ),
    h3('Fotografier och bilder på personer'),
    p(
      'Fotografier kräver extra uppmärksamhet. Även enkla bilder som saknar verkshöjd skyddas som',
      'fotografiska bilder enligt 49 a § URL. Bilder från anlitade fotografer omfattas dessutom',
      'ofta av avtal som bara tillåter myndighetens egen användning.',
    ),
    p(
      'Om en bild visar identifierbara personer aktualiseras även dataskyddsreglerna. En öppen',
      'licens reglerar bara upphovsrätten. Den ger inte mottagaren rätt att använda en persons',
      'bild i reklam, vilket regleras i lagen (1978:800) om namn och bild i reklam.',
    ),

    h2('Programvara med öppen källkod'),
    p(
      'Programvara som utvecklas av eller för offentlig sektor bör som huvudregel publiceras som',
      'öppen källkod, om inte säkerhetsskäl, sekretess eller tredje parts rättigheter talar emot',
      'det. Då kan andra organisationer återanvända lösningen i stället för att betala för samma',
      'utveckling flera gånger, och det blir lättare att granska koden och att byta leverantör.',
    ),
    p(
      'Licenser för öppen källkod delas vanligen in i tillåtande licenser och copyleft-licenser.',
      'Valet handlar om vad som ska gälla för den som bygger vidare på koden.',
    ),
    h3('Tillåtande licenser'),
    p(
      'Tillåtande licenser, som',
      b('MIT'),
      ',',
      b('Apache-2.0'),
      'och',
      b('BSD-licenserna'),
      ', ger rätt att använda, ändra och sprida koden, även som en del av en sluten produkt.',
      'Kravet är i huvudsak att upphovsrättsmeddelandet och licenstexten följer med.',
    ),
    p(
      'Apache-2.0 innehåller dessutom en uttrycklig patentlicens och regler för hur ändringar ska',
      'anges, vilket gör den lämplig för större projekt. MIT och BSD är korta och lätta att',
      'förstå, vilket passar små bibliotek och verktyg.',
    ),
    h3('Copyleft-licenser'),
    p(
      'Copyleft-licenser, som',
      b('GPL-3.0'),
      'och',
      b('AGPL-3.0'),
      ', kräver att den som sprider en ändrad version av programmet gör källkoden tillgänglig',
      'under samma licens. Syftet är att koden och alla vidareutvecklingar ska förbli öppna.',
    ),
    p(
      'AGPL-3.0 går längre än GPL-3.0, eftersom kravet gäller även när programmet görs',
      'tillgängligt för användare över ett nätverk, till exempel som webbtjänst. För offentliga',
      'e-tjänster kan det vara en fördel: en leverantör som driftar en vidareutvecklad version',
      'måste då dela sina ändringar.',
    ),
    h3('EUPL – EU:s egen licens'),
    p(
      'European Union Public Licence,',
      b('EUPL-1.2'),
      ', är en copyleft-licens som ges ut av Europeiska kommissionen. Den är anpassad till',
      'europeisk rätt och finns på alla EU:s officiella språk, även svenska. Alla språkversioner',
      'är lika giltiga.',
    ),
    p(
      'EUPL omfattar, liksom AGPL, även tillhandahållande över nätverk. En bilaga till licensen',
      'räknar upp kompatibla licenser, bland andra GPL, AGPL, MPL och EPL, vilket gör det möjligt',
      'att kombinera EUPL-kod med kod under dessa. Licenstext och vägledning finns på',
      link('Joinup, EU-kommissionens plattform för offentlig programvara', URL_EUPL),
      '.',
    ),
    p(
      'PRV och Digg rekommenderar EUPL-1.2 när en myndighet vill att vidareutvecklingar ska förbli',
      'öppna. När det viktigaste är största möjliga spridning, till exempel för bibliotek som',
      'andra ska bygga in i egna produkter, är Apache-2.0 eller MIT ofta ett bättre val.',
    ),
    h3('Kompatibilitet mellan licenser'),
    p(
      'Nästan all programvara bygger på komponenter från andra projekt. Innan myndigheten väljer',
      'licens måste den kontrollera att licenserna för alla beroenden går att förena med varandra',
      'och med den valda licensen. Kod under en tillåtande licens kan i regel ingå i ett projekt',
      'under copyleft-licens, men inte tvärtom.',
    ),
    p(
      'Ett känt exempel är att Apache-2.0 är förenlig med GPL-3.0 men inte med GPL-2.0. En',
      'programvaruförteckning (SBOM) och automatisk licensskanning gör det möjligt att upptäcka',
      'sådana konflikter tidigt.',
    ),
    h3('Jämförelse av vanliga licenser'),
    p('Tabellen sammanfattar de licenser som behandlas i vägledningen.'),
    table(
      ['Licens', 'Användning', 'Krav på erkännande', 'Copyleft'],
      [
        [[link('CC0 1.0', URL_CC0)], 'Data och metadata', 'Nej', 'Nej'],
        [[link('CC BY 4.0', URL_CC_BY)], 'Text, bild och data', 'Ja', 'Nej'],
        ['CC BY-SA 4.0', 'Text och bild som ska förbli öppna', 'Ja', 'Ja, för bearbetningar'],
        ['MIT', 'Små bibliotek och verktyg', 'Ja, licensmeddelandet ska följa med', 'Nej'],
        ['BSD-3-Clause', 'Bibliotek och verktyg', 'Ja, licensmeddelandet ska följa med', 'Nej'],
        ['Apache-2.0', 'Större projekt, patentlicens', 'Ja, även eventuell NOTICE-fil', 'Nej'],
        ['GPL-3.0', 'Program som sprids till användare', 'Ja', 'Ja, vid spridning'],
        ['AGPL-3.0', 'Webbtjänster och serverprogram', 'Ja', 'Ja, även över nätverk'],
        [[link('EUPL-1.2', URL_EUPL)], 'Offentlig programvara i EU', 'Ja', 'Ja, även över nätverk'],
      ],
    ),
    p(
      'Tabellen är en förenkling. Det är alltid licenstexten som gäller, och flera villkor, till',
      'exempel kraven på att ange ändringar, har inte fått plats i sammanställningen.',
    ),

    h2('Personuppgifter och sekretess'),
    p(
      'Öppna licenser reglerar bara immaterialrätt. De säger ingenting om huruvida det över huvud',
      'taget är tillåtet att publicera informationen. Innan material görs tillgängligt måste',
      'myndigheten därför pröva om det innehåller personuppgifter eller uppgifter som omfattas av',
      'sekretess.',
    ),
    h3('Personuppgifter'),
    p(
      'Dataskyddsförordningen (GDPR) gäller all behandling av personuppgifter, och en publicering',
      'på internet är en sådan behandling. Myndigheten behöver en rättslig grund och måste bedöma',
      'om publiceringen är förenlig med det ändamål för vilket uppgifterna samlades in.',
    ),
    p(
      'Att en uppgift är offentlig och kan lämnas ut på begäran betyder inte att den får',
      'publiceras som öppna data. Ett utlämnande sker efter prövning i det enskilda fallet, medan',
      'en publicering gör uppgifterna tillgängliga för alla, för alla ändamål och utan tidsgräns.',
    ),
    p(
      'Ofta är det lämpligt att aggregera eller anonymisera data före publicering. Observera att',
      i('pseudonymiserade'),
      'uppgifter fortfarande är personuppgifter, och att en datamängd som kan kombineras med andra',
      'källor så att enskilda går att identifiera inte är anonym.',
    ),
    h3('Sekretess och säkerhetsskydd'),
    p(
      'Uppgifter som omfattas av sekretess enligt offentlighets- och sekretesslagen (2009:400),',
      'OSL, får inte publiceras. Det gäller även uppgifter som var för sig är harmlösa men som',
      'tillsammans kan avslöja något skyddsvärt, till exempel detaljer om samhällsviktig',
      'infrastruktur. För verksamhet som omfattas av säkerhetsskyddslagen (2018:585) gäller',
      'dessutom särskilda krav.',
    ),
    p(
      'Samma prövning behövs för källkod, som kan innehålla lösenord, nycklar, interna adresser',
      'eller beskrivningar av säkerhetslösningar. Granska hela historiken i versionshanteringen',
      'innan koden publiceras. Uppgifter som har tagits bort i den senaste versionen finns ofta',
      'kvar i tidigare versioner.',
    ),

    h2('Lagen om den offentliga sektorns tillhandahållande av data'),
    p(
      'Lagen (2022:818) om den offentliga sektorns tillhandahållande av data trädde i kraft den 1',
      'augusti 2022 och genomför EU:s öppna data-direktiv, direktiv (EU) 2019/1024. Den ersatte',
      'lagen om vidareutnyttjande av handlingar från den offentliga förvaltningen, ofta kallad',
      'PSI-lagen.',
    ),
    p(
      'Lagen innebär i huvudsak ingen skyldighet att göra data tillgängliga. Den reglerar i',
      'stället villkoren när data väl tillhandahålls för vidareutnyttjande. Ett viktigt undantag',
      'är de särskilt värdefulla datamängderna, som enligt EU-rätten ska tillhandahållas',
      'avgiftsfritt, i maskinläsbart format och via API:er.',
    ),
    p('För den som väljer licens är lagens viktigaste principer att'),
    bullets(
      [
        'villkoren för vidareutnyttjande ska vara objektiva, proportionerliga och',
        'icke-diskriminerande,',
      ],
      'villkoren inte i onödan får begränsa vidareutnyttjandet eller konkurrensen,',
      'avgifter som huvudregel inte får överstiga marginalkostnaden för tillhandahållandet,',
      [
        'exklusiva avtal som ger en enskild aktör ensamrätt att vidareutnyttja data i regel inte',
        'är tillåtna.',
      ],
    ),
    p(
      'Standardiserade öppna licenser är det enklaste sättet att leva upp till kraven. Den som',
      'använder CC0 eller CC BY 4.0 behöver inte själv motivera att varje villkor är',
      'proportionerligt, eftersom licenserna inte innehåller några villkor utöver erkännande.',
    ),
    p(
      'Värdefulla datamängder finns inom sex kategorier: geodata, jordobservation och miljö,',
      'meteorologi, statistik, företag och företagsägande samt rörlighet. Myndigheter som',
      'förvaltar sådana data bör prioritera att publicera dem under CC0 eller CC BY 4.0 med',
      'fullständig metadata.',
    ),

    h2('Varumärken och logotyper'),
    p(
      'Öppna licenser omfattar inte varumärken. Creative Commons-licenserna anger uttryckligen att',
      'varumärkes- och patenträttigheter inte licensieras, och flera licenser för öppen källkod,',
      'bland andra Apache-2.0, har motsvarande förbehåll. En myndighets namn och logotyp får',
      'alltså inte användas fritt bara för att de förekommer i öppet licensierat material.',
    ),
    p(
      'Myndigheters logotyper kan skyddas på flera sätt. De kan vara registrerade varumärken',
      'enligt varumärkeslagen (2010:1877), de kan ha upphovsrättsligt skydd och riksvapnet och',
      'vissa andra officiella beteckningar skyddas av lagen (1970:498) om skydd för vapen och',
      'vissa andra officiella beteckningar.',
    ),
    p(
      'När myndigheten publicerar material under öppen licens bör den därför tydligt ange att',
      'logotyp och grafisk profil är undantagna. Den som återanvänder materialet ska inte kunna ge',
      'intryck av att en bearbetad version är godkänd av myndigheten. Ett exempel på formulering:',
    ),
    quote(
      p(
        'Innehållet på denna webbplats får användas enligt licensen CC BY 4.0, med undantag för',
        'logotyper, varumärken och fotografier där en annan upphovsman anges.',
      ),
    ),
    p(
      'För programvara är det vanligt att andra vill använda projektets namn. Det kan vara',
      'lämpligt att ange i en särskild policy hur namnet får användas, till exempel att en ändrad',
      'version inte får spridas under samma namn som myndighetens officiella version.',
    ),

    h2('Upphandling och avtal'),
    p(
      'När en leverantör tar fram programvara, data eller annat material avgörs myndighetens',
      'möjligheter att dela resultatet redan i upphandlingen. Om avtalet inte ger tillräckliga',
      'rättigheter går det i efterhand ofta bara att lösa genom ny förhandling, och då är',
      'myndighetens position svag.',
    ),
    h3('Rättigheter till kod och leveranser'),
    p(
      'Avtalet bör ge myndigheten antingen upphovsrätten till det som utvecklas särskilt för den,',
      'eller en obegränsad, oåterkallelig och överlåtbar rätt att använda, ändra och sprida',
      'resultatet, inklusive rätten att licensiera det öppet. Formen är mindre viktig än att',
      'rättigheterna räcker för en öppen publicering.',
    ),
    p(
      'Leverantörens befintliga komponenter och standardprogramvara behöver hanteras särskilt.',
      'Kräv att leverantören redovisar vilka sådana komponenter som ingår, under vilka licenser de',
      'används och om de får spridas vidare tillsammans med det som utvecklas för myndigheten.',
    ),
    h3('Krav på leverans av källkod'),
    p(
      'Myndigheten bör kräva att källkoden levereras löpande och inte bara när avtalet upphör. En',
      'ändamålsenlig leverans omfattar minst',
    ),
    numbered(
      'fullständig källkod i ett versionshanteringssystem, med historik,',
      'instruktioner för att bygga, installera och driftsätta systemet,',
      'en förteckning över beroenden och deras licenser, gärna som SBOM,',
      item(
        ['teknisk dokumentation, bland annat'],
        bullets(
          'en beskrivning av arkitekturen,',
          'dokumentation av gränssnitt och API:er,',
          'beskrivningar av datamodeller och testfall,',
        ),
      ),
      'uppgift om vilka delar som omfattas av tredje parts rättigheter.',
    ),
    p(
      'Att deponera källkoden hos tredje part, så kallad escrow, är sällan tillräckligt. Koden',
      'blir då tillgänglig först när leverantören inte längre kan fullgöra avtalet, och den är',
      'ofta inaktuell eller ofullständig.',
    ),
    h3('Att undvika inlåsning'),
    p(
      'Inlåsning uppstår när det i praktiken blir omöjligt eller mycket dyrt att byta leverantör.',
      'Orsaken är sällan en enskild avtalsklausul utan en kombination av bristande rättigheter,',
      'slutna dataformat och kunskap som bara finns hos leverantören. För att minska risken bör',
      'myndigheten',
    ),
    bullets(
      'ställa krav på öppna standarder och dokumenterade gränssnitt,',
      'säkerställa att all data kan exporteras i ett maskinläsbart format,',
      'planera för avtalets upphörande från början, med en skriftlig exitplan,',
      'undvika krav som i onödan pekar ut en viss produkt eller ett visst varumärke.',
    ),
    p(
      link('Upphandlingsmyndigheten', URL_UPPHANDLING),
      'har stöd och mallar som kan användas som utgångspunkt. Standardvillkor om immateriella',
      'rättigheter behöver dock ofta kompletteras för att öppen publicering ska vara möjlig.',
    ),

    h2('Märkning och metadata'),
    p(
      'En licens gör bara nytta om användaren kan hitta den. Licensuppgiften ska därför finnas',
      'både i en form som människor kan läsa och i en form som datorer kan tolka. Ange alltid',
      'licensens namn, version och en länk till licenstexten.',
    ),
    h3('Data och DCAT-AP-SE'),
    p(
      'Datamängder som publiceras på',
      link('Sveriges dataportal', URL_DATAPORTAL),
      'beskrivs med specifikationen DCAT-AP-SE, den svenska tillämpningen av den europeiska',
      'standarden DCAT-AP. Licensen anges för varje distribution med egenskapen',
      i('dcterms:license'),
      '.',
    ),
    p(
      'Ange licensen som en stabil webbadress enligt den vokabulär som specifikationen anvisar,',
      'och inte som fritext. Fritext som ”fri att använda” kan inte tolkas maskinellt och är',
      'dessutom rättsligt oklar.',
    ),
    h3('Text, bild och webbplatser'),
    p(
      'På webbplatser bör licensen anges i sidfoten eller vid det enskilda materialet, med en länk',
      'till licensen. För bilder bör licens och upphovsman även skrivas in i bildfilens inbäddade',
      'metadata, till exempel i fälten för upphovsrätt i IPTC eller XMP, så att uppgifterna följer',
      'med när bilden laddas ned.',
    ),
    h3('Källkod'),
    p(
      'Licenstexten bör ligga i en fil med namnet LICENSE i projektets rotkatalog. Varje',
      'källkodsfil bör dessutom inledas med en SPDX-identifierare, till exempel',
      b('SPDX-License-Identifier: EUPL-1.2'),
      '. Identifierarna är standardiserade och finns i',
      link('SPDX licenslista', URL_SPDX),
      '.',
    ),
    p(
      'Projektet bör också ha en README som beskriver vad programvaran gör, vem som förvaltar den',
      'och hur man bidrar. Många offentliga organisationer använder dessutom filen publiccode.yml',
      'för att beskriva programvaran maskinläsbart.',
    ),

    h2('Checklista och rekommendationer'),
    p(
      'Checklistan sammanfattar vägledningens rekommendationer i den ordning frågorna brukar',
      'uppstå. Den kan användas både vid enskilda publiceringar och när myndigheten tar fram',
      'interna riktlinjer.',
    ),
    numbered(
      [
        'Inventera materialet och avgör om det skyddas av upphovsrätt eller katalogskydd, eller om',
        'det omfattas av undantaget i 9 § URL.',
      ],
      [
        'Kontrollera att myndigheten har de rättigheter som krävs, särskilt för material från',
        'konsulter, bildbyråer och leverantörer.',
      ],
      [
        'Pröva om materialet innehåller personuppgifter, sekretessbelagda uppgifter eller',
        'säkerhetskänslig information.',
      ],
      item(
        ['Välj licens utifrån typen av material:'],
        bullets(
          [b('Data:'), 'CC0 1.0, eller CC BY 4.0 om det finns särskilda skäl.'],
          [b('Text och bild:'), 'CC BY 4.0.'],
          [b('Programvara:'), 'EUPL-1.2, eller en tillåtande licens som Apache-2.0 eller MIT.'],
          [b('Material utan skydd:'), 'märkning med Public Domain Mark.'],
        ),
      ),
      'Undanta uttryckligen logotyper, varumärken och material från tredje part.',
      'Märk materialet med licensuppgifter för både människor och maskiner.',
      'Dokumentera beslutet och ange vem i organisationen som svarar på frågor om licensen.',
    ),
    p(
      'Tabellen visar vilka åtgärder som följer av lag och vilka som är rekommendationer i',
      'vägledningen.',
    ),
    table(
      ['Åtgärd', 'Gäller', 'Status'],
      [
        [
          'Pröva personuppgifter och sekretess före publicering',
          'Allt material',
          [b('Krav enligt lag')],
        ],
        [
          'Tillhandahåll avgiftsfritt, maskinläsbart och via API',
          'Värdefulla datamängder',
          [b('Krav enligt EU-rätt')],
        ],
        ['Använd CC0 1.0', 'Data och metadata', 'Rekommendation'],
        ['Använd CC BY 4.0', 'Text, bild och film', 'Rekommendation'],
        ['Publicera källkod under öppen licens', 'Programvara', 'Rekommendation'],
        [
          'Avtala om rättigheter och löpande leverans av källkod',
          'Upphandlad utveckling',
          'Rekommendation',
        ],
        ['Ange licens i metadata enligt DCAT-AP-SE', 'Data på dataportalen', 'Rekommendation'],
        ['Undanta logotyper och varumärken', 'Allt licensierat material', 'Rekommendation'],
      ],
    ),
    p(
      'Vi vill särskilt framhålla att det är bättre att publicera med en enkel och korrekt',
      'licensuppgift i dag än att vänta på en fullständig genomgång av myndighetens alla',
      'informationsmängder.',
      b('Börja med det material som efterfrågas mest.'),
    ),

    h2('Ordlista'),
    p(
      'Ordlistan förklarar begrepp som används i vägledningen. Förklaringarna är förenklade och',
      'ersätter inte definitionerna i lagar och licenstexter.',
    ),
    table(
      ['Begrepp', 'Förklaring'],
      [
        [
          'Upphovsrätt',
          [
            'Ensamrätt för den som har skapat ett litterärt eller konstnärligt verk att framställa',
            'exemplar av verket och göra det tillgängligt för allmänheten.',
          ],
        ],
        ['Verkshöjd', 'Den grad av originalitet som krävs för att något ska skyddas som verk.'],
        [
          'Ideell rätt',
          'Upphovsmannens rätt att anges och att verket inte kränks. Kan inte överlåtas.',
        ],
        [
          'Katalogskydd',
          [
            'Skydd enligt 49 § URL för sammanställningar av ett stort antal uppgifter eller som är',
            'resultatet av en väsentlig investering. Kallas även databasrätt.',
          ],
        ],
        ['Licens', 'Tillstånd från rättighetshavaren att använda skyddat material på villkor.'],
        [
          'Öppen licens',
          'Licens som ger alla rätt att använda, bearbeta och sprida material, även kommersiellt.',
        ],
        ['Copyleft', 'Licensvillkor som innebär att bearbetningar ska spridas under samma licens.'],
        ['CC0', 'Verktyg från Creative Commons för att avstå från upphovsrätt och databasrätt.'],
        [
          'Vidareutnyttjande',
          'Användning av data från det allmänna för andra ändamål än det ursprungliga.',
        ],
        [
          'Värdefulla datamängder',
          [
            'Data som enligt EU-rätten ska vara fritt tillgängliga på grund av sin särskilda nytta',
            'för samhälle och ekonomi.',
          ],
        ],
        ['DCAT-AP-SE', 'Svensk specifikation för att beskriva datamängder med metadata.'],
        ['SPDX', 'Standard med identifierare för licenser, till exempel MIT eller EUPL-1.2.'],
        ['SBOM', 'Förteckning över de komponenter och beroenden som ingår i en programvara.'],
        [
          'Inlåsning',
          'När det i praktiken är omöjligt eller mycket dyrt att byta leverantör eller system.',
        ],
      ],
    ),

    h2('Frågor till remissinstanserna'),
    p(
      'PRV och Digg välkomnar synpunkter på hela utkastet, men är särskilt intresserade av svar på',
      'frågorna nedan. Ni behöver inte besvara alla frågor. Ange gärna vilken del av vägledningen',
      'svaret gäller.',
    ),
    numbered(
      [
        'Är rekommendationen att använda CC0 1.0 för data ändamålsenlig för er verksamhet, eller',
        'finns det skäl som talar för CC BY 4.0 som förstahandsval?',
      ],
      [
        'Behövs mer stöd i frågan om rättigheter till verk som skapas av anställda, till exempel',
        'en mall för riktlinjer eller anställningsavtal?',
      ],
      [
        'Är rekommendationen om EUPL-1.2 för programvara tydlig, och hur ser ni på valet mellan',
        'copyleft och tillåtande licenser?',
      ],
      [
        'Vilka hinder har ni mött när ni har försökt få tillgång till källkod eller rättigheter',
        'från leverantörer?',
      ],
      'Är checklistan användbar i er organisation, och saknas något steg?',
      'Finns det begrepp i ordlistan som bör förklaras annorlunda, eller som saknas?',
    ),
    p(
      'Svar lämnas som kommentarer i detta dokument senast den dag som anges i remissmissivet.',
      'Ange organisationens namn och en kontaktperson. Synpunkter som kommer in efter sista',
      'svarsdag kan inte garanteras bli beaktade.',
    ),
    p(
      i('Remissvar och kommentarer blir allmänna handlingar när de kommer in till PRV eller Digg.'),
    ),
  ],
};
