/**
 * The floor of `npm run bench:webhook`: the least any webhook on this stack can cost. express parses the same Twilio
 * form and one parameterised INSERT stores it (mysql2 pool of 10, as TypeORM's default, on FLOOR_DATABASE_URL; or
 * better-sqlite3 in WAL mode on FLOOR_SQLITE_FILE), then it answers the same empty TwiML. No signature check, no
 * decision: this is what the issue calls the floor of the stack. Listens on PORT; run as a child process.
 */
import express from 'express';
import Database from 'better-sqlite3';
import { createPool } from 'mysql2/promise';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const TABLE = `floor_messages (id INTEGER PRIMARY KEY AUTO_INCREMENT, sid VARCHAR(64) NOT NULL, phone VARCHAR(32) NOT NULL,
  recipient VARCHAR(32) NOT NULL, body TEXT NOT NULL, created_at DATETIME(3) NOT NULL)`;

type Insert = (row: [string, string, string, string, Date]) => Promise<void>;

async function mysqlInsert(url: string): Promise<Insert> {
  const pool = createPool({ uri: url, connectionLimit: 10, charset: 'utf8mb4_unicode_ci', timezone: 'Z' });
  await pool.query(`CREATE TABLE IF NOT EXISTS ${TABLE}`);
  return async (row) => { await pool.execute('INSERT INTO floor_messages (sid, phone, recipient, body, created_at) VALUES (?, ?, ?, ?, ?)', row); };
}

function sqliteInsert(file: string): Insert {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE.replace(' AUTO_INCREMENT', '').replace('DATETIME(3)', 'DATETIME')}`);
  const insert = db.prepare('INSERT INTO floor_messages (sid, phone, recipient, body, created_at) VALUES (?, ?, ?, ?, ?)');
  return async ([sid, phone, to, body, at]) => { insert.run(sid, phone, to, body, at.toISOString()); };
}

async function main(): Promise<void> {
  const insert = process.env.FLOOR_DATABASE_URL ? await mysqlInsert(process.env.FLOOR_DATABASE_URL) : sqliteInsert(process.env.FLOOR_SQLITE_FILE!);
  const app = express();
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  app.post('/webhooks/twilio', (req, res, next) => {
    const { MessageSid, From, To, Body } = req.body as Record<string, string>;
    insert([MessageSid!, From!, To!, Body!, new Date()]).then(() => { res.type('text/xml').send(EMPTY_TWIML); }, next);
  });
  app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((err) => { console.error(err); process.exit(1); });
