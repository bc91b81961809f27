import { Router } from 'express';
import {
  acceptProposalRequestSchema,
  confirmProposalRequestSchema,
  rejectProposalRequestSchema,
} from '../../../../shared/api/proposals.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import { parseInput } from '../../../http/parseBody.ts';
import type { ProposalService } from '../../../proposals/ProposalService.ts';

/**
 * Decisions on proposed wording (editors and up): accept, confirm a change an editor's browser
 * applied, and reject with a reason. Proposals themselves are made with
 * `POST /api/documents/:id/threads` and `proposal` (see the threads router).
 */
export function proposalsRouter(proposals: ProposalService): Router {
  const router = Router();

  router.post('/threads/:id/accept', async (req, res) => {
    const user = requireUser(res);
    const input = parseInput(acceptProposalRequestSchema, req.body ?? {});
    const outcome = await proposals.accept(req.params.id, user, input);
    res.json('thread' in outcome ? outcome.thread : outcome);
  });

  router.post('/threads/:id/accept/confirm', async (req, res) => {
    const user = requireUser(res);
    const input = parseInput(confirmProposalRequestSchema, req.body);
    res.json(await proposals.confirm(req.params.id, user, input));
  });

  router.post('/threads/:id/reject', async (req, res) => {
    const user = requireUser(res);
    const input = parseInput(rejectProposalRequestSchema, req.body);
    res.json(await proposals.reject(req.params.id, user, input.reason));
  });

  return router;
}
