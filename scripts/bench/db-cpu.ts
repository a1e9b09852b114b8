import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The database server's own CPU time, when it runs on this machine (MariaDB here): the bench's node CPU leaves out
 * the work it hands the database, and wall time swings with whatever else the machine runs. Null where it cannot be
 * read (SQLite, a remote server, no procfs).
 */
export function databaseCpuReader(databaseUrl: string | undefined): (() => number) | null {
  if (!databaseUrl || !/^mysql:\/\/[^/]*@?(127\.0\.0\.1|localhost)[:/]/.test(databaseUrl)) return null;
  let pid: string;
  try {
    pid = execFileSync('pgrep', ['-o', '-x', 'mariadbd|mysqld'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
  // /proc/<pid>/stat: utime and stime (fields 14 and 15) in clock ticks, 100 a second on Linux.
  const seconds = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  try { seconds(); } catch { return null; }
  return seconds;
}

/**
 * What the database server has received from every client so far, in bytes (MariaDB's `Bytes_received`): over a
 * round, the SQL text and values a request sends, a figure that does not swing with the machine's load. Null on
 * SQLite. The reader's own statement adds ~60 bytes a read.
 */
export async function databaseBytesReader(databaseUrl: string | undefined): Promise<{ read(): Promise<number>; close(): Promise<void> } | null> {
  if (!databaseUrl?.startsWith('mysql://')) return null;
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection(databaseUrl);
  return {
    read: async () => {
      const [rows] = await connection.query("SHOW GLOBAL STATUS LIKE 'Bytes_received'") as unknown as [Array<{ Value: string }>];
      return Number(rows[0]!.Value);
    },
    close: () => connection.end(),
  };
}
