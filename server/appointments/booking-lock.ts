import type { EntityManager } from 'typeorm';
import { Location } from '../db/entities';
import { holdInGroup } from '../db/group-commit';

/**
 * Serialises bookings at one location until the caller's transaction ends. Bumping a counter on the location row is a
 * write, so MariaDB holds that row's exclusive lock and SQLite its single write lock: a second booking for the same
 * location waits here, then re-checks capacity and sees the first one. Two customers racing for the last slot → one
 * wins, one is told it is gone. (A row lock rather than SELECT … FOR UPDATE: one statement, right on both dialects.)
 * Call it before reading availability.
 */
export async function lockLocation(em: EntityManager, locationId: number | null): Promise<void> {
  if (locationId === null) return;   // no locations configured: SQLite-only demo setups, single writer anyway
  // Texts committed together share one transaction, which the row lock does not divide (db/group-commit.ts).
  await holdInGroup(em, `location:${locationId}`);
  await em.createQueryBuilder().update(Location).set({ bookingSeq: () => 'booking_seq + 1' }).where('id = :id', { id: locationId }).execute();
}
