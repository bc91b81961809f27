import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Whether a command is on PATH, for tests that need a real tool and skip, saying so, without it. */
export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a poppler-utils tool (`pdftotext`, `pdffonts`, `pdfinfo`) on PDF bytes and returns what it
 * printed. The bytes go through a temporary file, since not every poppler version reads stdin.
 */
export function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', pdf: Uint8Array): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'remiss-pdf-'));
  try {
    const file = path.join(directory, 'export.pdf');
    writeFileSync(file, pdf);
    const args = tool === 'pdftotext' ? ['-enc', 'UTF-8', file, '-'] : [file];
    return execFileSync(tool, args, { encoding: 'utf8' });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
