import { useCallback, useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import type { Invitation, Member } from '../../../shared/api/accounts.ts';
import { roles, type Role } from '../../../shared/api/roles.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { DEFAULT_INVITATION_DAYS, MAX_INVITATION_DAYS } from '../../../shared/limits.ts';
import {
  createInvitation,
  listMembers,
  removeMember,
  revokeInvitation,
  setMemberRole,
} from '../api/accountsApi.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * The members dialog (a native modal `<dialog>`, so focus stays inside and Esc closes it).
 * Everyone sees who is in, grouped by organisation; owners invite with links, change roles,
 * remove people and withdraw links.
 */
export function MembersDialog({
  documentId,
  title,
  user,
  isOwner,
  onClose,
}: {
  documentId: string;
  title: string;
  user: SessionUser;
  isOwner: boolean;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [members, setMembers] = useState<Member[]>([]);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [inviteRole, setInviteRole] = useState<Role>('commenter');
  const [inviteDays, setInviteDays] = useState(String(DEFAULT_INVITATION_DAYS));
  const [newLink, setNewLink] = useState<string | null>(null);
  // Roles chosen in a member's select but not yet saved. A select changes its value at every
  // arrow key, so saving on change would let a keyboard user stepping through the options
  // make someone owner on the way, or demote themselves with no way back.
  const [chosenRoles, setChosenRoles] = useState<ReadonlyMap<string, Role>>(new Map());
  const linksHeading = useRef<HTMLHeadingElement>(null);
  const dialogHeading = useRef<HTMLHeadingElement>(null);

  const refresh = useCallback(async () => {
    try {
      const result = await listMembers(documentId);
      setMembers(result.members);
      setInvitations(result.invitations);
    } catch (caught) {
      setError(errorText(caught, t));
    }
  }, [documentId, t]);

  useEffect(() => {
    dialog.current?.showModal();
    void refresh();
  }, [refresh]);

  /**
   * Runs an owner's action and reports it. `focusAfter` is where focus goes on success, for
   * actions whose button disappears with what it acted on: without it, focus would fall to the
   * page body and screen-reader users would lose their place.
   */
  const act = async (
    action: () => Promise<unknown>,
    success: string,
    focusAfter?: () => HTMLElement | null | undefined,
  ): Promise<boolean> => {
    setError(null);
    try {
      await action();
      setStatus(success);
      focusAfter?.()?.focus();
      await refresh();
      return true;
    } catch (caught) {
      setError(errorText(caught, t));
      return false;
    }
  };

  const saveRole = async (member: Member, role: Role) => {
    const saved = await act(
      () => setMemberRole(documentId, member.userId, role),
      t('members.roleChanged', { name: member.name, role: t(`role.${role}`) }),
      () => dialog.current?.querySelector<HTMLElement>(`#role-${CSS.escape(member.userId)}`),
    );
    if (saved) {
      setChosenRoles((chosen) => {
        const next = new Map(chosen);
        next.delete(member.userId);
        return next;
      });
    }
  };

  const onInvite = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await createInvitation(documentId, inviteRole, Number(inviteDays));
      setNewLink(created.url);
      await refresh();
    } catch (caught) {
      setError(errorText(caught, t));
    }
  };

  const dateFormat = new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    dateStyle: 'medium',
  });
  const byOrganisation = new Map<string, Member[]>();
  for (const member of members) {
    byOrganisation.set(member.organisation, [
      ...(byOrganisation.get(member.organisation) ?? []),
      member,
    ]);
  }

  return (
    <dialog ref={dialog} className="members-dialog" aria-labelledby={headingId} onClose={onClose}>
      <div className="dialog-header">
        <h2 id={headingId} ref={dialogHeading} tabIndex={-1}>
          {t('members.heading', { title })}
        </h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          {t('members.close')}
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {[...byOrganisation.entries()].map(([organisation, people]) => (
        <section key={organisation} className="member-group">
          <h3>{organisation}</h3>
          <ul className="member-list">
            {people.map((member) => (
              <li key={member.userId} className="member">
                <span className="member-name">
                  {member.name} {member.userId === user.id && t('members.you')}
                  {member.email && <span className="member-email"> {member.email}</span>}
                </span>
                {isOwner ? (
                  <span className="member-actions">
                    <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
                      {t('members.role', { name: member.name })}
                    </label>
                    <select
                      id={`role-${member.userId}`}
                      value={chosenRoles.get(member.userId) ?? member.role}
                      onChange={(event) => {
                        const role = event.target.value as Role;
                        setChosenRoles((chosen) => new Map(chosen).set(member.userId, role));
                      }}
                    >
                      {roles.map((role) => (
                        <option key={role} value={role}>
                          {t(`role.${role}`)}
                        </option>
                      ))}
                    </select>
                    {(chosenRoles.get(member.userId) ?? member.role) !== member.role && (
                      <button
                        type="button"
                        className="primary"
                        aria-label={t('members.role.saveLabel', { name: member.name })}
                        onClick={() =>
                          void saveRole(member, chosenRoles.get(member.userId) ?? member.role)
                        }
                      >
                        {t('members.role.save')}
                      </button>
                    )}
                    <button
                      type="button"
                      aria-label={t('members.removeLabel', { name: member.name })}
                      onClick={() =>
                        void act(
                          () => removeMember(documentId, member.userId),
                          t('members.removed', { name: member.name }),
                          () => dialogHeading.current,
                        )
                      }
                    >
                      {t('members.remove')}
                    </button>
                  </span>
                ) : (
                  <span className="member-role">{t(`role.${member.role}`)}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {isOwner && (
        <>
          <section aria-labelledby={`${headingId}-invite`}>
            <h3 id={`${headingId}-invite`}>{t('members.invite.heading')}</h3>
            <form className="inline-form" onSubmit={(event) => void onInvite(event)}>
              <label htmlFor={`${headingId}-role`}>{t('members.invite.role')}</label>
              <select
                id={`${headingId}-role`}
                value={inviteRole}
                onChange={(event) => setInviteRole(event.target.value as Role)}
              >
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {t(`role.${role}`)}
                  </option>
                ))}
              </select>
              <label htmlFor={`${headingId}-days`}>{t('members.invite.days')}</label>
              <input
                id={`${headingId}-days`}
                type="number"
                min={1}
                max={MAX_INVITATION_DAYS}
                value={inviteDays}
                onChange={(event) => setInviteDays(event.target.value)}
              />
              <button type="submit" className="primary">
                {t('members.invite.create')}
              </button>
            </form>
            {newLink && (
              <div className="new-link" role="status">
                <p>{t('members.invite.created')}</p>
                <label htmlFor={`${headingId}-link`} className="visually-hidden">
                  {t('members.invite.linkLabel')}
                </label>
                <input id={`${headingId}-link`} readOnly value={newLink} className="link-output" />
                <button
                  type="button"
                  onClick={() =>
                    void navigator.clipboard.writeText(newLink).then(
                      () => setStatus(t('members.invite.copied')),
                      () => undefined,
                    )
                  }
                >
                  {t('members.invite.copy')}
                </button>
              </div>
            )}
          </section>
          <section aria-labelledby={`${headingId}-links`}>
            <h3 id={`${headingId}-links`} ref={linksHeading} tabIndex={-1}>
              {t('members.links.heading')}
            </h3>
            {invitations.length === 0 ? (
              <p>{t('members.links.none')}</p>
            ) : (
              <table className="links-table">
                <thead>
                  <tr>
                    <th scope="col">{t('members.links.role')}</th>
                    <th scope="col">{t('members.links.expires')}</th>
                    <th scope="col">{t('members.links.accepted')}</th>
                    <th scope="col">{t('members.links.status')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('documents.column.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {invitations.map((invitation) => (
                    <tr key={invitation.id}>
                      <td>{t(`role.${invitation.role}`)}</td>
                      <td>{dateFormat.format(new Date(invitation.expiresAt))}</td>
                      <td>{invitation.acceptedCount}</td>
                      <td>
                        {t(invitation.active ? 'members.links.active' : 'members.links.inactive')}
                      </td>
                      <td>
                        {invitation.active && (
                          <button
                            type="button"
                            aria-label={t('members.links.revokeLabel', {
                              role: t(`role.${invitation.role}`),
                            })}
                            onClick={() =>
                              void act(
                                () => revokeInvitation(invitation.id),
                                t('members.links.revoked'),
                                () => linksHeading.current,
                              )
                            }
                          >
                            {t('members.links.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </dialog>
  );
}
