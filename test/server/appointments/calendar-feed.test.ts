import { checkedRequest as request } from '../../support/openapi-check';
import { Contact, StaffMember } from '../../../server/db/entities';
import { foldLine } from '../../../server/appointments/ical';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';
import { bearer, book, closeQuietly, local, serviceNamed } from './support';

let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin(); });
afterAll(() => closeQuietly(hx));

/** Unfolds continuation lines, as a calendar app reads the feed. */
const unfold = (ics: string) => ics.replace(/\r\n /g, '');

describe('the iCalendar feed', () => {
  it("lists a location's upcoming appointments in UTC, with text escaped", async () => {
    const { id } = await book(hx, { contactPhone: '+8613700800001', serviceId: (await serviceNamed(hx, '洗牙')).id, startsAt: local('2026-11-26 15:00') });
    await hx.ds.manager.update(Contact, { phone: '+8613700800001' }, { name: 'Wang, Fang; 王芳' });
    const feeds = await request(hx.url).get('/api/calendar/feeds').set('Authorization', await bearer(hx)).expect(200);
    const location = feeds.body.items.find((f: { kind: string }) => f.kind === 'locations');

    const res = await request(hx.url).get(location.path).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
    expect(res.text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(res.text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const ics = unfold(res.text);
    expect(ics).toContain(`UID:appointment-${id}@huixin\r\n`);
    expect(ics).toContain('DTSTART:20261126T070000Z\r\nDTEND:20261126T073000Z\r\n');
    expect(ics).toContain('SUMMARY:洗牙 – Wang\\, Fang\\; 王芳\r\n');
    expect(ics).toContain('DESCRIPTION:+8613700800001\\nbooked\r\n');
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  });

  it("needs the feed's own token", async () => {
    const staff = await hx.ds.manager.findOneByOrFail(StaffMember, { name: '李医生' });
    await request(hx.url).get(`/api/calendar/staff/${staff.id}.ics?token=${staff.feedToken}`).expect(200);
    await request(hx.url).get(`/api/calendar/staff/${staff.id}.ics?token=wrong`).expect(404);
    await request(hx.url).get(`/api/calendar/staff/${staff.id}.ics`).expect(404);
    await request(hx.url).get('/api/calendar/feeds').expect(401);
  });

  it('folds long lines without splitting a character', () => {
    const folded = foldLine(`SUMMARY:${'洗牙'.repeat(40)}`);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'洗牙'.repeat(40)}`);
  });
});
