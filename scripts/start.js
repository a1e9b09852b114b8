#!/usr/bin/env node
'use strict';
/**
 * `npm start`: build the inbox UI and the server when their sources changed since the last build, then run the
 * built server with plain node (no compiler at run time). `--build-only` builds what is stale and stops.
 * Plain CommonJS so it runs before anything is compiled.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ENTRY, buildServer, serverStaleReason } = require('./server-build');
const { heapFlags, memoryEnv } = require('./heap-flags');

const ROOT = path.resolve(__dirname, '..');
const UI = path.join(ROOT, 'inbox-ui');
const BUILT_INDEX = path.join(UI, 'dist', 'index.html');
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

/** Newest modification time of the UI's sources: everything under inbox-ui/ except its build output. */
function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSourceMtime(full) : fs.statSync(full).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

/** Why the UI needs building, or null when the last build is current. */
function staleReason() {
  if (!fs.existsSync(BUILT_INDEX)) return 'inbox-ui/dist is missing';
  if (newestSourceMtime(UI) > fs.statSync(BUILT_INDEX).mtimeMs) return 'inbox-ui sources changed since the last build';
  return null;
}

function buildUiIfStale() {
  const reason = staleReason();
  if (!reason) return;
  console.log(`[start] building the inbox UI (${reason}) …`);
  const result = spawnSync(bin('vite'), ['build', '--config', path.join(UI, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('[start] the UI build failed; fix it or run `npm run build:ui` to see why.');
    process.exit(result.status ?? 1);
  }
}

function buildServerIfStale() {
  const reason = serverStaleReason();
  if (!reason) return;
  console.log(`[start] building the server (${reason}) …`);
  if (!buildServer()) {
    console.error('[start] the server build failed (the errors are above); `npm run dev` runs the sources unchecked.');
    process.exit(1);
  }
}

/**
 * Run the server as a child, with the heap flags and malloc setting that keep each process under 250 MB (heap-flags.js;
 * cluster workers inherit them), and pass our signals on, so Ctrl-C and `docker stop` reach its graceful shutdown.
 *
 * The child gets its own process group: otherwise one Ctrl-C would reach it from the terminal and again through us
 * (and through npm), and a repeated signal usually means "stop now" to a shutting-down server. Repeats of a signal
 * within a second are therefore the same request; a later repeat is forwarded again.
 */
function runServer() {
  const child = spawn(process.execPath, ['--enable-source-maps', ...heapFlags(), ENTRY], {
    cwd: ROOT,
    env: { ...process.env, ...memoryEnv() },
    stdio: 'inherit',
    detached: process.platform !== 'win32',
  });
  const lastForwarded = {};
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      const now = Date.now();
      if (now - (lastForwarded[signal] ?? 0) < 1000) return;
      lastForwarded[signal] = now;
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`[start] could not run the server: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
  });
}

buildUiIfStale();
buildServerIfStale();
if (!process.argv.includes('--build-only')) runServer();
