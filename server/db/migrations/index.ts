import { InitialSchema1763700000000 } from './1763700000000-initial-schema';

/** In order; listed explicitly so start-up never globs the file system. */
export const migrations = [InitialSchema1763700000000];
