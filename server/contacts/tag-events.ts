import type { EntityManager } from 'typeorm';
import { insertRows } from '../db/bulk-insert';

/**
 * Records the tags a contact just got (in `after`, not in `before`), in the writer's transaction, so a campaign
 * triggered by a tag finds who was tagged after it started with one indexed query (trigger-campaigns.ts).
 */
export async function recordTagsAdded(em: EntityManager, contactId: number, before: readonly string[], after: readonly string[], now: Date): Promise<void> {
  await recordTagsAddedMany(em, [{ contactId, before, after }], now);
}

export interface TagChange { contactId: number; before: readonly string[]; after: readonly string[] }

/** The same for many contacts at once (a CSV import's batch): one multi-row INSERT. */
export async function recordTagsAddedMany(em: EntityManager, changes: readonly TagChange[], now: Date): Promise<void> {
  const rows = changes.flatMap(({ contactId, before, after }) => {
    const had = new Set(before);
    return [...new Set(after)].filter((t) => !had.has(t)).map((tag) => ({ contact_id: contactId, tag: tag.slice(0, 50), created_at: now }));
  });
  // In slices, so a large import stays under the databases' limits on bound parameters.
  for (let i = 0; i < rows.length; i += 1000) await insertRows(em, 'contact_tag_events', rows.slice(i, i + 1000));
}
