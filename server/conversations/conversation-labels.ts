import type { DataSource, EntityManager } from 'typeorm';
import { Conversation, ConversationLabel } from '../db/entities';
import type { LabelCount } from '../inbox/socket-contract';

/** How many labels one conversation may carry: enough for any triage scheme, few enough to show on a row. */
export const MAX_LABELS = 20;

/**
 * A label as stored: trimmed, inner spaces collapsed, lower-case (Chatwoot's habit), so "VIP", "vip " and "vip" are
 * one label, and MariaDB's case-insensitive unique index never meets two spellings the JS thought different.
 * @example labelKey('  Follow   Up ') // → 'follow up'
 */
export const labelKey = (raw: string): string => raw.trim().replace(/\s+/g, ' ').toLowerCase();

/** The same list without repeats, first spelling first. */
export const distinctLabels = (labels: readonly string[]): string[] => [...new Set(labels.map(labelKey))];

/**
 * Sets a conversation's labels inside the caller's transaction (its row locked): the index rows first, then the
 * row's copy, which `saveState` never writes. Returns the conversation with its new labels.
 */
export async function setLabels(em: EntityManager, conv: Conversation, labels: readonly string[]): Promise<Conversation> {
  const next = distinctLabels(labels);
  const had = conv.labels ?? [];
  const gone = had.filter((l) => !next.includes(l));
  const added = next.filter((l) => !had.includes(l));
  for (const label of gone) await em.delete(ConversationLabel, { conversationId: conv.id, label });
  if (added.length) await em.insert(ConversationLabel, added.map((label) => ({ conversationId: conv.id, label })));
  await em.update(Conversation, { id: conv.id }, { labels: next.length ? next : null });
  return Object.assign(conv, { labels: next.length ? next : null });
}

/** Every label in use and on how many conversations, most used first: the filter's choices and the autocomplete. */
export async function labelsInUse(ds: DataSource): Promise<LabelCount[]> {
  const rows = await ds.manager.createQueryBuilder(ConversationLabel, 'l').select('l.label', 'label').addSelect('COUNT(*)', 'count')
    .groupBy('l.label').orderBy('count', 'DESC').addOrderBy('l.label', 'ASC').limit(500).getRawMany<{ label: string; count: string | number }>();
  return rows.map((r) => ({ label: r.label, count: Number(r.count) }));
}
