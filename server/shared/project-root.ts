import fs from 'node:fs';
import path from 'node:path';

/**
 * The checkout's root (the folder with package.json), whether this file runs as server/shared/project-root.ts under
 * tsx and jest or as dist/server/shared/project-root.js from `npm start`'s build: files shipped beside the sources
 * (the built UI, the simulator's sample pictures) are found from here, not from __dirname, which differs between the two.
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
