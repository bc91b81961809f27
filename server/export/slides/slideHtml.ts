import { slideDensity } from '../../../shared/presentation/slideDensity.ts';
import { MAX_HEAT, type Slide, type SlideBlock } from '../../../shared/presentation/slideTypes.ts';
import {
  commentCountText,
  heatPattern,
  heatText,
  notesLines,
  slideAnnouncement,
  slideTitle,
  stanceText,
  type Translate,
} from '../../../shared/presentation/slideWords.ts';
import { escapeHtml } from './escapeHtml.ts';

const label = (value: string | null): string =>
  value === null ? '' : `<span class="label">${escapeHtml(value)}</span> `;

/** One block of a slide's text as HTML: the paragraph number, then the text. */
export function blockHtml(block: SlideBlock): string {
  switch (block.kind) {
    case 'heading':
      return `<h3 class="sub">${label(block.label)}${escapeHtml(block.text)}</h3>`;
    case 'paragraph':
      return `<p>${label(block.label)}${escapeHtml(block.text)}</p>`;
    case 'quote':
      return `<blockquote>${label(block.label)}${escapeHtml(block.text)}</blockquote>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items
        .map((item) => `<li class="depth-${Math.min(item.depth, 3)}">${escapeHtml(item.text)}</li>`)
        .join('');
      return `<div class="list">${label(block.label)}<${tag}>${items}</${tag}></div>`;
    }
    case 'table': {
      const row = (cells: string[], cell: 'th' | 'td') =>
        `<tr>${cells.map((value) => `<${cell}${cell === 'th' ? ' scope="col"' : ''}>${escapeHtml(value)}</${cell}>`).join('')}</tr>`;
      const head = block.header === null ? '' : `<thead>${row(block.header, 'th')}</thead>`;
      const body = `<tbody>${block.rows.map((cells) => row(cells, 'td')).join('')}</tbody>`;
      return `<div class="table">${label(block.label)}<table>${head}${body}</table></div>`;
    }
  }
}

/** The comment count and heat of a slide, the heat in words and as a pattern, never colour alone. */
export function metaHtml(slide: Slide, t: Translate): string {
  const heat =
    slide.kind === 'title'
      ? ''
      : `<span class="heat heat-${slide.heat}" title="${escapeHtml(heatText(slide, t))}"><span aria-hidden="true" class="heat-pattern">${heatPattern(slide)}</span> ${escapeHtml(heatText(slide, t))}</span>`;
  return `<p class="meta"><span class="count">${escapeHtml(commentCountText(slide.comments, t))}</span>${heat}</p>`;
}

function spotlightHtml(slide: Slide, t: Translate): string {
  if (slide.spotlight.length === 0) return '';
  const cards = slide.spotlight
    .map((thread) => {
      const opening =
        thread.opening === null
          ? `<p class="hidden-comment">${escapeHtml(t('presentation.spotlight.hidden'))}</p>`
          : `<p>${escapeHtml(thread.opening)}</p>`;
      const replies =
        thread.replies > 0
          ? ` · ${escapeHtml(t('presentation.spotlight.replies', { count: thread.replies }))}`
          : '';
      return `<li><p class="quote">${label(thread.label)}”${escapeHtml(thread.quote)}”</p>${opening}<p class="who">${escapeHtml(`${thread.author.name}, ${thread.author.organisation}`)} · ${escapeHtml(stanceText(thread.stance, t))} · ${escapeHtml(t(`comments.status.${thread.status}`))}${replies}</p></li>`;
    })
    .join('');
  const more =
    slide.spotlightMore > 0
      ? `<p class="more">${escapeHtml(t('presentation.spotlight.more', { count: slide.spotlightMore }))}</p>`
      : '';
  return `<aside class="spotlight" aria-label="${escapeHtml(t('presentation.spotlight.heading'))}"><h3>${escapeHtml(t('presentation.spotlight.heading'))}</h3><ul>${cards}</ul>${more}</aside>`;
}

/**
 * One slide as an HTML `<section>`: heading with its number, the text, the comment count and
 * heat, the spotlight panel, and the presenter notes (hidden until asked for). `data-announce`
 * is what the file's script says in its live region when the slide is shown.
 */
export function slideHtml(
  slide: Slide,
  index: number,
  count: number,
  subtitle: readonly string[],
  t: Translate,
): string {
  const id = `slide-${index + 1}`;
  const title = slideTitle(slide, t);
  const heading =
    slide.kind === 'title'
      ? `<h1 id="${id}-title">${escapeHtml(title)}</h1>${subtitle.map((line) => `<p class="subtitle">${escapeHtml(line)}</p>`).join('')}`
      : `<h2 id="${id}-title">${slide.number === null ? '' : `<span class="number">${escapeHtml(slide.number)}</span> `}${escapeHtml(slide.heading ?? t('presentation.intro'))}${slide.part === null ? '' : ` <span class="part">(${slide.part.index}/${slide.part.count})</span>`}</h2>`;
  const notes = notesLines(slide.notes, t)
    .map((line) => `<li>${escapeHtml(line)}</li>`)
    .join('');
  return [
    `<section class="slide slide-${slide.kind} density-${slideDensity(slide)}" id="${id}" tabindex="-1" aria-labelledby="${id}-title" data-heat="${slide.heat}" data-max-heat="${MAX_HEAT}" data-announce="${escapeHtml(slideAnnouncement(slide, index, count, t))}">`,
    `<p class="counter">${escapeHtml(t('presentation.counter', { number: index + 1, count }))}</p>`,
    heading,
    metaHtml(slide, t),
    `<div class="body"><div class="text">${slide.blocks.map(blockHtml).join('')}</div>${spotlightHtml(slide, t)}</div>`,
    `<div class="notes" hidden><h3>${escapeHtml(t('presentation.notes.heading'))}</h3><ul>${notes}</ul></div>`,
    '</section>',
  ].join('');
}
