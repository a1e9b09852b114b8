import { createDataSource } from './server/db/data-source';

/** For the typeorm CLI (`npx typeorm-ts-node-commonjs -d ormconfig.ts migration:show`); the server builds its own. */
export default createDataSource({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? './data' });
