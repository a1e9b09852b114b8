import { planWorkers } from '../../../server/cluster/worker-plan';
import { slotOfRequest, slotSessionId } from '../../../server/cluster/sticky-ids';

const MARIADB = 'mysql://huixin@127.0.0.1/huixin';
const REDIS = 'redis://127.0.0.1:6379';

describe('how many server processes a machine runs', () => {
  it('runs one per core when the processes share MariaDB and Redis', () => {
    expect(planWorkers({ DATABASE_URL: MARIADB, REDIS_URL: REDIS }, 8).count).toBe(8);
  });

  it('runs one in the embedded mode, and says why', () => {
    const plan = planWorkers({}, 8);
    expect(plan.count).toBe(1);
    expect(plan.why).toMatch(/SQLite.*REDIS_URL/);
    expect(planWorkers({ DATABASE_URL: MARIADB }, 8).count).toBe(1);
  });

  it('takes WEB_CONCURRENCY as given, and refuses more than one without Redis', () => {
    expect(planWorkers({ DATABASE_URL: MARIADB, REDIS_URL: REDIS, WEB_CONCURRENCY: 3 }, 8).count).toBe(3);
    expect(planWorkers({ WEB_CONCURRENCY: 1 }, 8).count).toBe(1);
    expect(() => planWorkers({ DATABASE_URL: MARIADB, WEB_CONCURRENCY: 2 }, 8)).toThrow(/WEB_CONCURRENCY: more than 1 needs REDIS_URL/);
  });
});

describe('Socket.IO sessions tied to the process that holds them', () => {
  it('reads the slot from the sid of a polling or upgrade request, and nothing from other requests', () => {
    const sid = slotSessionId(3);
    expect(slotOfRequest(`GET /socket.io/?EIO=4&transport=polling&t=abc&sid=${sid} HTTP/1.1\r\nHost: x\r\n\r\n`)).toBe(3);
    expect(slotOfRequest(`GET /socket.io/?EIO=4&transport=websocket&sid=${slotSessionId(0)} HTTP/1.1\r\n`)).toBe(0);
    expect(slotOfRequest('GET /socket.io/?EIO=4&transport=polling&t=abc HTTP/1.1\r\n')).toBeNull();
    expect(slotOfRequest('POST /webhooks/generic HTTP/1.1\r\nReferer: /x?sid=1.abc\r\n\r\n')).toBeNull();
  });
});
