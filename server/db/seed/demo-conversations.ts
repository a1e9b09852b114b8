import { insertRows } from '../bulk-insert';
import { Contact } from '../entities';
import { FAQS, HANDOFFS, THANKS } from './demo-people';
import { between, chance, isZh, localAt, pick, plusMinutes, templateText, weekdayOf, whenText, type DemoWorld } from './demo-world';

/**
 * The clinic's everyday texts of the past month: questions the bot answers alone (the quiet rule then ends them,
 * bot-resolved), and hand-offs — pain, "人工", prices — answered by the demo agents, quickly in business hours
 * (Monday to Saturday 9:00–12:00 and 13:00–18:00), the next morning or by someone on duty otherwise, then resolved.
 */

type Person = DemoWorld['people'][number];

/** The next minute the clinic is open at or after `minute` of the local day `daysAgo` days back: [daysAgo, minute]. */
function nextOpening(w: DemoWorld, daysAgo: number, minute: number): [number, number] {
  for (let d = daysAgo, m = minute; ; d--, m = 0) {
    if (weekdayOf(w, d) !== 0) {
      if (m < 9 * 60) return [d, 9 * 60];
      if (m < 12 * 60) return [d, m];
      if (m < 13 * 60) return [d, 13 * 60];
      if (m < 18 * 60) return [d, m];
    }
  }
}

const isOpen = (w: DemoWorld, daysAgo: number, minute: number) => {
  const [d, m] = nextOpening(w, daysAgo, minute);
  return d === daysAgo && m === minute;
};

export function seedDemoConversations(w: DemoWorld, people: Person[]): void {
  for (let daysAgo = 30; daysAgo >= 0; daysAgo--) {
    const sunday = weekdayOf(w, daysAgo) === 0;
    for (let i = between(w, 1, sunday ? 1 : 2); i > 0; i--) faq(w, pick(w, people), daysAgo);
    for (let i = between(w, sunday ? 0 : 1, sunday ? 1 : 3); i > 0; i--) handOff(w, pick(w, people), daysAgo);
  }
}

function faq(w: DemoWorld, person: Person, daysAgo: number): void {
  const at = localAt(w, daysAgo, between(w, 8 * 60, 22 * 60));
  if (!w.timeline.past(at)) return;
  const q = pick(w, FAQS);
  w.timeline.text(person.thread, at, isZh(person) ? q.zh : q.en);
  w.timeline.send(person.thread, at, templateText(w, q.template, person.locale, {}), { origin: 'bot', templateKey: q.template });
}

function handOff(w: DemoWorld, person: Person, daysAgo: number): void {
  const { timeline } = w;
  const t = person.thread;
  const zh = isZh(person);
  // Most arrive in opening hours; some in the evening or early morning.
  const minute = chance(w, 0.7) ? between(w, 9 * 60 + 10, 17 * 60 + 40) : pick(w, [between(w, 7 * 60, 8 * 60 + 50), between(w, 18 * 60 + 10, 22 * 60 + 30)]);
  const at = localAt(w, daysAgo, minute);
  const open = isOpen(w, daysAgo, minute);
  // Out of hours, someone on duty sometimes answers anyway; otherwise the morning shift does.
  const onDuty = !open && chance(w, 0.25);
  const [replyDay, replyMinute] = open || onDuty ? [daysAgo, minute] : nextOpening(w, daysAgo, minute);
  const replyAt = plusMinutes(localAt(w, replyDay, replyMinute), open || onDuty ? between(w, 2, 40) : between(w, 4, 30));
  const thanksAt = chance(w, 0.6) ? plusMinutes(replyAt, between(w, 2, 25)) : null;
  const resolvedAt = plusMinutes(thanksAt ?? replyAt, between(w, 5, 45));
  if (!timeline.past(resolvedAt)) return;

  const h = pick(w, HANDOFFS);
  const agent = zh ? pick(w, w.agents.zh) : w.agents.en;
  timeline.text(t, at, zh ? h.zh : h.en);
  timeline.line(t, at, 'handed_off', 'bot', null, { reason: h.reason });
  const ack = open ? 'handoff_ack' : 'handoff_ack_closed';
  timeline.send(t, at, templateText(w, ack, person.locale, { reopensAt: whenText(w, localAt(w, ...nextOpening(w, daysAgo, minute)), person.locale) }), { origin: 'bot', templateKey: ack });
  timeline.send(t, replyAt, zh ? h.answerZh : h.answerEn, { origin: 'agent', agentId: agent });
  if (thanksAt) timeline.text(t, thanksAt, pick(w, zh ? THANKS.zh : THANKS.en));
  timeline.line(t, resolvedAt, 'resolved', 'agent', agent);
}

/**
 * Two people who stopped the texts: one by 退订 on a quiet evening, one the day after the campaign (demo-campaign.ts
 * sends `campaignOptOut` its text): the consent event, the contact's refusal and the confirmation the bot sends.
 */
export async function seedDemoOptOuts(w: DemoWorld, optOuts: Array<{ person: Person; at: Date; word: string }>): Promise<void> {
  const rows = [];
  for (const { person, at, word } of optOuts) {
    w.timeline.text(person.thread, at, word);
    w.timeline.send(person.thread, at, templateText(w, 'opt_out_confirmation', person.locale, {}), { origin: 'bot', templateKey: 'opt_out_confirmation', compliance: true });
    rows.push({ contact_id: person.thread.contactId, kind: 'opt_out', scope: 'all', source: 'sms', message_id: null, cause_message_id: null, detail: word, phone_hash: null, created_at: at });
    await w.em.update(Contact, { id: person.thread.contactId }, { optedOut: true, optedOutAt: at });
  }
  await insertRows(w.em, 'consent_events', rows);
}
