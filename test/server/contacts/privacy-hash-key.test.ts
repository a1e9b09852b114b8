import { createHmac } from 'node:crypto';
import { ConsentEvent, SettingRow } from '../../../server/db/entities';
import { Customer } from '../../support/customer';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { apiAs } from './support';

const KEY = 'a-deployment-secret-of-32-chars!';
let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin({ PRIVACY_HASH_KEY: KEY }); }, 60_000);
afterAll(() => hx?.close());

it('with PRIVACY_HASH_KEY set, erased proof is hashed with that key and no key is stored in the database', async () => {
  const admin = apiAs(hx, `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`);
  const customer = new Customer(hx, '+8613706000001');
  await customer.text('退订');
  await admin.delete(`/contacts/${(await customer.contact()).id}`).expect(200);
  const hash = createHmac('sha256', KEY).update(customer.phone).digest('hex');
  expect(await hx.ds.manager.findBy(ConsentEvent, { phoneHash: hash })).toEqual([expect.objectContaining({ kind: 'opt_out', contactId: null })]);
  expect(await hx.ds.manager.findOneBy(SettingRow, { key: 'privacy.hash_key' })).toBeNull();
  await customer.text('你好');
  expect(await customer.contact()).toMatchObject({ optedOut: true });
});
