import { Writable } from 'node:stream';
import { createLogger, maskPhones } from '../../server/shared/logger';

describe('maskPhones', () => {
  it.each([
    ['13800138000', '138****8000'],
    ['from +8613800138000', 'from +86138****8000'],
    ['+14155550100 and 13900139000', '+141****0100 and 139****9000'],
  ])('masks %s', (input, expected) => {
    expect(maskPhones(input)).toBe(expected);
  });

  it('leaves dates and short numbers alone', () => {
    expect(maskPhones('2026-11-24 code 1234')).toBe('2026-11-24 code 1234');
  });
});

describe('createLogger', () => {
  it('never writes a full phone number, in messages or in fields', () => {
    let out = '';
    const sink = new Writable({ write(chunk, _enc, cb) { out += String(chunk); cb(); } });
    const log = createLogger('info', sink);
    log.info({ phone: '+8613800138000', nested: { to: '13900139000' } }, 'inbound from +8613800138000');
    expect(out).not.toMatch(/13800138000|13900139000/);
    expect(out).toContain('+86138****8000');
    expect(out).toContain('139****9000');
  });
});
