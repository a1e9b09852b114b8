import type { EntityManager } from 'typeorm';
import { AlarmEvent } from '../db/entities';

/**
 * Keeps an alarm that paused a campaign (its opt-outs today over the policy's rate, or its content taken down for
 * complaints) on record for the compliance report, in the transaction of the pause: a campaign's own row only says
 * where it is now, not that an alarm stopped it last Tuesday.
 */
export async function recordAlarm(em: EntityManager, alarm: Pick<AlarmEvent, 'campaignId' | 'kind' | 'paused' | 'held'>, at: Date): Promise<void> {
  await em.createQueryBuilder().insert().into(AlarmEvent).values({ ...alarm, createdAt: at }).updateEntity(false).execute();
}
