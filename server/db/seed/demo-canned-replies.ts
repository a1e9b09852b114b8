import type { EntityManager } from 'typeorm';
import { CannedReply } from '../entities';

/** The demo clinic's team replies, so a newcomer typing `/` sees what canned replies are for. Hours match DEMO_WEEK. */
export const DEMO_CANNED_REPLIES: Array<{ shortcut: string; bodies: Record<string, string> }> = [
  {
    shortcut: 'hours',
    bodies: {
      'zh-CN': '{{contact.name}}您好，{{business.name}}营业时间：周一至周六 9:00–12:00、13:00–18:00，周日休息。',
      en: 'Hi {{contact.name}}, {{business.name}} is open Monday to Saturday 9:00–12:00 and 13:00–18:00, closed on Sundays.',
    },
  },
  {
    shortcut: 'address',
    bodies: {
      'zh-CN': '{{contact.name}}您好，{{business.name}}地址：人民路 88 号 3 楼（地铁 2 号线人民广场站 5 号口）。',
      en: 'Hi {{contact.name}}, {{business.name}} is at 3F, 88 Renmin Road (Metro line 2, People’s Square, exit 5).',
    },
  },
  {
    shortcut: 'thanks',
    bodies: {
      'zh-CN': '谢谢{{contact.name}}，有任何问题随时回复本短信。{{business.name}}',
      en: 'Thank you, {{contact.name}}. Reply to this text any time if you have questions. {{business.name}}',
    },
  },
];

export async function seedDemoCannedReplies(em: EntityManager): Promise<void> {
  await em.save(DEMO_CANNED_REPLIES.map((c) => em.create(CannedReply, { ...c, ownerId: null })));
}
