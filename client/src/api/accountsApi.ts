import { z } from 'zod';
import {
  acceptInvitationResponseSchema,
  createInvitationResponseSchema,
  invitationInfoSchema,
  listAuditResponseSchema,
  listMembersResponseSchema,
} from '../../../shared/api/accounts.ts';
import type { Role } from '../../../shared/api/roles.ts';
import { sessionUserSchema } from '../../../shared/api/session.ts';
import { apiRequest } from './apiClient.ts';

const nothing = z.unknown();
const enc = encodeURIComponent;

/** Signs in with email and password. */
export const signIn = (email: string, password: string) =>
  apiRequest('POST', '/session', sessionUserSchema, { email, password });

/** Signs out. */
export const signOut = () => apiRequest('DELETE', '/session', nothing);

/** Creates the first admin from the one-time setup link. */
export const completeSetup = (
  token: string,
  account: { email: string; name: string; organisation: string; password: string },
) => apiRequest('POST', `/setup/${enc(token)}`, sessionUserSchema, account);

/** Checks that a setup link is still valid. */
export const checkSetup = (token: string) =>
  apiRequest('GET', `/setup/${enc(token)}`, z.object({ valid: z.boolean() }));

/** What an invitation link grants. */
export const getInvitation = (token: string) =>
  apiRequest('GET', `/invitations/${enc(token)}`, invitationInfoSchema);

/** Accepts an invitation, as the signed-in user (no account) or with an account to create/join. */
export const acceptInvitation = (
  token: string,
  account?: { email: string; password: string; name?: string; organisation?: string },
) =>
  apiRequest(
    'POST',
    `/invitations/${enc(token)}/accept`,
    acceptInvitationResponseSchema,
    account ?? {},
  );

/** Creates an invitation link for a document. */
export const createInvitation = (documentId: string, role: Role, expiresInDays: number) =>
  apiRequest('POST', '/invitations', createInvitationResponseSchema, {
    documentId,
    role,
    expiresInDays,
  });

/** Withdraws an invitation link. */
export const revokeInvitation = (id: string) =>
  apiRequest('DELETE', `/invitations/${enc(id)}`, nothing);

/** Members and (for owners) invitation links of a document. */
export const listMembers = (documentId: string) =>
  apiRequest('GET', `/documents/${enc(documentId)}/members`, listMembersResponseSchema);

/** Changes a member's role. */
export const setMemberRole = (documentId: string, userId: string, role: Role) =>
  apiRequest('PUT', `/documents/${enc(documentId)}/members/${enc(userId)}`, nothing, { role });

/** Removes a member. */
export const removeMember = (documentId: string, userId: string) =>
  apiRequest('DELETE', `/documents/${enc(documentId)}/members/${enc(userId)}`, nothing);

/** The audit log of a document (owners). */
export const documentAudit = (documentId: string) =>
  apiRequest('GET', `/documents/${enc(documentId)}/audit`, listAuditResponseSchema);

/** The audit log of the whole site (site admins). */
export const siteAudit = () => apiRequest('GET', '/audit', listAuditResponseSchema);

/** Updates the signed-in user's name and organisation. */
export const updateAccount = (name: string, organisation: string) =>
  apiRequest('PATCH', '/account', sessionUserSchema, { name, organisation });

/** Changes the signed-in user's password. */
export const changePassword = (currentPassword: string, newPassword: string) =>
  apiRequest('POST', '/account/password', nothing, { currentPassword, newPassword });

/** Asks for a password reset link. */
export const requestPasswordReset = (email: string) =>
  apiRequest('POST', '/password-resets', nothing, { email });

/** Sets a new password with a reset link. */
export const completePasswordReset = (token: string, password: string) =>
  apiRequest('POST', `/password-resets/${enc(token)}`, nothing, { password });
