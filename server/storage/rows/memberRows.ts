import { roleSchema } from '../../../shared/api/roles.ts';
import type { MemberRecord } from '../types.ts';

/** A membership joined with its user, as the member lists read it. */
export interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  organisation: string;
  role: string;
  created_at: string;
}

/** Reads a member row; `since` is when the membership was made. */
export function toMemberRecord(row: MemberRow): MemberRecord {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    organisation: row.organisation,
    role: roleSchema.parse(row.role),
    since: row.created_at,
  };
}

/** The columns of a {@link MemberRow}, over `memberships m JOIN users u`. */
export const MEMBER_COLUMNS = 'm.user_id, u.email, u.name, u.organisation, m.role, m.created_at';
