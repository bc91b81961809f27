/**
 * `npm run backup -- <file>`: writes a verified online backup of the database while the server
 * runs. Reads DATA_DIR like the server does. Exit codes: 0 written and verified, 1 failed
 * (nothing is left at <file>), 2 wrong usage.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { BackupError, backupDatabase } from '../storage/sqlite/backupDatabase.ts';

const USAGE = `Usage: npm run backup -- <file>

Writes an online backup of DATA_DIR/remiss.sqlite to <file>, which must not exist yet, while
the server keeps running. The backup is verified (integrity check, row counts) before it gets
its name. Restore it as described in docs/operations.md.`;

/** Exit codes, as documented in docs/operations.md. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

async function main(args: readonly string[]): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const [file] = args;
  if (args.length !== 1 || file === undefined || file === '' || file.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    const { dataDir, postgresUrl } = loadConfig(process.env);
    if (postgresUrl !== undefined) {
      throw new BackupError(
        'DATABASE_URL names a PostgreSQL database; back it up with pg_dump (see ' +
          'docs/operations.md). This command backs up the SQLite store only.',
      );
    }
    // npm runs scripts in the project folder; a relative <file> means the folder the operator
    // typed the command in, which npm passes on as INIT_CWD.
    const destination = path.resolve(process.env['INIT_CWD'] ?? process.cwd(), file);
    const report = await backupDatabase(dataDir, destination);
    const counts = Object.entries(report.rows)
      .map(([table, rows]) => `  ${table}: ${rows}`)
      .join('\n');
    process.stdout.write(
      `Backup written to ${report.file} (${report.bytes} bytes, schema version ` +
        `${report.schemaVersion}).\nVerified: integrity check ok. Rows:\n${counts}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof BackupError || error instanceof ConfigError) {
      process.stderr.write(`Backup failed: ${error.message}\n`);
    } else {
      process.stderr.write(`Backup failed unexpectedly: ${String(error)}\n`);
    }
    return EXIT.failed;
  }
}

process.exitCode = await main(process.argv.slice(2));
