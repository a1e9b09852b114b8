import fs from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { HEAP_FLAGS, heapFlags, MEMORY_ENV, memoryEnv } = require('../../../scripts/heap-flags.js') as {
  HEAP_FLAGS: readonly string[]; heapFlags(env: NodeJS.ProcessEnv): string[]; MEMORY_ENV: Record<string, string>; memoryEnv(env: NodeJS.ProcessEnv): Record<string, string>;
};

describe('the heap flags of the server processes', () => {
  it('are on the systemd unit\'s command line too, which runs node without npm start', () => {
    const unit = fs.readFileSync(path.resolve(__dirname, '../../../deploy/huixin.service'), 'utf8');
    const execStart = unit.split('\n').find((line) => line.startsWith('ExecStart='))!.split(/\s+/);
    expect(execStart).toEqual(expect.arrayContaining([...HEAP_FLAGS]));
    expect(execStart.indexOf(HEAP_FLAGS[0]!)).toBeLessThan(execStart.indexOf('dist/server/main.js'));
  });

  it('leave out a flag the operator set in NODE_OPTIONS, which the command line would otherwise override', () => {
    expect(heapFlags({ NODE_OPTIONS: '--enable-source-maps --max_old_space_size=2048' })).not.toContainEqual(expect.stringMatching(/^--max-old-space-size/));
    expect(heapFlags({ NODE_OPTIONS: '--enable-source-maps' })).toEqual([...HEAP_FLAGS]);
    expect(heapFlags({})).toEqual([...HEAP_FLAGS]);
  });

  it('come with the malloc setting in the systemd unit\'s environment too, unless the operator set their own', () => {
    const unit = fs.readFileSync(path.resolve(__dirname, '../../../deploy/huixin.service'), 'utf8');
    for (const [name, value] of Object.entries(MEMORY_ENV)) expect(unit.split('\n')).toContain(`Environment=${name}=${value}`);
    expect(memoryEnv({})).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(memoryEnv({ MALLOC_ARENA_MAX: '4' })).toEqual({});
  });
});
