import { slideDensity } from '../../../shared/presentation/slideDensity.ts';
import type { Slide, SlideBlock } from '../../../shared/presentation/slideTypes.ts';
import {
  commentCountText,
  heatPattern,
  heatText,
  stanceText,
} from '../../../shared/presentation/slideWords.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

function Label({ value }: { value: string | null }) {
  return value === null ? null : <span className="slide-label">{value} </span>;
}

function Block({ block }: { block: SlideBlock }) {
  switch (block.kind) {
    case 'heading':
      return (
        <h3 className="slide-subheading">
          <Label value={block.label} />
          {block.text}
        </h3>
      );
    case 'paragraph':
      return (
        <p>
          <Label value={block.label} />
          {block.text}
        </p>
      );
    case 'quote':
      return (
        <blockquote>
          <Label value={block.label} />
          {block.text}
        </blockquote>
      );
    case 'list': {
      const items = block.items.map((item, index) => (
        <li key={index} className={`slide-depth-${Math.min(item.depth, 3)}`}>
          {item.text}
        </li>
      ));
      return (
        <div className="slide-list">
          <Label value={block.label} />
          {block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>}
        </div>
      );
    }
    case 'table':
      return (
        <div className="slide-table">
          <Label value={block.label} />
          <table>
            {block.header && (
              <thead>
                <tr>
                  {block.header.map((cell, index) => (
                    <th key={index} scope="col">
                      {cell}
                    </th>
                  ))}
                </tr>
              </thead>
            )}
            <tbody>
              {block.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, index) => (
                    <td key={index}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

/**
 * One slide in large type: the section's number and heading, its comment count and heat (in
 * words, with a pattern of squares beside them, never colour alone), the text with paragraph
 * numbers, and the spotlighted threads.
 */
export function SlideView({
  slide,
  headingId,
  subtitle,
}: {
  slide: Slide;
  headingId: string;
  /** Lines under the title on the title slide (which text, and when). */
  subtitle: readonly string[];
}) {
  const { t } = useI18n();
  return (
    <article
      className={`slide slide-${slide.kind} slide-${slideDensity(slide)}`}
      aria-labelledby={headingId}
    >
      {slide.kind === 'title' ? (
        <>
          <h2 id={headingId} className="slide-title">
            {slide.heading}
          </h2>
          {subtitle.map((line) => (
            <p key={line} className="slide-subtitle">
              {line}
            </p>
          ))}
        </>
      ) : (
        <h2 id={headingId} className="slide-heading">
          {slide.number !== null && <span className="slide-number">{slide.number} </span>}
          {slide.heading ?? t('presentation.intro')}
          {slide.part && (
            <span className="slide-part">
              {' '}
              ({slide.part.index}/{slide.part.count})
            </span>
          )}
        </h2>
      )}
      <p className="slide-meta">
        <span
          className="slide-count"
          data-total={slide.comments.total}
          data-open={slide.comments.open}
        >
          {commentCountText(slide.comments, t)}
        </span>
        {slide.kind === 'section' && (
          <span className={`slide-heat slide-heat-${slide.heat}`}>
            <span className="slide-heat-pattern" aria-hidden="true">
              {heatPattern(slide)}
            </span>{' '}
            {heatText(slide, t)}
          </span>
        )}
      </p>
      <div className="slide-body">
        <div className="slide-text">
          {slide.blocks.map((block, index) => (
            <Block key={index} block={block} />
          ))}
        </div>
        {slide.spotlight.length > 0 && (
          <aside className="slide-spotlight" aria-label={t('presentation.spotlight.heading')}>
            <h3>{t('presentation.spotlight.heading')}</h3>
            <ul>
              {slide.spotlight.map((thread) => (
                <li key={thread.id}>
                  <p className="slide-quote">
                    <Label value={thread.label} />”{thread.quote}”
                  </p>
                  <p>{thread.opening ?? t('presentation.spotlight.hidden')}</p>
                  <p className="slide-who">
                    {thread.author.name}, {thread.author.organisation} ·{' '}
                    {stanceText(thread.stance, t)} · {t(`comments.status.${thread.status}`)}
                    {thread.replies > 0 &&
                      ` · ${t('presentation.spotlight.replies', { count: thread.replies })}`}
                  </p>
                </li>
              ))}
            </ul>
            {slide.spotlightMore > 0 && (
              <p className="slide-who">
                {t('presentation.spotlight.more', { count: slide.spotlightMore })}
              </p>
            )}
          </aside>
        )}
      </div>
    </article>
  );
}
