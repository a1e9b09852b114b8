import type { EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';

type Column = EntityMetadata['columns'][number];
type Kind = 'insert' | 'update';
const statements = new WeakMap<EntityMetadata, Record<Kind, Map<number, string>>>();

/**
 * A hand-written statement for one entity, one kind (INSERT, UPDATE) and one set of columns (`columnsKey`, from
 * givenColumns), built on first use and kept for the process: a handful per entity, so the hot path never builds SQL
 * twice.
 */
export function cachedStatement(metadata: EntityMetadata, kind: Kind, columnsKey: number, build: () => string): string {
  let byKind = statements.get(metadata);
  if (!byKind) statements.set(metadata, byKind = { insert: new Map(), update: new Map() });
  const byKey = byKind[kind];
  let sql = byKey.get(columnsKey);
  if (sql === undefined) byKey.set(columnsKey, sql = build());
  return sql;
}

/**
 * An entity's columns a statement may write (generated and virtual ones never), each with the property it is read
 * from directly when it is a plain column (no embedding, no relation), as TypeORM's getEntityValue would read it.
 */
interface Writable { column: Column; property: string | null }
const writables = new WeakMap<EntityMetadata, Writable[]>();

/** A set of columns is named by one bit per column in a number, exact up to 2^53: a string key cost every row ~100 bytes of garbage. */
const MAX_KEYED_COLUMNS = 53;

function writableColumns(metadata: EntityMetadata): Writable[] {
  let list = writables.get(metadata);
  if (!list) {
    list = metadata.columns.filter((c) => !c.isGenerated && !c.isVirtual).map((column) => ({
      column, property: column.embeddedMetadata || column.relationMetadata || column.referencedColumn ? null : column.propertyName,
    }));
    if (list.length > MAX_KEYED_COLUMNS) throw new Error(`${metadata.tableName} has more than ${MAX_KEYED_COLUMNS} columns: givenColumns cannot key its statements`);
    writables.set(metadata, list);
  }
  return list;
}

/**
 * The columns `values` gives (undefined: not given; generated and virtual ones never), their values as the driver
 * stores them, through the column transformers and `preparePersistentValue` as TypeORM's own INSERT and UPDATE pass
 * them, and a key naming that set of columns for cachedStatement. Every text's rows pass through here: the columns
 * are listed once per entity and plain ones read directly (TypeORM's generic getEntityValue and a key joined from
 * column names were 3% of a webhook's CPU in bench:webhook's profile).
 */
export function givenColumns(em: EntityManager, metadata: EntityMetadata, values: ObjectLiteral): { columns: Column[]; params: unknown[]; key: number } {
  const { driver } = em.connection;
  const columns: Column[] = [];
  const params: unknown[] = [];
  let key = 0;
  const list = writableColumns(metadata);
  for (let i = 0; i < list.length; i += 1) {
    const { column, property } = list[i]!;
    const raw: unknown = property === null ? column.getEntityValue(values) : values[property];
    if (raw === undefined) continue;
    columns.push(column);
    params.push(driver.preparePersistentValue(property === null || column.transformer ? column.getEntityValue(values, true) : raw, column));
    key += 2 ** i;
  }
  return { columns, params, key };
}
