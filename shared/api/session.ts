import { z } from 'zod';

/** The signed-in user as `GET /api/session` returns it. */
export const sessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  organisation: z.string(),
  isAdmin: z.boolean(),
});

/** The signed-in user. */
export type SessionUser = z.infer<typeof sessionUserSchema>;
