import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface ServerBuild {
  serverStaleReason(root?: string): string | null;
  inputHash(root: string, files: string[]): string;
  inputFiles(root: string): string[];
  writeStamp(root: string, hash: string): void;
}
// scripts/ is plain CommonJS (npm start runs it before anything is compiled).
const build = require('../../../scripts/server-build') as ServerBuild;

/** A checkout in miniature: sources, the tsconfigs, TypeScript's version and a dist/ built from them an hour ago. */
function builtCheckout(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'huixin-build-'));
  const write = (file: string, text: string) => { fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true }); fs.writeFileSync(path.join(root, file), text); };
  write('server/main.ts', 'export const a = 1;\n');
  write('server/cluster/primary.ts', 'export const b = 2;\n');
  write('rules/index.ts', 'export const c = 3;\n');
  write('server/simulator/sample-pictures/x.png', 'not compiled');
  write('tsconfig.json', '{}');
  write('tsconfig.build.json', '{}');
  write('node_modules/typescript/package.json', '{"version":"5.9.3"}');
  write('dist/server/main.js', 'exports.a = 1;\n');
  build.writeStamp(root, build.inputHash(root, build.inputFiles(root)));
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const file of [...build.inputFiles(root), path.join(root, 'dist/.build-stamp.json')]) fs.utimesSync(file, hourAgo, hourAgo);
  return root;
}

const roots: string[] = [];
const checkout = () => { const root = builtCheckout(); roots.push(root); return root; };
afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

describe('whether npm start must build the server first', () => {
  it('runs the last build when nothing changed', () => {
    expect(build.serverStaleReason(checkout())).toBeNull();
  });

  it('builds when there is no build', () => {
    const root = checkout();
    fs.rmSync(path.join(root, 'dist'), { recursive: true });
    expect(build.serverStaleReason(root)).toBe('dist/ has no build');
  });

  it('builds when a source was saved after the build, naming it', () => {
    const root = checkout();
    fs.appendFileSync(path.join(root, 'server/cluster/primary.ts'), '// edited\n');
    expect(build.serverStaleReason(root)).toBe(`${path.join('server', 'cluster', 'primary.ts')} changed since the last build`);
  });

  it('builds when a checkout brought back different sources with old times, or added or removed one', () => {
    const changed = checkout();
    const file = path.join(changed, 'rules/index.ts');
    const { mtime } = fs.statSync(file);
    fs.writeFileSync(file, 'export const c = 4;\n');
    fs.utimesSync(file, mtime, mtime);
    expect(build.serverStaleReason(changed)).toBe('the sources differ from the ones built');

    const removed = checkout();
    fs.rmSync(path.join(removed, 'server/cluster/primary.ts'));
    expect(build.serverStaleReason(removed)).toBe('the sources differ from the ones built');
  });

  it('builds when TypeScript was upgraded', () => {
    const root = checkout();
    fs.writeFileSync(path.join(root, 'node_modules/typescript/package.json'), '{"version":"6.0.0"}');
    expect(build.serverStaleReason(root)).toBe('the sources differ from the ones built');
  });

  it('ignores files that are not compiled', () => {
    const root = checkout();
    fs.writeFileSync(path.join(root, 'server/simulator/sample-pictures/x.png'), 'another picture');
    expect(build.serverStaleReason(root)).toBeNull();
  });
});
