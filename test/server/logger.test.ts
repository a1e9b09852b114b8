import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { createLogger, maskPhones } from '../../server/shared/logger';

/** Any E.164 number, or a bare Chinese mobile: what must never reach a log in full. */
const FULL_PHONE = /\+\d{8,15}|(?<!\d)1[3-9]\d{9}(?!\d)/;

function capture(level = 'info') {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  return { log: createLogger(level, sink), lines, text: () => lines.join('') };
}

/** What a unique violation on contacts.phone looks like from mysql2 through TypeORM. */
function duplicatePhoneError(): QueryFailedError {
  const driverError = Object.assign(new Error("Duplicate entry '+8613800138000' for key 'phone'"), {
    code: 'ER_DUP_ENTRY', errno: 1062,
    sql: "INSERT INTO `contacts`(`phone`, `name`) VALUES ('+8613800138000', NULL)",
  });
  return new QueryFailedError('INSERT INTO `contacts`(`phone`, `name`) VALUES (?, ?)', ['+8613800138000', null], driverError);
}

describe('maskPhones', () => {
  it.each([
    ['13800138000', '138****8000'],
    ['from +8613800138000', 'from +86138****8000'],
    ['+14155550100 and 13900139000', '+141****0100 and 139****9000'],
    ['+4712345678 (10 digits)', '+47****5678 (10 digits)'],
    ['HK 91234567', 'HK ****4567'],
  ])('masks %s', (input, expected) => {
    expect(maskPhones(input)).toBe(expected);
  });

  it('leaves dates and short numbers alone', () => {
    expect(maskPhones('2026-11-24 code 1234')).toBe('2026-11-24 code 1234');
  });
});

describe('createLogger', () => {
  it('never writes a full phone number, in messages or in fields', () => {
    const { log, text } = capture();
    log.info({ phone: '+8613800138000', nested: { to: '13900139000' }, quoted: 'he wrote "call 13700137000\\"' }, 'inbound from +8613800138000');
    expect(text()).not.toMatch(/13800138000|13900139000|13700137000/);
    expect(text()).toContain('+86138****8000');
    expect(text()).toContain('139****9000');
    expect(text()).toContain('call 137****7000');
  });

  it('masks a failed query\'s parameters, message, sql and driver error, and keeps the rest for debugging', () => {
    const { log, lines, text } = capture();
    log.error({ err: duplicatePhoneError() }, 'insert failed');
    expect(text()).not.toMatch(FULL_PHONE);
    const { err } = JSON.parse(lines[0]);
    expect(err).toMatchObject({
      type: 'QueryFailedError', code: 'ER_DUP_ENTRY', errno: 1062,
      message: "Duplicate entry '+86138****8000' for key 'phone'",
      query: 'INSERT INTO `contacts`(`phone`, `name`) VALUES (?, ?)',
      parameters: ['+86138****8000', null],
      sql: "INSERT INTO `contacts`(`phone`, `name`) VALUES ('+86138****8000', NULL)",
      driverError: { type: 'Error', sql: "INSERT INTO `contacts`(`phone`, `name`) VALUES ('+86138****8000', NULL)" },
    });
    expect(err.stack).toContain('Duplicate entry \'+86138****8000\'');
  });

  it('masks an error logged bare, under `error`, or as the cause of another', () => {
    const { log, lines, text } = capture();
    const cause = Object.assign(new Error('no contact 13900139000'), { parameters: ['+14155550100'] });
    log.error(new Error('webhook from +85291234567 failed', { cause }));
    log.warn({ error: cause }, 'lookup failed');
    log.warn({ context: { failure: cause } }, 'nested');
    expect(text()).not.toMatch(FULL_PHONE);
    const [bare, underError, nested] = lines.map((l) => JSON.parse(l));
    expect(bare).toMatchObject({ msg: 'webhook from +852****4567 failed', err: { message: 'webhook from +852****4567 failed: no contact 139****9000' } });
    expect(underError.error).toMatchObject({ type: 'Error', message: 'no contact 139****9000', parameters: ['+141****0100'] });
    expect(nested.context.failure.parameters).toEqual(['+141****0100']);
  });

  it('masks a child logger\'s bindings and leaves numbers such as the time as numbers', () => {
    const { log, lines, text } = capture();
    log.child({ phone: '+8613700137000' }).info({ attempts: 12345678 }, 'sending');
    expect(text()).not.toMatch(FULL_PHONE);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ phone: '+86137****7000', attempts: 12345678 });
    expect(typeof line.time).toBe('number');
  });
});
