import { useId, useState, type ReactNode } from 'react';
import type { CommentAuthor, Stance, Thread } from '../../../shared/api/comments.ts';
import type { ProposalText } from '../../../shared/api/proposals.ts';
import { createThread } from '../api/commentsApi.ts';
import type { CommentRequest } from './commentRequest.ts';
import { FormFooter } from './FormFooter.tsx';
import { MentionTextarea } from './MentionTextarea.tsx';
import { StanceSelect } from './StanceSelect.tsx';
import { useDraftSubmit } from './useDraftSubmit.ts';

/** What the comment bar hands to a form that opens a new thread. */
export interface NewThreadProps {
  documentId: string;
  request: CommentRequest;
  members: readonly CommentAuthor[] | null;
  /** Why the user cannot comment now, or null when they can. */
  closedReason: string | null;
  onCreated: (thread: Thread) => void;
  onCancel: () => void;
}

/** The fields a kind of new thread adds between the stance and the comment. */
export interface ExtraFields {
  disabled: boolean;
  /** The id of the text saying why the form is disabled, for `aria-describedby`. */
  describedBy: string | undefined;
}

/**
 * The frame both new-thread forms share: a heading naming the form, what the thread is about,
 * why sending is closed (if it is), the stance, the comment with mentions, and send and cancel.
 * The first field takes focus when the form opens and is described by the closed reason: the
 * comment itself, or the first of `fields` when the form has them. Nothing is sent while
 * `check` finds a problem; the problem is shown where a refusal from the server would be.
 */
export function NewThreadForm({
  documentId,
  request,
  members,
  closedReason,
  onCreated,
  onCancel,
  className,
  heading,
  about,
  fields,
  bodyLabel,
  submitLabel,
  proposal,
  check,
}: NewThreadProps & {
  className: string;
  heading: ReactNode;
  /** What the thread is about, under the heading: the quoted passage, for instance. */
  about: ReactNode;
  /** Fields between the stance and the comment, such as a proposal's new wording. */
  fields?: (field: ExtraFields) => ReactNode;
  bodyLabel: string;
  submitLabel: string;
  /** The new wording when the thread is a proposal. */
  proposal?: ProposalText;
  /** A reason not to send the form yet, or null when it may be sent. */
  check?: () => string | null;
}) {
  const headingId = useId();
  const reasonId = useId();
  const [stance, setStance] = useState<Stance | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { draft, error, disabled, submit } = useDraftSubmit(async (content) => {
    const thread = await createThread(documentId, {
      target: request.target,
      ...content,
      ...(stance ? { stance } : {}),
      ...(proposal ? { proposal } : {}),
    });
    onCreated(thread);
  }, closedReason);
  const describedBy = closedReason ? reasonId : undefined;

  return (
    <form
      className={className}
      aria-labelledby={headingId}
      onSubmit={(event) => {
        const found = check?.() ?? null;
        if (found !== null) {
          event.preventDefault();
          setProblem(found);
          return;
        }
        setProblem(null);
        void submit(event);
      }}
      noValidate
    >
      <h3 id={headingId}>{heading}</h3>
      {about}
      {closedReason && (
        <p id={reasonId} className="period-closed">
          {closedReason}
        </p>
      )}
      <StanceSelect value={stance} onChange={setStance} disabled={disabled} />
      {fields?.({ disabled, describedBy })}
      <MentionTextarea
        label={bodyLabel}
        value={draft.body}
        onChange={draft.setBody}
        members={members}
        onMention={draft.addMention}
        onSubmit={() => void submit()}
        disabled={disabled}
        {...(fields ? {} : { describedBy, autoFocus: true })}
      />
      <FormFooter
        error={problem ?? error}
        submitLabel={submitLabel}
        submitDisabled={disabled}
        onCancel={onCancel}
      />
    </form>
  );
}
