import { z } from 'zod';
import {
  DEFAULT_INVITATION_DAYS,
  MAX_INVITATION_DAYS,
  MAX_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
} from '../limits.ts';
import { roleSchema } from './roles.ts';
import { storableString } from './storableText.ts';

/** An email address, trimmed and lower-cased so the same person cannot register twice. */
export const emailSchema = storableString()
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter a valid email address.').max(254));

/** A new password: long enough to resist guessing, short enough to hash cheaply. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `The password must be at most ${MAX_PASSWORD_LENGTH} characters.`);

/** A display name or organisation name. */
export const nameSchema = storableString()
  .trim()
  .min(1, 'This must not be empty.')
  .max(MAX_NAME_LENGTH, `This must be at most ${MAX_NAME_LENGTH} characters.`);

/** `POST /api/session`. The password is not length-checked here, so old passwords still work. */
export const signInRequestSchema = z.object({
  email: storableString().trim().toLowerCase().max(254),
  password: z.string().max(MAX_PASSWORD_LENGTH),
});

/** `POST /api/users` (admin). */
export const createUserRequestSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  organisation: nameSchema,
  password: newPasswordSchema,
  isAdmin: z.boolean().optional(),
});

/** `PATCH /api/account`: the signed-in user's own profile. */
export const updateAccountRequestSchema = z.object({
  name: nameSchema,
  organisation: nameSchema,
});

/** `POST /api/account/password`. */
export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().max(MAX_PASSWORD_LENGTH),
  newPassword: newPasswordSchema,
});

/** `POST /api/setup/:token`: creates the first admin. */
export const setupRequestSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  organisation: nameSchema,
  password: newPasswordSchema,
});

/** `POST /api/password-resets`. */
export const requestPasswordResetSchema = z.object({
  email: storableString().trim().toLowerCase().max(254),
});

/** `POST /api/password-resets/:token`. */
export const completePasswordResetSchema = z.object({ password: newPasswordSchema });

/** `POST /api/invitations`. */
export const createInvitationRequestSchema = z.object({
  documentId: storableString().min(1),
  role: roleSchema,
  expiresInDays: z.number().int().min(1).max(MAX_INVITATION_DAYS).default(DEFAULT_INVITATION_DAYS),
});

/** `POST /api/invitations` response. The token is shown only here. */
export const createInvitationResponseSchema = z.object({
  id: z.string(),
  token: z.string(),
  url: z.string(),
  role: roleSchema,
  expiresAt: z.string(),
});

/** An invitation link as owners see it in the members dialog (without its token). */
export const invitationSchema = z.object({
  id: z.string(),
  role: roleSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  acceptedCount: z.number().int(),
  active: z.boolean(),
});

/** An invitation link. */
export type Invitation = z.infer<typeof invitationSchema>;

/** `GET /api/invitations/:token`: what the link grants, for the accept screen. */
export const invitationInfoSchema = z.object({
  documentTitle: z.string(),
  role: roleSchema,
  expiresAt: z.string(),
});

/**
 * `POST /api/invitations/:token/accept`. Signed-in users send an empty object; others send the
 * account to create, or the email and password of their existing account.
 */
export const acceptInvitationRequestSchema = z.union([
  z.object({
    email: emailSchema,
    name: nameSchema,
    organisation: nameSchema,
    password: z.string().max(MAX_PASSWORD_LENGTH),
  }),
  z.object({ email: emailSchema, password: z.string().max(MAX_PASSWORD_LENGTH) }),
  z.object({}).strict(),
]);

/** `POST /api/invitations/:token/accept` response. */
export const acceptInvitationResponseSchema = z.object({
  documentId: z.string(),
  role: roleSchema,
});

/** A member of a document. */
export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  organisation: z.string(),
  role: roleSchema,
  since: z.string(),
});

/** A member of a document. */
export type Member = z.infer<typeof memberSchema>;

/** `GET /api/documents/:id/members`. */
export const listMembersResponseSchema = z.object({
  members: z.array(memberSchema),
  invitations: z.array(invitationSchema),
});

/** `PUT /api/documents/:id/members/:userId`. */
export const setMemberRoleRequestSchema = z.object({ role: roleSchema });

/** One audit log entry. */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  action: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), organisation: z.string() }).nullable(),
  documentId: z.string().nullable(),
  subject: z.object({ id: z.string(), name: z.string(), organisation: z.string() }).nullable(),
  details: z.record(z.string(), z.unknown()),
});

/** One audit log entry. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** `GET /api/documents/:id/audit` and `GET /api/audit`. */
export const listAuditResponseSchema = z.object({ entries: z.array(auditEntrySchema) });
