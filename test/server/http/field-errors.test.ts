import request from 'supertest';
import { z } from 'zod';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { pathOf } from '../../../server/http/field-issue';
import { parseInput } from '../../../server/http/validate';
import { HttpError } from '../../../server/http/errors';

// Item 7 of issue 13: a 400 says which field and what is wrong as data (`path`, `issue`), beside the English message
// scripts read, so the UI can put it in the agent's language.

let hx: TestHuixin;
let admin: string;
beforeAll(async () => {
  hx = await startTestHuixin();
  admin = `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`;
});
afterAll(() => hx.close());

const post = (path: string, body: object) => request(hx.url).post(`/api${path}`).set('Authorization', admin).send(body);
const refusal = async (path: string, body: object) => (await post(path, body).expect(400)).body.error;
const week = { mon: [['09:00', '12:00']] };

describe('a 400 from a schema names the field and the problem as data', () => {
  it('a service of 0 minutes: too_small with its minimum, the English message kept', async () => {
    expect(await refusal('/services', { name: '洗牙', durationMinutes: 0 })).toEqual({
      code: 'invalid_field', message: 'durationMinutes: at least 5 minutes', field: 'durationMinutes', path: ['durationMinutes'],
      issue: { code: 'too_small', minimum: 5, origin: 'number', inclusive: true },
    });
  });

  it('a service of 13 hours: too_big with its maximum', async () => {
    expect((await refusal('/services', { name: '洗牙', durationMinutes: 780 })).issue).toEqual({ code: 'too_big', maximum: 720, origin: 'number', inclusive: true });
  });

  it('a left-out field is an invalid_type that came as undefined; a wrong one says what came', async () => {
    expect(await refusal('/services', { durationMinutes: 30 })).toMatchObject({ field: 'name', path: ['name'], issue: { received: 'undefined' } });
    expect((await refusal('/services', { name: '洗牙', durationMinutes: '30' })).issue).toEqual({ code: 'invalid_type', expected: 'number', received: 'string' });
    expect((await refusal('/locations', { name: '', weeklyHours: week })).issue).toMatchObject({ code: 'too_small', minimum: 1, origin: 'string' });
    expect((await refusal('/locations', { weeklyHours: week })).issue).toEqual({ code: 'invalid_type', expected: 'string', received: 'undefined' });
  });

  it('a closed date that is not a date: the path keeps its index, the custom words travel', async () => {
    const error = await refusal('/locations', { name: '西湖分院', weeklyHours: week, closedDates: ['2027-02-10', '2027-02-11', '2027-02-30'] });
    expect(error).toMatchObject({ field: 'closedDates.2', path: ['closedDates', 2], issue: { code: 'custom', message: 'expected a date "YYYY-MM-DD"' } });
  });

  it('an hour that is not HH:MM: invalid_format with the pattern, under weeklyHours.mon', async () => {
    const error = await refusal('/locations', { name: '西湖分院', weeklyHours: { mon: [['9am', '12:00']] } });
    expect(error).toMatchObject({ field: 'weeklyHours.mon.0.0', path: ['weeklyHours', 'mon', 0, 0], issue: { code: 'invalid_format', format: 'regex', pattern: expect.any(String) } });
  });

  it('a key the route does not know: unrecognized_keys with the keys', async () => {
    expect((await refusal('/services', { name: '洗牙', durationMinutes: 30, colour: 'red' })).issue).toEqual({ code: 'unrecognized_keys', keys: ['colour'] });
  });

  it('a value outside a list: invalid_value with the values allowed', async () => {
    const error = await refusal('/rules', { name: 'r', match: { kind: 'psychic', patterns: ['x'] }, action: 'faq', reply: 'x' });
    expect(error).toMatchObject({ field: 'match.kind', path: ['match', 'kind'], issue: { code: 'invalid_value', values: expect.arrayContaining(['regex', 'exact']) } });
  });
});

describe('refusals written by hand keep their code and gain a path', () => {
  it('a bad regex in a rule: why and where as an invalid_regex issue, English for logs, the pattern\'s path as an array', async () => {
    const error = await refusal('/rules', { name: 'r', match: { kind: 'regex', patterns: ['ok', '牙疼(预约'] }, action: 'faq', reply: 'x' });
    expect(error).toMatchObject({
      code: 'invalid_field', message: expect.stringMatching(/invalid regular expression/), path: [...pathOf(error.field)],
      issue: { code: 'invalid_regex', reason: 'unclosed_group', index: 2, pattern: '牙疼(预约' },
    });
    expect(error.path.slice(-3)).toEqual(['match', 'patterns', 1]);
  });

  it('a draft tried in the simulator is refused with the same issue, under the draft rule\'s path', async () => {
    const draft = { rules: [{ id: 'd1', name: 'Bad', enabled: true, priority: 0, match: { kind: 'regex', patterns: ['(?=预约)'] }, action: 'faq', reply: 'x' }] };
    const error = (await request(hx.url).post('/api/rules/simulate').set('Authorization', admin).send({ text: 'hi', draft }).expect(400)).body.error;
    expect(error).toMatchObject({ field: 'rules.d1.match.patterns[0]', issue: { code: 'invalid_regex', reason: 'unsupported', construct: 'lookahead', index: 0, pattern: '(?=预约)' } });
  });

  it('a hand-written 400 has path from its field and no issue', async () => {
    const error = (await request(hx.url).post('/api/rules/simulate').set('Authorization', admin).send({ text: 'hi', timezone: 'Mars/Olympus' }).expect(400)).body.error;
    expect(error).toEqual({ code: 'invalid_field', message: expect.stringContaining('timezone'), field: 'timezone', path: ['timezone'] });
  });
});

describe('the parts, without HTTP', () => {
  it('pathOf reads both spellings of a field', () => {
    expect(pathOf('rules.draft.match.patterns[0]')).toEqual(['rules', 'draft', 'match', 'patterns', 0]);
    expect(pathOf('closedDates.2')).toEqual(['closedDates', 2]);
    expect(pathOf('templates[3].bodies.en')).toEqual(['templates', 3, 'bodies', 'en']);
  });

  it('an email that is not one is invalid_format with format email', () => {
    let thrown: unknown;
    try { parseInput(z.object({ email: z.email() }), { email: 'nope' }); } catch (err) { thrown = err; }
    expect(thrown).toBeInstanceOf(HttpError);
    expect((thrown as HttpError).issue).toMatchObject({ code: 'invalid_format', format: 'email' });
  });
});
