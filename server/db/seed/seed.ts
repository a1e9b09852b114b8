import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_TEMPLATES, type Period, type WeeklyPeriods } from '../../../rules';
import { BOT_SETTINGS_KEY, bumpRulesetVersion, RULESET_VERSION_KEY } from '../../admin/ruleset-source';
import { hashPassword } from '../../auth/passwords';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { recordChange, SYSTEM } from '../../appointments/appointment-history';
import { newFeedToken } from '../../appointments/feed-token';
import { planAppointmentJobs } from '../../appointments/reminder-schedule';
import { Agent, Appointment, Contact, Conversation, IntentPhraseRow, Location, RuleRow, Service, SettingRow, StaffMember, TemplateRow } from '../entities';
import { SETUP_COMPLETED_KEY } from '../../setup/setup-state';
import { inTransaction, isUniqueViolation } from '../transaction';
import { defaultRulesetSource } from './rules-defaults';
import { seedDemoCannedReplies } from './demo-canned-replies';
import { atLocalMinute } from '../../appointments/zoned-time';
import { buildDemoReports, seedDemoHistory, type DemoHistory } from './demo-history';
import { DEMO_AGENT_PASSWORD } from './demo-password';

/** The bot cannot answer without templates and settings: an empty database gets the defaults, demo or not. */
async function seedConfiguration(em: EntityManager, timezone: string): Promise<boolean> {
  if (await em.findOneBy(SettingRow, { key: BOT_SETTINGS_KEY })) return false;
  const src = defaultRulesetSource;
  await em.save(SettingRow, [
    { key: BOT_SETTINGS_KEY, value: { ...src.settings, timezone } },
    { key: RULESET_VERSION_KEY, value: '1' },
  ]);
  await em.save(TemplateRow, src.templates.map((t) => em.create(TemplateRow, { key: t.key, bodies: t.bodies, menu: t.menu ?? null, menuTtlMinutes: t.menuTtlMinutes ?? null })));
  await em.save(RuleRow, src.rules.map((r) => em.create(RuleRow, {
    name: r.name, enabled: r.enabled, priority: r.priority, matchKind: r.match.kind, patterns: r.match.patterns,
    conditions: r.conditions ?? null, action: r.action, reply: r.reply ?? null, replyTemplate: r.replyTemplate ?? null, addTags: r.addTags ?? null,
  })));
  await em.save(IntentPhraseRow, src.intentPhrases.map((p) => em.create(IntentPhraseRow, { intent: p.intent, text: p.text, heldOut: p.heldOut ?? false })));
  return true;
}

/**
 * A database configured before a release added system templates (cancel_or_stop, urgent_ack, greeting, …) lacks
 * them, and a ruleset without one does not compile: start-up adds the shipped defaults as rows, so they can be
 * edited (and not deleted) like the rest. Nodes starting together may race; the loser finds the rows there.
 */
async function addMissingSystemTemplates(ds: DataSource): Promise<void> {
  try {
    await inTransaction(ds, async (em) => {
      const have = new Set((await em.find(TemplateRow, { select: { key: true } })).map((t) => t.key));
      const missing = defaultRulesetSource.templates.filter((t) => Object.hasOwn(SYSTEM_TEMPLATES, t.key) && !have.has(t.key));
      if (missing.length === 0) return;
      await em.save(TemplateRow, missing.map((t) => em.create(TemplateRow, { key: t.key, bodies: t.bodies, menu: t.menu ?? null, menuTtlMinutes: t.menuTtlMinutes ?? null })));
      await bumpRulesetVersion(em);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

export { DEMO_AGENT_PASSWORD };

const DEMO_CONTACTS = [
  { phone: '+8613800138000', name: '张伟', locale: 'zh-CN', service: '洗牙', inDays: 1, hour: 10 },
  { phone: '+8613900139000', name: '李娜', locale: 'zh-CN', service: '补牙', inDays: 2, hour: 15 },
  { phone: '+85291234567', name: '陳美玲', locale: 'zh-HK', service: '牙齿检查', inDays: 3, hour: 11 },
  { phone: '+14155550100', name: 'Alex Chen', locale: 'en', service: 'Dental cleaning', inDays: 1, hour: 16 },
];

const DEMO_SERVICES = [
  { name: '洗牙', durationMin: 30 }, { name: '补牙', durationMin: 60 }, { name: '牙齿检查', durationMin: 30 }, { name: 'Dental cleaning', durationMin: 30 },
];

const workday: Period[] = [['09:00', '12:00'], ['13:00', '18:00']];
const DEMO_WEEK: WeeklyPeriods = { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: workday, sun: [] };

/** The clinic's diary: two chairs, Monday to Saturday 9–18 with a lunch break, two dentists with calendar feeds. */
async function seedDiary(em: EntityManager, timezone: string): Promise<{ location: Location; services: Map<string, Service> }> {
  const location = await em.save(em.create(Location, {
    name: '示例口腔诊所', timezone, weeklyHours: DEMO_WEEK, closedDates: [], slotMinutes: 30, capacity: 2, bookingSeq: 0, feedToken: newFeedToken(),
  }));
  const services = await em.save(DEMO_SERVICES.map((s) => em.create(Service, { ...s, locationId: location.id, active: true })));
  await em.save(['李医生', '陈医生'].map((name) => em.create(StaffMember, { name, locationId: location.id, active: true, feedToken: newFeedToken() })));
  return { location, services: new Map(services.map((s) => [s.name, s])) };
}

/** What the demo's past month needs beside the clinic: where its texts "went", and the base of its short links. */
export interface DemoHistoryOptions { provider: string; publicUrl: string }

/**
 * 示例口腔诊所: agents, a diary, contacts with conversations and upcoming appointments, so the simulator has someone to
 * be; and, asked for, its last 30 days (demo-history.ts), returned so the caller builds their reports after commit.
 */
async function seedDemo(em: EntityManager, clock: Clock, timezone: string, history: DemoHistoryOptions | null): Promise<DemoHistory | null> {
  const hash = await hashPassword(DEMO_AGENT_PASSWORD);
  const [wang, liu, sam] = await em.save(Agent, [
    em.create(Agent, { email: 'wang@clinic.example', name: '王芳', passwordHash: hash, role: 'agent', locale: 'zh-CN', active: true }),
    em.create(Agent, { email: 'liu@clinic.example', name: '刘洋', passwordHash: hash, role: 'agent', locale: 'zh-CN', active: true }),
    em.create(Agent, { email: 'sam@clinic.example', name: 'Sam Lee', passwordHash: hash, role: 'agent', locale: 'en', active: true }),
  ]);
  const { location, services } = await seedDiary(em, timezone);
  await seedDemoCannedReplies(em);
  const now = clock.now();
  const settings = { ...defaultRulesetSource.settings, timezone };
  // The demo clinic is a business already set up: its admin never sees the first-run setup.
  await em.save(SettingRow, { key: SETUP_COMPLETED_KEY, value: now.toISOString() });
  for (const c of DEMO_CONTACTS) {
    const contact = await em.save(em.create(Contact, { phone: c.phone, name: c.name, locale: c.locale, timezone, tags: ['demo'], optedOut: false, optedOutAt: null }));
    await em.save(em.create(Conversation, {
      contactId: contact.id, status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, awaiting: null, awaitingContext: null,
      snoozedUntil: null, lastMessageAt: null, waitingSince: null, unread: 0,
    }));
    // Whole local hours on a local day ahead, so the demo looks right in any zone. (The old arithmetic wrapped past
    // midnight UTC: Alex Chen's "tomorrow 16:00" in Shanghai landed a day later.)
    const startsAt = atLocalMinute(now, c.inDays, c.hour * 60, timezone);
    const service = services.get(c.service)!;
    const appt = await em.save(em.create(Appointment, {
      contactId: contact.id, serviceId: service.id, locationId: location.id, staffId: null, service: c.service, location: location.name,
      startsAt, endsAt: new Date(startsAt.getTime() + service.durationMin * 60_000), status: 'booked', source: 'api', csatScore: null,
    }));
    await recordChange(em, appt, 'booked', SYSTEM, now);
    await planAppointmentJobs(em, appt, settings, now);
  }
  if (!history) return null;
  return seedDemoHistory(em, now, timezone, {
    agents: { zh: [wang!.id, liu!.id], en: sam!.id }, location, services, businessName: settings.businessName, ...history,
  });
}

/** The first admin: from ADMIN_EMAIL/ADMIN_PASSWORD, or a random password printed once. */
async function ensureAdmin(em: EntityManager, email: string, password: string | undefined, log: Logger): Promise<void> {
  if (await em.findOneBy(Agent, { role: 'admin' })) return;
  const chosen = password ?? randomBytes(9).toString('base64url');
  await em.save(em.create(Agent, { email: email.toLowerCase(), name: 'Admin', passwordHash: await hashPassword(chosen), role: 'admin', locale: 'zh-CN', active: true }));
  if (!password) {
    // Printed to stdout, not the log: it must be seen once and must not end up in a log store.
    process.stdout.write(`\n  First admin created: ${email} / ${chosen}\n  (shown this once; set ADMIN_PASSWORD to choose it yourself)\n`);
  }
  log.info({ email }, 'first admin created');
}

/**
 * `demoHistory`: with `demo`, the demo clinic's past month too (demo-history.ts). Only a fresh database is seeded, so a
 * database with anything in it never gets the demo, nor its history twice.
 */
export async function seedDatabase(ds: DataSource, opts: {
  demo: boolean; demoHistory?: DemoHistoryOptions | null; timezone: string; adminEmail: string; adminPassword?: string; clock: Clock; log: Logger;
}): Promise<void> {
  const history = await inTransaction(ds, async (em) => {
    const fresh = await seedConfiguration(em, opts.timezone);
    const seeded = fresh && opts.demo ? await seedDemo(em, opts.clock, opts.timezone, opts.demoHistory ?? null) : null;
    await ensureAdmin(em, opts.adminEmail, opts.adminPassword, opts.log);
    return seeded;
  });
  if (history) {
    const started = performance.now();
    await buildDemoReports(ds, history, opts.clock.now());
    opts.log.info({ messages: history.messages, ms: Math.round(performance.now() - started) }, 'demo history seeded');
  }
  await addMissingSystemTemplates(ds);
}
