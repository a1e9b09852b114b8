import { Customer } from '../../support/customer';
import { startAdminHarness, type AdminHarness } from './admin-client';

let h: AdminHarness;
beforeAll(async () => { h = await startAdminHarness(); });
afterAll(() => h.hx.close());

describe('intents REST', () => {
  it('lists training and held-out phrases per intent with the held-out accuracy', async () => {
    const res = await h.admin.get('/intents').expect(200);
    const reschedule = res.body.intents.find((i: { name: string }) => i.name === 'reschedule');
    expect(reschedule.phrases.some((p: { heldOut: boolean }) => p.heldOut)).toBe(true);
    expect(res.body.accuracy).toMatchObject({ heldOut: expect.any(Number), accuracy: expect.any(Number) });
    expect(res.body.accuracy.accuracy).toBeGreaterThan(0.5);
    expect(res.body).toMatchObject({ threshold: expect.any(Number), margin: expect.any(Number) });
  });

  it('adds a training phrase, retrains, and answers with accuracy and compile time', async () => {
    const res = await h.admin.post('/intents/reschedule/phrases', { text: '能不能挪到下礼拜' }).expect(201);
    expect(res.body).toMatchObject({ phrase: { intent: 'reschedule', heldOut: false }, compileMs: expect.any(Number), accuracy: { accuracy: expect.any(Number) } });
    const removed = await h.admin.delete(`/intents/phrases/${res.body.phrase.id}`).expect(200);
    expect(removed.body.compileMs).toEqual(expect.any(Number));
  });

  it('reports held-out misses after a retrain', async () => {
    const res = await h.admin.post('/intents/cancel/phrases', { text: '能改到周五吗', heldOut: true }).expect(201);
    expect(res.body.accuracy.misses).toEqual(expect.arrayContaining([expect.objectContaining({ text: '能改到周五吗', expected: 'cancel' })]));
  });

  it('retrains on demand with what is saved, answering the held-out accuracy and the new model version', async () => {
    const listed = (await h.admin.get('/intents').expect(200)).body;
    const res = await h.admin.post('/intents/retrain').expect(200);
    expect(res.body).toMatchObject({ compileMs: expect.any(Number), modelVersion: listed.modelVersion });
    expect(res.body.accuracy).toEqual(listed.accuracy);
  });

  it('answers 404 to an unknown intent and 400 to an empty phrase', async () => {
    await h.admin.post('/intents/teleport/phrases', { text: 'beam me up' }).expect(404);
    expect((await h.admin.post('/intents/cancel/phrases', { text: '  ' }).expect(400)).body.error.field).toBe('text');
  });
});

describe('the review queue', () => {
  it('holds texts the bot could not place, and one call teaches it', async () => {
    const customer = new Customer(h.hx, '+8613700888001');
    const text = 'shift my visit pls';   // the classifier leans to cancel, unsure
    const messageId = await customer.text(text);
    const queue = (await h.admin.get('/intents/review').expect(200)).body.items;
    expect(queue).toEqual(expect.arrayContaining([expect.objectContaining({ messageId, text, reason: expect.stringMatching(/no_match|low_confidence/) })]));

    const taught = await h.admin.post(`/intents/review/${messageId}`, { intent: 'reschedule' }).expect(200);
    expect(taught.body).toMatchObject({ taught: messageId, intent: 'reschedule', compileMs: expect.any(Number) });
    const after = (await h.admin.get('/intents/review')).body.items;
    expect(after.map((i: { messageId: number }) => i.messageId)).not.toContain(messageId);
    const phrases = (await h.admin.get('/intents')).body.intents.find((i: { name: string }) => i.name === 'reschedule').phrases;
    expect(phrases.map((p: { text: string }) => p.text)).toContain(text);
    expect((await h.admin.post('/rules/simulate', { text }).expect(200)).body.trace.intent?.name).toBe('reschedule');
    await h.admin.post(`/intents/review/${messageId}`, { intent: 'reschedule' }).expect(409);
  });

  it('lets an admin dismiss a message without teaching anything', async () => {
    const messageId = await new Customer(h.hx, '+8613700888002').text('zzzz qqqq');
    await h.admin.post(`/intents/review/${messageId}`, { intent: null }).expect(200);
    expect((await h.admin.get('/intents/review')).body.items.map((i: { messageId: number }) => i.messageId)).not.toContain(messageId);
  });

  it('answers 403 to an agent who teaches', async () => {
    const messageId = await new Customer(h.hx, '+8613700888003').text('qqqq zzzz');
    await h.agent.post(`/intents/review/${messageId}`, { intent: 'cancel' }).expect(403);
  });
});
