import { compileRuleset, evaluate } from '../../rules';
import type { Awaiting, BookingFacts, Decision, EvaluateInput, Facts } from '../../rules/types';
import { cloneSource, defaultRuleset, firstReplyTemplate, NOW } from './support';

/**
 * Replies to a campaign's reply menu ("回复1预约，回复2领券，回复3订阅优惠，回复0人工"), one case per behaviour. The clock is
 * support.ts's NOW (Saturday 22 Nov 2025, 10:00 in Shanghai); the campaign was sent an hour before.
 */
const CAMPAIGN = 7;
const campaignMenu: Awaiting = {
  menu: `campaign:${CAMPAIGN}`, options: ['1', '2', '3', '0'], expiresAt: '2025-11-25T02:00:00.000Z',
  campaign: {
    campaignId: CAMPAIGN,
    actions: { 1: { action: 'book' }, 2: { action: 'tag', tag: 'want100' }, 3: { action: 'opt_in' }, 0: { action: 'handoff', tag: 'asked_person' } },
  },
};
const booking: BookingFacts = {
  serviceId: 3, service: '洗牙', location: '示例口腔诊所', campaignId: CAMPAIGN,
  nextSlots: [{ startsAt: '2025-11-24T01:00:00.000Z' }, { startsAt: '2025-11-24T01:30:00.000Z' }, { startsAt: '2025-11-24T02:00:00.000Z' }],
};
const noAppointments: Facts = { upcoming: [] };

function input(text: string, over: { awaiting?: Awaiting | null; facts?: Facts; optedOut?: boolean; handledBy?: 'bot' | 'human' } = {}): EvaluateInput {
  return {
    text, now: NOW, timezone: 'Asia/Shanghai',
    contact: { optedOut: over.optedOut ?? false, tags: [], locale: 'zh-CN' },
    conversation: { handledBy: over.handledBy ?? 'bot', ...(over.awaiting === null ? {} : { awaiting: over.awaiting ?? campaignMenu }) },
    ...(over.facts ? { facts: over.facts } : {}),
  };
}

const steps = (d: Decision) => d.trace.steps.map((s) => s.outcome).join('\n');

interface Case { description: string; text: string; action: string; reply: string | null; effects: string[]; params?: Record<string, unknown> }
const cases: Case[] = [
  { description: '"2" tags the contact with the option\'s tag and thanks them', text: '2', action: 'ack', reply: 'campaign_thanks', effects: ['tag', 'clear_awaiting', 'reply'], params: { tag: 'want100' } },
  { description: 'a full-width digit is the same choice', text: '２', action: 'ack', reply: 'campaign_thanks', effects: ['tag', 'clear_awaiting', 'reply'] },
  { description: '"回复2" is the same choice', text: '回复2', action: 'ack', reply: 'campaign_thanks', effects: ['tag', 'clear_awaiting', 'reply'] },
  { description: '"2." is the same choice', text: '2.', action: 'ack', reply: 'campaign_thanks', effects: ['tag', 'clear_awaiting', 'reply'] },
  { description: '"3" is a yes to marketing with its confirmation', text: '3', action: 'opt_in', reply: 'campaign_opt_in_confirmation', effects: ['opt_in', 'clear_awaiting', 'reply'], params: { scope: 'marketing' } },
  { description: '"0" hands off with the campaign as the reason, tagging as the option says', text: '0', action: 'handoff', reply: 'handoff_ack', effects: ['tag', 'handoff', 'clear_awaiting', 'reply'], params: { reason: 'campaign' } },
  { description: '"1" without facts names a booking and leaves it to the facts', text: '1', action: 'appointment.book', reply: null, effects: ['appointment'] },
  { description: 'TD wins over the menu: an opt-out, not an option', text: 'TD', action: 'opt_out', reply: 'opt_out_confirmation', effects: ['opt_out', 'reply', 'clear_awaiting'] },
  { description: 'R wins over the menu', text: 'R', action: 'opt_out', reply: 'opt_out_confirmation', effects: ['opt_out', 'reply', 'clear_awaiting'] },
  { description: '退订 wins over the menu', text: '退订', action: 'opt_out', reply: 'opt_out_confirmation', effects: ['opt_out', 'reply', 'clear_awaiting'] },
  { description: 'STOP wins over the menu', text: 'STOP', action: 'opt_out', reply: 'opt_out_confirmation', effects: ['opt_out', 'reply', 'clear_awaiting'] },
];

describe('a reply to a campaign menu', () => {
  test.each(cases.map((c) => [c.description, c] as const))('%s', (_d, c) => {
    const d = evaluate(defaultRuleset(), input(c.text));
    if (d.action !== c.action) throw new Error(`expected ${c.action}, got ${d.action}\n${steps(d)}`);
    expect(firstReplyTemplate(d)).toBe(c.reply);
    expect(d.effects.map((e) => e.type)).toEqual(c.effects);
    if (c.params) expect(d.params).toMatchObject(c.params);
    expect(d.campaignId).toBe(CAMPAIGN);
  });

  test('the tag effect carries the option\'s tag and the opt-in its campaign as proof', () => {
    expect(evaluate(defaultRuleset(), input('2')).effects[0]).toEqual({ type: 'tag', add: ['want100'] });
    expect(evaluate(defaultRuleset(), input('3')).effects[0]).toEqual({ type: 'opt_in', scope: 'marketing', campaignId: CAMPAIGN });
  });

  test('anything not an option goes through the usual stages and still names the campaign', () => {
    const d = evaluate(defaultRuleset(), input('你们地址在哪里'));
    expect(d.trace.stage).not.toBe('awaiting-reply');
    expect(d.campaignId).toBe(CAMPAIGN);
    expect(steps(d)).toContain(`campaign ${CAMPAIGN}: not one of its options`);
  });

  test('an expired campaign menu is not answered and names no campaign', () => {
    const d = evaluate(defaultRuleset(), input('2', { awaiting: { ...campaignMenu, expiresAt: '2025-11-22T01:00:00.000Z' } }));
    expect(d.action).not.toBe('ack');
    expect(d.campaignId).toBeUndefined();
  });

  test('a key that was not offered is not taken even when the campaign maps it', () => {
    const d = evaluate(defaultRuleset(), input('2', { awaiting: { ...campaignMenu, options: ['1', '0'] } }));
    expect(d.effects.some((e) => e.type === 'tag')).toBe(false);
  });

  test('a word key is answered as it was offered ("WANT100")', () => {
    const awaiting: Awaiting = { ...campaignMenu, options: ['WANT100'], campaign: { campaignId: CAMPAIGN, actions: { WANT100: { action: 'tag', tag: 'want100' } } } };
    const d = evaluate(defaultRuleset(), input('want100', { awaiting }));
    expect(d.effects[0]).toEqual({ type: 'tag', add: ['want100'] });
  });
});

describe('booking from a campaign menu', () => {
  test('"1" offers the next free times for the service, lettered, bound to a booking offer', () => {
    const d = evaluate(defaultRuleset(), input('1', { facts: { ...noAppointments, booking } }));
    expect(d.action).toBe('appointment.book');
    expect(d.outcome).toEqual({ kind: 'booking_offer', serviceId: 3, slots: booking.nextSlots.map((s, i) => ({ option: 'ABC'[i], startsAt: s.startsAt })) });
    expect(firstReplyTemplate(d)).toBe('booking_offer');
    const bound = d.effects.find((e) => e.type === 'await_reply');
    expect(bound).toMatchObject({ awaiting: { menu: 'booking_offer', options: ['A', 'B', 'C', '0'] }, context: { serviceId: 3, campaignId: CAMPAIGN, slots: { B: booking.nextSlots[1].startsAt } } });
  });

  test('"1" with no free time hands off', () => {
    const d = evaluate(defaultRuleset(), input('1', { facts: { ...noAppointments, booking: { ...booking, nextSlots: [] } } }));
    expect(d.outcome).toEqual({ kind: 'needs_person', reason: 'no_match' });
    expect(d.effects.map((e) => e.type)).toContain('handoff');
  });

  const offerMenu: Awaiting = { menu: 'booking_offer', options: ['A', 'B', 'C', '0'], expiresAt: '2025-11-23T02:00:00.000Z' };
  const offered = booking.nextSlots.map((s, i) => ({ option: 'ABC'[i], startsAt: s.startsAt, free: true, nearest: [] }));

  test('"B" answering the offer books that time, even when the contact has another visit coming', () => {
    const upcoming = [{ id: 9, startsAt: '2025-11-30T02:00:00.000Z', endsAt: '2025-11-30T02:30:00.000Z', service: '补牙', location: '示例口腔诊所', status: 'booked', commands: ['confirm', 'reschedule', 'cancel'] }];
    const d = evaluate(defaultRuleset(), input('B', { awaiting: offerMenu, facts: { upcoming, booking: { ...booking, offered } } }));
    expect(d.action).toBe('slot.choose');
    expect(d.outcome).toEqual({ kind: 'booked_new', serviceId: 3, slot: offered[1].startsAt });
    expect(d.effects[0]).toEqual({ type: 'appointment', op: 'book', serviceId: 3, startsAt: offered[1].startsAt });
    expect(firstReplyTemplate(d)).toBe('appointment_booked');
    expect(d.campaignId).toBe(CAMPAIGN);
  });

  test('"B" taken meanwhile offers the times nearest to it instead', () => {
    const nearest = [{ startsAt: '2025-11-24T03:00:00.000Z' }];
    const taken = offered.map((o) => (o.option === 'B' ? { ...o, free: false, nearest } : o));
    const d = evaluate(defaultRuleset(), input('B', { awaiting: offerMenu, facts: { upcoming: [], booking: { ...booking, offered: taken } } }));
    expect(d.outcome).toEqual({ kind: 'booking_offer', serviceId: 3, slots: [{ option: 'A', startsAt: nearest[0].startsAt }] });
  });

  test('TD answering the offer is an opt-out, not a booking', () => {
    const d = evaluate(defaultRuleset(), input('TD', { awaiting: offerMenu, facts: { upcoming: [], booking: { ...booking, offered } } }));
    expect(d.action).toBe('opt_out');
    expect(d.effects.some((e) => e.type === 'appointment')).toBe(false);
  });
});

describe('keyword rules that tag', () => {
  test('a rule "WANT100 → tag want100" tags the contact and answers as its action says', () => {
    const source = cloneSource();
    source.rules.push({ id: '900', name: 'WANT100', enabled: true, priority: 0, match: { kind: 'exact', patterns: ['WANT100'] }, action: 'ack', addTags: ['want100'], reply: '收到，优惠券稍后发送。' });
    const d = evaluate(compileRuleset(source), input('want100', { awaiting: null }));
    expect(d.ruleId).toBe('900');
    expect(d.effects).toEqual([{ type: 'tag', add: ['want100'] }, { type: 'reply_text', ruleId: '900', text: '收到，优惠券稍后发送。' }]);
  });

  test('an empty tag is refused when the rule is saved', () => {
    const source = cloneSource();
    source.rules.push({ id: '901', name: 'bad', enabled: true, priority: 0, match: { kind: 'exact', patterns: ['X1'] }, action: 'ack', addTags: [' '] });
    expect(() => compileRuleset(source)).toThrow(/tag/);
  });
});
