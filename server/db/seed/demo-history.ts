import type { DataSource, EntityManager } from 'typeorm';
import { rebuildEpisodes } from '../../reports/episode-rebuild';
import { rebuildRollups } from '../../reports/rollup-rebuild';
import { Contact, Conversation, type Location, type Service } from '../entities';
import { insertStamped } from '../insert-stamped';
import { seedDemoCampaign } from './demo-campaign';
import { seedDemoConversations, seedDemoOptOuts } from './demo-conversations';
import { DEMO_PEOPLE } from './demo-people';
import { DemoTimeline, type Thread } from './demo-timeline';
import { seedDemoVisits } from './demo-visits';
import { localAt, seeded, type DemoWorld } from './demo-world';

/**
 * 示例口腔诊所's last 30 days, so a new user's /reports has something to show: a few hundred texts in Chinese and
 * English — reminders with their receipts, confirmations, moves and cancellations by text, hand-offs answered by the
 * demo agents, satisfaction scores, two opt-outs and a finished campaign — dated back from the seed's clock, so the
 * month always ends today.
 *
 * Written as rows in the seed's transaction (seedDemoHistory), from which the reports' own rebuilds make the roll-ups
 * and the episodes right after it (buildDemoReports): the same code that rebuilds a live clinic's figures, applying
 * the live writers' definitions, so every report agrees with every other. Only the demo seed of a fresh database
 * calls it, once.
 */

export interface DemoHistory { from: Date; conversationIds: number[]; messages: number }

export interface DemoClinic {
  agents: { zh: number[]; en: number };
  location: Location;
  services: Map<string, Service>;
  businessName: string;
  provider: string;
  publicUrl: string;
}

const DAYS = 30;

export async function seedDemoHistory(em: EntityManager, now: Date, timezone: string, clinic: DemoClinic): Promise<DemoHistory> {
  const timeline = new DemoTimeline(clinic.provider, now);
  const w: DemoWorld = { em, timezone, now, timeline, people: [], agents: clinic.agents, location: clinic.location, services: clinic.services, businessName: clinic.businessName, random: seeded(20261204) };
  const since = localAt(w, DAYS + 10, 9 * 60);
  for (const p of DEMO_PEOPLE) {
    const contact = await insertStamped(em, Contact, {
      phone: p.phone, name: p.name, locale: p.locale, timezone, tags: ['demo'], optedOut: false, optedOutAt: null,
      marketingOptedOut: false, marketingConsentAt: since, attributes: null,
    }, since);
    const conversation = await insertStamped(em, Conversation, {
      contactId: contact.id, status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, awaiting: null, awaitingContext: null,
      snoozedUntil: null, lastMessageAt: null, waitingSince: null, unread: 0, priority: null, labels: null, channelId: null,
    }, since);
    const thread: Thread = { conversation, contactId: contact.id, state: { ...conversation } };
    w.people.push({ ...p, thread });
  }
  // Two people stop the texts and take no other part in the month: one (a Hong Kong patient) on a quiet
  // evening, one the day after the campaign, which the Chinese-speaking patients get.
  const quitter = w.people.find((p) => p.locale === 'zh-HK')!;
  const audience = w.people.filter((p) => p.locale === 'zh-CN').slice(0, 24);
  const campaign = await seedDemoCampaign(w, audience, clinic.publicUrl);
  const unsubscriber = audience[3]!;
  await seedDemoOptOuts(w, [
    { person: quitter, at: localAt(w, 19, 20 * 60 + 41), word: '退订' },
    { person: unsubscriber, at: campaign.optOutAt, word: 'TD' },
  ]);
  const regulars = w.people.filter((p) => p !== quitter && p !== unsubscriber);
  await seedDemoVisits(w, regulars);
  seedDemoConversations(w, regulars);
  const { messages } = await timeline.write(em, w.people.map((p) => p.thread));
  return { from: localAt(w, DAYS + 1, 0), conversationIds: w.people.map((p) => p.thread.conversation.id), messages };
}

/**
 * The history's roll-ups and episodes, right after the seed's transaction commits: the roll-up rebuild over its days
 * (one transaction a day) and the episode rebuild of its conversations (one each).
 */
export async function buildDemoReports(ds: DataSource, history: DemoHistory, now: Date): Promise<void> {
  await rebuildRollups(ds, {}, { from: history.from, to: new Date(now.getTime() + 86_400_000) });
  await rebuildEpisodes(ds, now, undefined, { conversationIds: history.conversationIds });
}
