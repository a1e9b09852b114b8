import request from 'supertest';
import { Message } from '../../../server/db/entities';
import { Customer } from '../../support/customer';
import { startAdminHarness, type AdminHarness } from '../admin/admin-client';

let h: AdminHarness;
beforeAll(async () => { h = await startAdminHarness(); });
afterAll(() => h.hx.close());

const inboundDecision = async (id: number) => (await h.hx.ds.manager.findOneByOrFail(Message, { id })).decision;

describe('admin input cannot make a decision slow', () => {
  it('accepts ^(a+)+$, and a customer texting 40 "a"s and a "b" is decided while /healthz answers', async () => {
    const saved = await h.admin.post('/rules', { name: 'All a', match: { kind: 'regex', patterns: ['^(a+)+$'] }, action: 'faq', reply: '只有字母a' }).expect(201);
    const ruleId = saved.body.rule.id as string;
    const evil = new Customer(h.hx, '+8613700990001');
    const plain = new Customer(h.hx, '+8613700990002');

    // A backtracking engine needs about 2^40 steps for the first text: the webhook, /healthz and this test would hang.
    const [evilId, plainId, health] = await Promise.all([
      evil.text(`${'a'.repeat(40)}b`),
      plain.text('a'.repeat(40)),
      request(h.hx.url).get('/healthz'),
    ]);

    expect(health.status).toBe(200);
    expect((await inboundDecision(evilId))?.ruleId).not.toBe(ruleId);
    expect((await evil.replies()).map((m) => m.body)).not.toContain('只有字母a');
    expect((await inboundDecision(plainId))?.ruleId).toBe(ruleId);
    expect((await plain.lastReply())?.body).toBe('只有字母a');
  });

  it.each([
    ['(a)\\1', 'backreferences (\\1) are not supported'],
    ['(?=x)a', 'lookahead (?=…) is not supported'],
  ])('refuses the regex %s with a 400 naming the construct', async (pattern, words) => {
    const res = await h.admin.post('/rules', { name: 'Unsupported', match: { kind: 'regex', patterns: ['牙疼', pattern] }, action: 'handoff' }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_field', field: 'match.patterns[1]', message: expect.stringContaining(words) });
  });
});

describe('admin input cannot make a reply unrenderable or leak a phone number', () => {
  it.each([
    ['hi {{> foo}}', 'partials ({{> …}}) are not allowed in SMS templates'],
    ['{{log contact.phone}}', 'the helper "log" is not allowed'],
    ['{{lookup contact "constructor"}}', 'the helper "lookup" is not allowed'],
    ['{{contact.constructor}}', 'unknown variable "contact.constructor"'],
    ['{{#each}}x{{/each}}', 'cannot render'],
  ])('refuses the rule reply %s with a 400 on the reply field, and keeps the rule as it was', async (reply, words) => {
    const rule = await h.admin.post('/rules', { name: `Reply ${reply}`, match: { kind: 'exact', patterns: [`price ${reply.length}`] }, action: 'faq', reply: 'ok' }).expect(201);
    const create = await h.admin.post('/rules', { name: 'Bad reply', match: { kind: 'exact', patterns: ['invoice'] }, action: 'faq', reply }).expect(400);
    expect(create.body.error).toMatchObject({ code: 'invalid_field', field: 'reply', message: expect.stringContaining(words) });
    const edit = await h.admin.put(`/rules/${rule.body.rule.id}`, { reply }).expect(400);
    expect(edit.body.error).toMatchObject({ code: 'invalid_field', field: 'reply', message: expect.stringContaining(words) });
    expect((await h.admin.get(`/rules/${rule.body.rule.id}`)).body.rule.reply).toBe('ok');
  });

  it('refuses the same constructs in stored templates and in the live preview', async () => {
    const created = await h.admin.post('/templates', { key: 'parking', bodies: { 'zh-CN': '{{log contact.phone}} 停车场在B2' } }).expect(400);
    expect(created.body.error).toMatchObject({ code: 'invalid_field', field: 'bodies.zh-CN', message: expect.stringContaining('the helper "log" is not allowed') });
    const edited = await h.admin.put('/templates/help', { bodies: { 'zh-CN': '请致电 {{> phone}}' } }).expect(400);
    expect(edited.body.error).toMatchObject({ code: 'invalid_field', message: expect.stringContaining('partials ({{> …}}) are not allowed') });
    const preview = await h.admin.post('/templates/preview', { body: '{{lookup contact "phone"}}' }).expect(400);
    expect(preview.body.error).toMatchObject({ code: 'invalid_field', field: 'body', message: expect.stringContaining('the helper "lookup" is not allowed') });
  });

  it('simulates for a contact whose locale is "constructor" with a reply in a supported locale', async () => {
    const res = await h.admin.post('/rules/simulate', { text: '人工', locale: 'constructor' }).expect(200);
    expect(res.body.reply).toContain('已为您转接人工客服');
  });
});
