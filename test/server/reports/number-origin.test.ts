import { carrierOf, regionOf } from '../../../server/reports/number-origin';
import { latencyBucket, sendOf, responseSendOf } from '../../../server/reports/rollup-keys';
import { percentileBound } from '../../../server/reports/delivery-report';
import { offsetStretches } from '../../../server/reports/rollup-read';

describe('where a number goes', () => {
  test.each([
    ['+8613800138000', 'cmcc', 'China Mobile 138'],
    ['+8613480001234', 'cmcc', 'China Mobile 1348'],
    ['+8613491234567', 'ctcc', 'China Telecom satellite 1349 inside Mobile\'s 134'],
    ['+8613012345678', 'cucc', 'China Unicom 130'],
    ['+8616612345678', 'cucc', 'China Unicom 166'],
    ['+8618912345678', 'ctcc', 'China Telecom 189'],
    ['+8619912345678', 'ctcc', 'China Telecom 199'],
    ['+8619212345678', 'cbn', 'China Broadnet 192'],
    ['+8617012345678', 'mvno', 'virtual operator 170'],
    ['+8617112345678', 'mvno', 'virtual operator 171'],
    ['+8616212345678', 'mvno', 'virtual operator 162'],
    ['+8616512345678', 'mvno', 'virtual operator 165'],
    ['+8616712345678', 'mvno', 'virtual operator 167'],
    ['+861012345678', 'cn_other', 'a Beijing landline'],
    ['+8612012345678', 'cn_other', 'an unassigned mobile range'],
    ['+85291234567', '', 'Hong Kong is not mainland'],
  ])('%s is %s (%s)', (phone, carrier) => expect(carrierOf(phone)).toBe(carrier));

  test.each([
    ['+8613800138000', 'CN'], ['+14155550100', 'US/CA'], ['+16135550100', 'US/CA'], ['+85291234567', 'HK'], ['+85362345678', 'MO'],
    ['+886912345678', 'TW'], ['+447700900123', 'GB'], ['+79161234567', 'RU'], ['+6591234567', 'SG'], ['+999123', '?'], ['13800138000', '?'],
  ])('%s is in %s', (phone, region) => expect(regionOf(phone)).toBe(region));
});

describe('what a text belongs to', () => {
  test.each([
    [{ campaignId: 7, templateKey: 'campaign:7', origin: 'system' as const }, 'campaign:7'],
    [{ campaignId: null, templateKey: 'appointment_reminder', origin: 'system' as const }, 'template:appointment_reminder'],
    [{ campaignId: null, templateKey: 'campaign:7', origin: 'system' as const }, 'system'],   // a test send is the admin's own text
    [{ campaignId: null, templateKey: null, origin: 'agent' as const }, 'agent'],
  ])('%j → %s', (m, send) => expect(sendOf(m)).toBe(send));
});

describe('what a text is for the response rate per send', () => {
  test.each([
    [{ campaignId: 7, templateKey: 'campaign:7', origin: 'system' as const }, 'campaign:7'],
    [{ campaignId: null, templateKey: 'appointment_confirmed', origin: 'system' as const }, 'template:appointment_confirmed'],
    [{ campaignId: null, templateKey: 'appointment_confirmed', origin: 'bot' as const }, null],   // the bot's answer is a reply, not a send
    [{ campaignId: null, templateKey: 'campaign:7', origin: 'system' as const }, null],
    [{ campaignId: null, templateKey: null, origin: 'agent' as const }, null],
  ])('%j → %s', (m, send) => expect(responseSendOf(m)).toBe(send));
});

describe('receipt latency', () => {
  test.each([[0, '1'], [1000, '1'], [1001, '2'], [30_000, '30'], [30_001, '60'], [86_400_000, '86400'], [86_400_001, 'inf']])('%d ms is in the %s s bucket', (ms, bucket) => {
    expect(latencyBucket(ms)).toBe(bucket);
  });

  it('takes percentiles by nearest rank, as the bucket\'s upper bound, and none beyond a day', () => {
    const buckets = new Map([['2', 1], ['5', 1], ['10', 1], ['30', 1], ['60', 2]]);
    expect(percentileBound(buckets, 0.5)).toBe(10);
    expect(percentileBound(buckets, 0.9)).toBe(60);
    expect(percentileBound(new Map([['inf', 3], ['5', 1]]), 0.5)).toBeNull();
    expect(percentileBound(new Map(), 0.5)).toBeNull();
  });
});

describe('local days out of UTC hours', () => {
  const hour = (iso: string) => Date.parse(iso) / 3_600_000;
  it('keeps one offset where the zone has no change', () => {
    expect(offsetStretches({ start: hour('2026-10-31T16:00:00Z'), end: hour('2026-11-30T16:00:00Z') }, 'Asia/Shanghai'))
      .toEqual([{ start: hour('2026-10-31T16:00:00Z'), end: hour('2026-11-30T16:00:00Z'), offsetMinutes: 480 }]);
  });

  it('cuts at the hour a DST change happens', () => {
    // New York leaves DST on 2026-11-01 at 06:00 UTC (02:00 EDT becomes 01:00 EST).
    expect(offsetStretches({ start: hour('2026-10-30T04:00:00Z'), end: hour('2026-11-03T05:00:00Z') }, 'America/New_York')).toEqual([
      { start: hour('2026-10-30T04:00:00Z'), end: hour('2026-11-01T06:00:00Z'), offsetMinutes: -240 },
      { start: hour('2026-11-01T06:00:00Z'), end: hour('2026-11-03T05:00:00Z'), offsetMinutes: -300 },
    ]);
  });

  it('keeps the half hour of a :30 zone (its days begin with the hour that starts in them)', () => {
    expect(offsetStretches({ start: hour('2026-11-01T19:00:00Z'), end: hour('2026-11-02T19:00:00Z') }, 'Asia/Kolkata')[0]!.offsetMinutes).toBe(330);
  });
});
