import { Contact } from '../../../server/db/entities';
import { contactsSuite } from './support';

const suite = contactsSuite();

it('an admin defines fields; everyone signed in lists them in position order; agents cannot define, change or delete', async () => {
  const level = await suite.admin.post('/contact-attributes', { key: 'member_level', labels: { 'zh-CN': '会员等级', en: 'Membership' }, type: 'choice', choices: ['金卡', '银卡'], position: 2 }).expect(201);
  expect(level.body).toMatchObject({ id: expect.any(Number), key: 'member_level', type: 'choice', choices: ['金卡', '银卡'], position: 2 });
  await suite.admin.post('/contact-attributes', { key: 'birthday', labels: { 'zh-CN': '生日' }, type: 'date', position: 1 }).expect(201);
  const list = await suite.agent.get('/contact-attributes').expect(200);
  expect(list.body.items.map((a: { key: string }) => a.key)).toEqual(['birthday', 'member_level']);
  await suite.agent.post('/contact-attributes', { key: 'sneaky', labels: { en: 'x' }, type: 'text' }).expect(403);
  await suite.agent.patch(`/contact-attributes/${level.body.id}`, { position: 0 }).expect(403);
  await suite.agent.delete(`/contact-attributes/${level.body.id}`).expect(403);
});

it('refuses a taken key with 409, and bad definitions with the field at fault', async () => {
  await suite.admin.post('/contact-attributes', { key: 'city', labels: { en: 'City' }, type: 'text' }).expect(201);
  expect((await suite.admin.post('/contact-attributes', { key: 'city', labels: { en: 'Town' }, type: 'text' }).expect(409)).body.error).toMatchObject({ code: 'attribute_exists', field: 'key' });
  const fieldOf = async (body: object) => (await suite.admin.post('/contact-attributes', { key: 'ok_key', labels: { en: 'OK' }, type: 'text', ...body }).expect(400)).body.error.field;
  expect(await fieldOf({ key: 'Member Level' })).toBe('key');
  expect(await fieldOf({ key: '1st' })).toBe('key');
  expect(await fieldOf({ key: 'a'.repeat(41) })).toBe('key');
  expect(await fieldOf({ type: 'color' })).toBe('type');
  expect(await fieldOf({ labels: {} })).toBe('labels');
  expect(await fieldOf({ labels: { fr: 'Ville' } })).toBe('labels');
  expect(await fieldOf({ type: 'choice' })).toBe('choices');
  expect(await fieldOf({ type: 'choice', choices: Array.from({ length: 51 }, (_, i) => `c${i}`) })).toBe('choices');
  expect(await fieldOf({ type: 'number', choices: ['1'] })).toBe('choices');
});

it('edits labels, choices and position; a choice still held by a contact cannot be taken away', async () => {
  const { body: field } = await suite.admin.post('/contact-attributes', { key: 'tier', labels: { en: 'Tier' }, type: 'choice', choices: ['A', 'B', 'C'] }).expect(201);
  await suite.agent.post('/contacts', { phone: '+8613705600001', attributes: { tier: 'B' } }).expect(201);
  const edited = await suite.admin.patch(`/contact-attributes/${field.id}`, { labels: { 'zh-CN': '等级', en: 'Tier' }, choices: ['A', 'B'], position: 5 }).expect(200);
  expect(edited.body).toMatchObject({ key: 'tier', labels: { 'zh-CN': '等级', en: 'Tier' }, choices: ['A', 'B'], position: 5 });
  expect((await suite.admin.patch(`/contact-attributes/${field.id}`, { choices: ['A'] }).expect(409)).body.error).toMatchObject({ code: 'choice_in_use', field: 'choices' });
  // A key never changes: imports and exports name their columns by it.
  expect((await suite.admin.patch(`/contact-attributes/${field.id}`, { key: 'renamed' }).expect(400)).body.error.message).toContain('key');
  await suite.admin.patch('/contact-attributes/99999', { position: 1 }).expect(404);
});

it('deleting a field removes its values from every contact (and nothing else), in one go', async () => {
  const { body: field } = await suite.admin.post('/contact-attributes', { key: 'allergy', labels: { 'zh-CN': '过敏' }, type: 'text' }).expect(201);
  await suite.admin.post('/contact-attributes', { key: 'note_x', labels: { en: 'Note' }, type: 'text' }).expect(201);
  const a = (await suite.agent.post('/contacts', { phone: '+8613705600011', attributes: { allergy: '青霉素', note_x: 'keep me' } }).expect(201)).body.id;
  const b = (await suite.agent.post('/contacts', { phone: '+8613705600012', attributes: { allergy: '花粉' } }).expect(201)).body.id;
  const c = (await suite.agent.post('/contacts', { phone: '+8613705600013', attributes: { note_x: 'allergy' } }).expect(201)).body.id;
  expect((await suite.admin.delete(`/contact-attributes/${field.id}`).expect(200)).body).toEqual({ deleted: true, clearedContacts: 2 });
  const attrs = async (id: number) => (await suite.hx.ds.manager.findOneByOrFail(Contact, { id })).attributes;
  expect(await attrs(a)).toEqual({ note_x: 'keep me' });
  expect(await attrs(b)).toBeNull();
  expect(await attrs(c)).toEqual({ note_x: 'allergy' });
  expect((await suite.agent.get('/contact-attributes').expect(200)).body.items.map((f: { key: string }) => f.key)).not.toContain('allergy');
  // The value is gone and so is the field: writing it now is an unknown key.
  expect((await suite.agent.patch(`/contacts/${a}`, { attributes: { allergy: 'x' } }).expect(400)).body.error.field).toBe('attributes.allergy');
  await suite.admin.delete(`/contact-attributes/${field.id}`).expect(404);
});
