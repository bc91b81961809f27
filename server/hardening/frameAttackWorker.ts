/**
 * Runs `runFrameAttack` in a worker thread, so the attacker's own work (building and sending
 * thousands of frames, some of 4 MiB) does not delay the control clients that measure how the
 * server copes. Receives one `FrameAttackJob`, answers with the `AttackReport`.
 */
import { parentPort } from 'node:worker_threads';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { runFrameAttack } from './frameAttack.ts';

/** What the worker is asked to do; the token is reused by every connection that authenticates. */
export interface FrameAttackJob {
  collabUrl: string;
  documentId: string;
  token: string;
  sockets: number;
  frames: number;
  seed: number;
  closeWithinMs: number;
}

const port = parentPort;
if (!port) throw new Error('frameAttackWorker runs only as a worker thread');

port.once('message', (job: FrameAttackJob) => {
  void runFrameAttack({
    ...job,
    token: async () => job.token,
    random: seededRandom(job.seed),
  }).then((report) => port.postMessage(report));
});
