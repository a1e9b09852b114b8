import type { Server } from 'socket.io';
import type { DataSource } from 'typeorm';
import { isMysql } from '../db/data-source';
import { membersWaiting, observeGroups } from '../db/group-commit';
import type { HuixinMetrics } from './huixin-metrics';

/** Sockets connected to this node, per namespace (`/` the inbox, `/simulator` the phone simulator). */
export function watchSockets(metrics: HuixinMetrics, io: Server): void {
  metrics.readAtScrape('sockets', (gauge) => ({
    sockets: gauge('huixin_socket_connections', 'Socket.IO connections to this node, by namespace.', ['namespace']),
  }), ({ sockets }) => {
    // `_nsps` is the server's own list (typed public by socket.io); `io.of(name)` would create a namespace by asking.
    for (const [namespace, nsp] of io._nsps) sockets.set({ namespace }, nsp.sockets.size);
  });
}

/** mysql2's pool, as far as its fields say (they are not a documented API, so each is checked before it is read). */
interface Mysql2Pool { _allConnections?: { length: number }; _freeConnections?: { length: number }; _connectionQueue?: { length: number }; config?: { connectionLimit?: number } }

/**
 * This node's database connections on MariaDB: in use, idle, the most it may open, and callers waiting for one.
 * Waiting callers are the first sign of a pool too small for the load (or of a database that stopped answering).
 * SQLite has no pool: one connection inside the process, so nothing is reported.
 */
export function watchDatabasePool(metrics: HuixinMetrics, ds: DataSource): void {
  if (!isMysql(ds)) return;
  metrics.readAtScrape('db_pool', (gauge) => ({
    connections: gauge('huixin_db_pool_connections', 'Database connections this node holds, by state (in_use, idle).', ['state']),
    waiting: gauge('huixin_db_pool_waiting', 'Callers on this node waiting for a database connection.'),
    max: gauge('huixin_db_pool_max_connections', 'The most connections this node\'s pool may open.'),
  }), ({ connections, waiting, max }) => {
    const pool = (ds.driver as unknown as { pool?: Mysql2Pool }).pool;
    // Not reported as zeros when a mysql2 upgrade renames them: the reader fails, and says so in its failures counter.
    if (!pool?._allConnections || !pool._freeConnections) throw new Error('mysql2\'s pool no longer has _allConnections/_freeConnections');
    const idle = pool._freeConnections.length;
    connections.set({ state: 'in_use' }, pool._allConnections.length - idle);
    connections.set({ state: 'idle' }, idle);
    if (pool._connectionQueue) waiting.set(pool._connectionQueue.length);
    if (typeof pool.config?.connectionLimit === 'number') max.set(pool.config.connectionLimit);
  });
}

/**
 * Group commit on MariaDB (db/group-commit.ts): how many texts each group carried, whether groups of two or more
 * committed as one or ran each member alone again (a rerun costs the group's work twice: many of them mean something
 * keeps failing inside groups), texts answered 503 after waiting too long for theirs, and texts waiting now.
 */
export function watchCommitGroups(metrics: HuixinMetrics, ds: DataSource): void {
  if (!isMysql(ds)) return;
  observeGroups(ds, metrics.commitGroups);
  metrics.readAtScrape('commit_groups', (gauge) => ({
    waiting: gauge('huixin_db_commit_group_waiting', 'Texts on this node waiting for a commit group (db/group-commit.ts).'),
  }), ({ waiting }) => { waiting.set(membersWaiting(ds)); });
}
