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
const OUT = path.join(ROOT, 'dist');
const STAMP = path.join(OUT, '.build-stamp.json');
const ENTRY = path.join(OUT, 'server', 'main.js');
const SOURCE_DIRS = ['server', 'rules'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

/** Every compiled source, sorted so the hash does not depend on the order the file system lists them in. */
function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(ROOT, dir));
  return files.sort();
}

function inputFiles() {
  return [...sourceFiles(), ...CONFIGS.map((name) => path.join(ROOT, name))];
}

function typescriptVersion() {
  return require(path.join(ROOT, 'node_modules', 'typescript', 'package.json')).version;
}

function inputHash(files) {
  const hash = crypto.createHash('sha256').update(`typescript ${typescriptVersion()}\n`);
  for (const file of files) hash.update(`${path.relative(ROOT, file)}\n`).update(fs.readFileSync(file)).update('\n');
  return hash.digest('hex');
}

function readStamp() {
  try {
    return { ...JSON.parse(fs.readFileSync(STAMP, 'utf8')), mtimeMs: fs.statSync(STAMP).mtimeMs };
  } catch {
    return null;
  }
}

/** Why the server needs building, or null when dist/ is current. */
function serverStaleReason() {
  const stamp = readStamp();
  if (!stamp || !fs.existsSync(ENTRY)) return 'dist/ has no build';
  const files = inputFiles();
  for (const file of files) {
    if (fs.statSync(file).mtimeMs > stamp.mtimeMs) return `${path.relative(ROOT, file)} changed since the last build`;
  }
  if (inputHash(files) !== stamp.hash) return 'the sources differ from the ones built';
  return null;
}

/**
 * Compiles with tsc (incrementally: dist/.tsbuildinfo) and stamps the result. Type errors fail the build, as they
 * fail `npm test`; `npm run dev` runs the sources through tsx without checking them.
 */
function buildServer() {
  const files = inputFiles();
  const hash = inputHash(files);
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) return false;
  fs.writeFileSync(STAMP, `${JSON.stringify({ hash, typescript: typescriptVersion(), builtAt: new Date().toISOString() })}\n`);
  return true;
}

module.exports = { ENTRY, serverStaleReason, buildServer };
