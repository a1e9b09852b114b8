import { Table, TableIndex, type QueryRunner, type TableColumnOptions } from 'typeorm';

// Small vocabulary for hand-written migrations: each helper yields a column that means the same on SQLite and MariaDB.
export const id = (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
export const int = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', ...extra });
export const varchar = (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions =>
  ({ name, type: 'varchar', length: String(length), ...extra });
export const text = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'text', ...extra });
export const bool = (name: string, dflt: boolean): TableColumnOptions => ({ name, type: 'boolean', default: dflt ? 1 : 0 });
export const timestamp = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions =>
  ({ name, type: 'datetime', precision: 3, ...extra });
export const createdAt = (): TableColumnOptions => timestamp('created_at', { default: nowDefault });
export const updatedAt = (): TableColumnOptions => timestamp('updated_at', { default: nowDefault });
const nowDefault = 'CURRENT_TIMESTAMP(3)';

const isMysql = (qr: QueryRunner) => ['mysql', 'mariadb'].includes(qr.connection.options.type);

/**
 * Creates a table; on MySQL/MariaDB also makes it utf8mb4 so emoji and rare CJK characters round-trip. `withoutRowid`
 * (SQLite): a table keyed by its composite primary key is stored in that key's order, as InnoDB stores every table.
 */
export async function createTable(qr: QueryRunner, name: string, columns: TableColumnOptions[], indices: TableIndex[] = [], options: { withoutRowid?: boolean } = {}): Promise<void> {
  const mysql = isMysql(qr);
  const portable = columns.map((c) => (c.default === nowDefault && !mysql ? { ...c, default: "(strftime('%Y-%m-%d %H:%M:%f','now'))" } : c));
  await qr.createTable(new Table({ name, columns: portable, indices, withoutRowid: !mysql && options.withoutRowid }), true);
  if (mysql) await qr.query(`ALTER TABLE \`${name}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
}

export const index = (name: string, columnNames: string[], isUnique = false) => new TableIndex({ name, columnNames, isUnique });
