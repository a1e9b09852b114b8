import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The entity instance `em.create` would make, without its per-column copy: TypeORM's generic transformer walks
 * relations and embeddings these plain rows do not have, and allocated more than any other step of a text's episode
 * row (bench:webhook's allocation profile). Every row a text writes on the inbound path is made here.
 */
export function newEntity<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, values: Partial<T>): T {
  return Object.assign(em.connection.getMetadata(target).create(em.queryRunner) as T, values);
}
