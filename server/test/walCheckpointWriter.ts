/**
 * A child process for `WalCheckpointer.test.ts`: appends to one document's update log from four
 * concurrent writers with the WAL checkpointer running every millisecond, and prints
 * `acked <seq> <checksum>` for each append once it has resolved (is durable), and
 * `checkpoints <n>` as the worker's checkpoints add up, until it is killed.
 *
 *   node --import tsx server/test/walCheckpointWriter.ts <dataDir> <documentId>
 */
import { randomBytes } from 'node:crypto';
import { createJsonLogger } from '../logger.ts';
import { checksum } from '../storage/checksum.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';

const [dataDir, documentId] = process.argv.slice(2);
if (dataDir === undefined || documentId === undefined) {
  throw new Error('usage: walCheckpointWriter.ts <dataDir> <documentId>');
}
const document: string = documentId;
const storage = SqliteStorage.open(dataDir);
const started = storage.checkpointInBackground({
  logger: createJsonLogger({ level: 'error', write: (line) => process.stderr.write(line) }),
  intervalMs: 1,
  startBytes: 0,
});
if (started === null) throw new Error('the test database is not in WAL mode');
const checkpointer = started;
await checkpointer.whenStarted();

let reported = 0;
// Writes to a pipe are synchronous on Linux: a line printed is a line the parent can read, even
// if the process is killed right after.
const print = (line: string) => process.stdout.write(`${line}\n`);
print('started');

async function writer(index: number): Promise<never> {
  for (let round = 0; ; round += 1) {
    // Sizes vary, so that commits fill a varying number of pages.
    const data = randomBytes(256 + ((round + index) % 8) * 512);
    const seq = await storage.updates.append(document, data);
    print(`acked ${seq} ${checksum(data)}`);
    const { checkpoints } = checkpointer.status;
    if (checkpoints !== reported) {
      reported = checkpoints;
      print(`checkpoints ${checkpoints}`);
    }
  }
}

await Promise.all([0, 1, 2, 3].map(writer));
