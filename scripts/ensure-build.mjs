// Runs before `npm start`, `npm run backup` and `npm run migrate-store`: builds the web app and
// the server if the build is missing or older than the sources, so `npm install && npm start`
// works on a fresh checkout without a separate build step, and a second start does not rebuild
// for nothing.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outputs = [
  'dist/client/index.html',
  'dist/server/server/main.js',
  'dist/server/server/cli/backup.js',
  'dist/server/server/cli/migrateStore.js',
].map((p) => path.join(root, p));
const sources = ['client', 'server', 'shared', 'package-lock.json'].map((p) => path.join(root, p));

function newestMtime(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

const missing = outputs.some((output) => !fs.existsSync(output));
const stale =
  !missing &&
  Math.max(...sources.map(newestMtime)) > Math.min(...outputs.map((o) => fs.statSync(o).mtimeMs));

if (missing || stale) {
  console.error(
    missing ? 'Building Remiss (first start) …' : 'Sources changed; rebuilding Remiss …',
  );
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
