import type { AnchorFailure, AnchorSelector } from './anchors/createAnchor.ts';
import { HttpError } from '../http/HttpError.ts';

/**
 * The API answer to a selector that could not be anchored, as API.md promises: a passage or
 * block that is not in the current text, or a passage that occurs more than once, conflicts
 * with the text as it is now (409, the client should select again); a selector with nothing to
 * anchor to is invalid input (400).
 */
export function anchorFailureError(reason: AnchorFailure, selector: AnchorSelector): HttpError {
  const isBlock = selector.type === 'FragmentSelector';
  switch (reason) {
    case 'not-found':
      return new HttpError(
        409,
        'conflict',
        isBlock
          ? 'No paragraph or heading with that block id is in the current text.'
          : 'The quoted passage is not in the current text (with that prefix and suffix). ' +
              'It may have just been edited; select it again.',
        { reason: 'anchor-not-found' },
      );
    case 'ambiguous':
      return new HttpError(
        409,
        'conflict',
        'The quoted passage occurs more than once in the text. Send a prefix and suffix ' +
          '(the text right before and after it) to say which one you mean.',
        { reason: 'anchor-ambiguous' },
      );
    case 'invalid':
      return new HttpError(
        400,
        'invalid_input',
        'target.selector: there is no text to comment on in that selection.',
        [{ path: 'target.selector', message: 'There is no text to comment on in that selection.' }],
      );
  }
}
