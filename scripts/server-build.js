'use strict';
/**
 * The server's JavaScript build (tsc → dist/) and whether it is current. Plain CommonJS: `npm start` uses it before
 * anything is compiled.
 *
 * tsc rather than esbuild (which tsx ships): TypeORM reads the column types that emitDecoratorMetadata records, and
 * only tsc records them from the type checker. A build is current when no source is newer than its stamp and the
 * hash of its inputs (every source's path and bytes, the tsconfigs, TypeScript's version) is the one it was built
 * from, so a checkout that brings older files back (a branch switch keeps their old mtimes) is caught too.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'dist', 'server', 'main.js');
const SOURCE_DIRS = ['server', 'rules'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];
const stampOf = (root) => path.join(root, 'dist', '.build-stamp.json');

/** Every compiled source, sorted so the hash does not depend on the order the file system lists them in. */
function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(root, dir));
  return files.sort();
}

function inputFiles(root) {
  return [...sourceFiles(root), ...CONFIGS.map((name) => path.join(root, name))];
}

function typescriptVersion(root) {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'typescript', 'package.json'), 'utf8')).version;
}

function inputHash(root, files) {
  const hash = crypto.createHash('sha256').update(`typescript ${typescriptVersion(root)}\n`);
  for (const file of files) hash.update(`${path.relative(root, file)}\n`).update(fs.readFileSync(file)).update('\n');
  return hash.digest('hex');
}

function readStamp(root) {
  try {
    return { ...JSON.parse(fs.readFileSync(stampOf(root), 'utf8')), mtimeMs: fs.statSync(stampOf(root)).mtimeMs };
  } catch {
    return null;
  }
}

/** Why the server under `root` needs building, or null when its dist/ is current. */
function serverStaleReason(root = ROOT) {
  const stamp = readStamp(root);
  if (!stamp || !fs.existsSync(path.join(root, 'dist', 'server', 'main.js'))) return 'dist/ has no build';
  const files = inputFiles(root);
  for (const file of files) {
    if (fs.statSync(file).mtimeMs > stamp.mtimeMs) return `${path.relative(root, file)} changed since the last build`;
  }
  if (inputHash(root, files) !== stamp.hash) return 'the sources differ from the ones built';
  return null;
}

/** Records that dist/ was built from the inputs hashed as `hash` (taken before the build began). */
function writeStamp(root, hash) {
  fs.writeFileSync(stampOf(root), `${JSON.stringify({ hash, typescript: typescriptVersion(root), builtAt: new Date().toISOString() })}\n`);
}

/**
 * Compiles with tsc (incrementally: dist/.tsbuildinfo) and stamps the result. Type errors fail the build, as they
 * fail `npm test`; `npm run dev` runs the sources through tsx without checking them.
 */
function buildServer() {
  // Hashed before compiling: a source saved during the build is then newer than, or different from, the stamp.
  const hash = inputHash(ROOT, inputFiles(ROOT));
  // tsc's incremental record would not emit again files deleted from dist/ whose sources did not change.
  if (!fs.existsSync(ENTRY) || !readStamp(ROOT)) fs.rmSync(path.join(ROOT, 'dist', '.tsbuildinfo'), { force: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) return false;
  writeStamp(ROOT, hash);
  return true;
}

module.exports = { ENTRY, serverStaleReason, buildServer, inputHash, inputFiles, writeStamp };
