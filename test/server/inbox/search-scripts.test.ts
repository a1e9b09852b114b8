import request from 'supertest';
import { Contact } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { Customer } from '../../support/customer';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';

/** The inbox search finds a name or a text whichever script the agent types it in (issue 14: 陈美玲 ↔ 鄭詠詩). */
let hx: TestHuixin;
let wang: string;
beforeAll(async () => {
  hx = await startTestHuixin();
  wang = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
});
afterAll(() => hx.close());

const search = async (q: string): Promise<number[]> => {
  const res = await request(hx.url).get(`/api/conversations?view=all&q=${encodeURIComponent(q)}`).set('Authorization', `Bearer ${wang}`).expect(200);
  return res.body.items.map((c: { id: number }) => c.id);
};

describe('inbox search in both scripts', () => {
  it('finds a contact named in traditional characters when the agent types simplified, and the other way round', async () => {
    const traditional = new Customer(hx, '+8613500477001');
    await traditional.text('你好');
    const { id: tradId } = await traditional.conversation();
    await hx.ds.manager.update(Contact, { phone: traditional.phone }, { name: '鄭詠詩' });

    const simplified = new Customer(hx, '+8613500477002');
    await simplified.text('你好');
    const { id: simpId } = await simplified.conversation();
    await hx.ds.manager.update(Contact, { phone: simplified.phone }, { name: '钟丽华' });

    expect(await search('郑咏诗')).toEqual([tradId]);
    expect(await search('鄭詠詩')).toEqual([tradId]);
    expect(await search('鍾麗華')).toEqual([simpId]);
  });

  it('finds a text written in the other script', async () => {
    const customer = new Customer(hx, '+8613500477003');
    await customer.text('請問牙醫診所幾點開門');
    const { id } = await customer.conversation();
    expect(await search('请问牙医诊所')).toEqual([id]);
  });

  it('still treats % and _ as themselves', async () => {
    expect(await search('%陈_')).toEqual([]);
  });
});
