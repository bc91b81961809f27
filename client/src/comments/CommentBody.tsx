import type { CommentAuthor } from '../../../shared/api/comments.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { commentParts } from './commentParts.ts';

/**
 * A comment body, inert: React text nodes, links that passed `sanitizeUrl` (opened without a
 * referrer or an opener, in a new tab so the draft stays open, and marked as user content for search engines) and highlighted
 * mentions. Line breaks are kept by CSS (`white-space: pre-wrap`).
 */
export function CommentBody({
  body,
  mentions,
}: {
  body: string;
  mentions: readonly CommentAuthor[];
}) {
  const { t } = useI18n();
  return (
    <p className="comment-body">
      {commentParts(body, mentions).map((part, index) => {
        switch (part.kind) {
          case 'link':
            return (
              <a
                key={index}
                href={part.href}
                rel="noopener noreferrer nofollow ugc"
                target="_blank"
              >
                {part.text}
                <span className="visually-hidden"> {t('comments.newTab')}</span>
              </a>
            );
          case 'mention':
            return (
              <span key={index} className="mention">
                {part.text}
              </span>
            );
          case 'text':
            return part.text;
        }
      })}
    </p>
  );
}
