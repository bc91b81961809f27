/**
 * `npm run migrate-store -- --from sqlite:<path> --to <postgres url>`: moves every row from a
 * SQLite database into an empty PostgreSQL database and verifies the move before committing it.
 * Exit codes: 0 moved and verified, 1 failed (nothing was committed), 2 wrong usage.
 */
import { ConfigError } from '../config.ts';
import { DatabaseUrlError, parseDatabaseUrl } from '../storage/databaseUrl.ts';
import { MigrateStoreError, migrateStore } from '../storage/migrateStore.ts';
import { DatabaseOpenError } from '../storage/sqlite/openDatabase.ts';

const USAGE = `Usage: npm run migrate-store -- --from sqlite:<path> --to <postgres url>

Copies everything in the SQLite database at <path> (the data folder, or the .sqlite file) into
the PostgreSQL database at <postgres url>, which must be empty. Stop Remiss first: edits made
during the move would not be copied. Every table's rows (count and values) and every
document's text are compared before the copy is committed; on any difference nothing is
committed. The source is only read. See docs/operations.md.`;

/** Exit codes, as documented in docs/operations.md. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

function readArguments(args: readonly string[]): { from: string; to: string } | null {
  const values = new Map<string, string>();
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    const match = /^--(from|to)(?:=(.*))?$/.exec(arg);
    if (!match?.[1] || values.has(match[1])) return null;
    const value = match[2] ?? args[(index += 1)];
    if (value === undefined || value === '') return null;
    values.set(match[1], value);
  }
  const from = values.get('from');
  const to = values.get('to');
  return from && to ? { from, to } : null;
}

async function main(args: readonly string[]): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const parsed = readArguments(args);
  if (!parsed) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    // npm runs scripts in the project folder; a relative path means the folder the operator
    // typed the command in, which npm passes on as INIT_CWD.
    const cwd = process.env['INIT_CWD'] ?? process.cwd();
    const from = parseDatabaseUrl(parsed.from, cwd);
    const to = parseDatabaseUrl(parsed.to, cwd);
    if (from.kind !== 'sqlite' || to.kind !== 'postgres') {
      process.stderr.write(
        `--from must be sqlite:<path> and --to a postgres:// URL.\n\n${USAGE}\n`,
      );
      return EXIT.usage;
    }
    const report = await migrateStore(from.path, to.url);
    const width = Math.max(...report.tables.map((row) => row.table.length));
    const lines = report.tables.map(
      (row) => `  ${row.table.padEnd(width)}  ${row.source} → ${row.target}`,
    );
    process.stdout.write(
      `Moved ${report.sourceFile} to ${report.target} (schema version ${report.schemaVersion}).\n` +
        `Rows per table, source → target:\n${lines.join('\n')}\n` +
        `Verified: every table holds the same rows, and ${report.documentsVerified} documents ` +
        'have the same text on both sides.\n',
    );
    return EXIT.ok;
  } catch (error) {
    if (
      error instanceof MigrateStoreError ||
      error instanceof DatabaseOpenError ||
      error instanceof DatabaseUrlError ||
      error instanceof ConfigError
    ) {
      process.stderr.write(`migrate-store failed: ${error.message}\n`);
    } else {
      process.stderr.write(`migrate-store failed unexpectedly: ${String(error)}\n`);
    }
    return EXIT.failed;
  }
}

process.exitCode = await main(process.argv.slice(2));
