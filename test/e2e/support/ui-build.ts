import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const UI = path.join(ROOT, 'inbox-ui');
const BUILT_INDEX = path.join(UI, 'dist', 'index.html');

/** Newest modification time under inbox-ui/ except its build output (the same rule as scripts/start.js). */
function newestSourceMtime(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    if (entry.name === 'dist' || entry.name === 'node_modules') return newest;
    const full = path.join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : fs.statSync(full).mtimeMs);
  }, 0);
}

/** The socket contract is part of the UI's sources too, though it lives under server/. */
const CONTRACT = path.join(ROOT, 'server/inbox/socket-contract.ts');

/** Builds inbox-ui/dist when it is missing or older than its sources, so the server under test serves the current UI. */
export function buildUiIfStale(): void {
  const stale = !fs.existsSync(BUILT_INDEX)
    || Math.max(newestSourceMtime(UI), fs.statSync(CONTRACT).mtimeMs) > fs.statSync(BUILT_INDEX).mtimeMs;
  if (!stale) return;
  const result = spawnSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '--config', path.join(UI, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`inbox-ui build failed:\n${result.stdout}\n${result.stderr}`);
}
