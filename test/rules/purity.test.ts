import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '../../rules');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const FORBIDDEN = /from ['"](\.\.\/)+server|from ['"](typeorm|express|socket\.io|node:fs|fs|node:net|net|mysql2|better-sqlite3)['"]|Date\.now\(\)|new Date\(\)|process\.env|require\(['"]natural['"]\)/;

/** The core stays pure: no I/O, no clock, no environment (DESIGN.md §1), and small files. */
describe('rules/ purity', () => {
  test.each(files(root).map((f) => [relative(root, f), f]))('%s has no I/O, clock or environment', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter((l) => FORBIDDEN.test(l))).toEqual([]);
    expect(text.split('\n').length).toBeLessThan(400);
  });
});
