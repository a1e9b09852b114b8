import type { BusinessCalendar } from '../../../rules';
import type { ConversationEpisode } from '../../../server/db/entities';
import { answered, endedUnseen, handedOff, quietEnd, reopened, resolvedByPerson } from '../../../server/reports/episode-state';

// The episode's transitions as tables: facts in, the columns to write out.

const cal: BusinessCalendar = { timezone: 'Asia/Shanghai', businessHours: { 1: [['09:00', '18:00']], 2: [['09:00', '18:00']], 3: [['09:00', '18:00']], 4: [['09:00', '18:00']], 5: [['09:00', '18:00']] } };
/** Shanghai local time → instant. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const episode = (over: Partial<ConversationEpisode> = {}): ConversationEpisode => ({
  id: 1, conversationId: 7, contactId: 3, channelId: null, language: 'zh-CN', startedAt: sh('2026-11-24 10:00'), lastInboundAt: sh('2026-11-24 10:00'),
  inboundCount: 1, openFor: 7, handoffAt: null, handoffReason: null, firstResponseAt: null, firstResponseAgentId: null, firstResponseSeconds: null,
  firstResponseBusinessSeconds: null, resolvedAt: null, resolvedBy: null, resolvedAgentId: null, resolutionSeconds: null, resolutionBusinessSeconds: null,
  botResolved: false, ...over,
});
const BOT_OPEN = { status: 'open', handledBy: 'bot' } as const;

describe('the quiet rule', () => {
  test.each<[string, Partial<ConversationEpisode>, { status: 'open' | 'snoozed' | 'resolved'; handledBy: 'bot' | 'human' }, string, object | null]>([
    ['the bot alone, 24 hours quiet: bot-resolved, ended at the 24th hour', {}, BOT_OPEN, '2026-11-25 10:30',
      { openFor: null, resolvedAt: sh('2026-11-25 10:00'), resolvedBy: 'bot', botResolved: true, resolutionSeconds: null }],
    ['23 hours quiet: still open', {}, BOT_OPEN, '2026-11-25 09:00', null],
    ['a later text restarts the count', { lastInboundAt: sh('2026-11-24 20:00') }, BOT_OPEN, '2026-11-25 10:30', null],
    ['a person took part and handed back: ended "auto", not bot-resolved', { handoffAt: sh('2026-11-24 10:01'), firstResponseAt: sh('2026-11-24 10:05') }, BOT_OPEN, '2026-11-26 10:00',
      { resolvedBy: 'auto', botResolved: false }],
    ['a person handles the thread: never by the quiet rule', { handoffAt: sh('2026-11-24 10:01') }, { status: 'open', handledBy: 'human' }, '2026-12-24 10:00', null],
    ['a snoozed thread waits', {}, { status: 'snoozed', handledBy: 'bot' }, '2026-12-24 10:00', null],
    ['an ended episode stays ended', { openFor: null, resolvedBy: 'agent' }, BOT_OPEN, '2026-12-24 10:00', null],
  ])('%s', (_d, over, thread, now, expected) => {
    const patch = quietEnd(episode(over), thread, sh(now));
    if (expected === null) expect(patch).toBeNull();
    else expect(patch).toMatchObject(expected);
  });
});

describe('first response', () => {
  it('counts from the hand-off when it came after the start, in calendar and business seconds', () => {
    const ep = episode({ handoffAt: sh('2026-11-24 17:50') });
    expect(answered(ep, 4, sh('2026-11-25 09:10'), cal)).toEqual({
      firstResponseAt: sh('2026-11-25 09:10'), firstResponseAgentId: 4, firstResponseSeconds: 15 * 3600 + 20 * 60, firstResponseBusinessSeconds: 20 * 60,
    });
  });
  it('counts from the start without a hand-off (a thread a person already handled)', () => {
    expect(answered(episode(), 4, sh('2026-11-24 10:03'), cal)).toMatchObject({ firstResponseSeconds: 180, firstResponseBusinessSeconds: 180 });
  });
  it('only the first reply counts', () => {
    expect(answered(episode({ firstResponseAt: sh('2026-11-24 10:01') }), 4, sh('2026-11-24 10:03'), cal)).toBeNull();
  });
  it('only the first hand-off counts', () => {
    expect(handedOff(episode({ handoffAt: sh('2026-11-24 10:01'), handoffReason: 'rule' }), 'urgent', sh('2026-11-24 10:05'))).toEqual({});
    expect(handedOff(episode(), 'urgent', sh('2026-11-24 10:05'))).toEqual({ handoffAt: sh('2026-11-24 10:05'), handoffReason: 'urgent' });
  });
});

describe('resolution', () => {
  it('a person resolving a bot-only episode: bot-resolved, by an agent', () => {
    expect(resolvedByPerson(episode(), 2, sh('2026-11-24 11:00'), cal)).toMatchObject({ resolvedBy: 'agent', resolvedAgentId: 2, botResolved: true, resolutionSeconds: 3600, openFor: null });
  });
  it('an agent\'s reopen takes back their resolution; the quiet rule\'s end stays', () => {
    expect(reopened(episode({ openFor: null, resolvedBy: 'agent', resolvedAt: sh('2026-11-24 11:00') }), 7)).toMatchObject({ openFor: 7, resolvedAt: null, resolvedBy: null });
    expect(reopened(episode({ openFor: null, resolvedBy: 'bot', botResolved: true }), 7)).toBeNull();
  });
  it('a text to a thread marked resolved behind the episode\'s back ends it unresolved by anyone', () => {
    expect(endedUnseen(episode(), sh('2026-11-26 10:00'))).toMatchObject({ openFor: null, resolvedBy: 'auto', resolutionSeconds: null, botResolved: true });
  });
});
