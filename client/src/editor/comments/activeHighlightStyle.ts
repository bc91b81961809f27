/**
 * Marks the active thread's passage more strongly, with a style rule on its `data-thread-id`
 * (a whole block: its `data-thread-ids`)
 * in a constructed style sheet. The highlight decorations stay the same, so activating a thread
 * never redraws the text (see CommentHighlightExtension). Constructed sheets are not inline
 * styles, so the Content-Security-Policy has nothing to say about them.
 */
export function activeHighlightStyle(): {
  show: (threadId: string | null) => void;
  remove: () => void;
} {
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return {
    show: (threadId) => {
      sheet.replaceSync(
        threadId === null
          ? ''
          : `mark.comment-highlight[data-thread-id="${CSS.escape(threadId)}"] {
              background: #ffd54f;
              border-bottom-color: #5c4500;
              box-shadow: 0 2px 0 #5c4500;
            }
            .comment-highlight-block[data-thread-ids~="${CSS.escape(threadId)}"] {
              background: #ffd54f;
              box-shadow: -8px 0 0 #5c4500;
            }`,
      );
    },
    remove: () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((known) => known !== sheet);
    },
  };
}
