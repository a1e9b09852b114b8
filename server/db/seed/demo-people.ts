/**
 * The demo clinic's past patients (demo-history.ts): who texted 示例口腔诊所 in the last month. Numbers from ranges
 * the live demo contacts (seed.ts) and the simulator's defaults do not use.
 */
export interface DemoPerson { phone: string; name: string; locale: 'zh-CN' | 'zh-HK' | 'en' }

const ZH = ['王磊', '刘芳', '陈静', '杨洋', '赵敏', '黄勇', '周杰', '吴霞', '徐明', '孙丽', '马超', '朱红', '胡斌', '郭婷', '何伟', '高峰',
  '林小雨', '罗建国', '梁晓燕', '宋佳', '郑浩', '谢娟', '韩冰', '唐诗', '冯涛', '于洁', '董鹏', '萧雅', '程亮', '曹颖'];
const HK = ['陳嘉欣', '黃志明', '李婉婷'];
const EN = ['Emily Wong', 'David Smith', 'Grace Liu', 'Tom Baker'];

export const DEMO_PEOPLE: DemoPerson[] = [
  ...ZH.map((name, i) => ({ phone: `+8613710000${String(1000 + i).slice(1)}`, name, locale: 'zh-CN' as const })),
  ...HK.map((name, i) => ({ phone: `+8529876${String(5000 + i)}`, name, locale: 'zh-HK' as const })),
  ...EN.map((name, i) => ({ phone: `+1415555${String(200 + i).padStart(4, '0')}`, name, locale: 'en' as const })),
];

/** What people text the clinic that the bot answers alone, and the FAQ template that answers it. */
export const FAQS: Array<{ zh: string; en: string; template: string }> = [
  { zh: '你们几点开门？', en: 'What are your opening hours?', template: 'faq_hours' },
  { zh: '诊所地址在哪里？', en: 'Where is the clinic?', template: 'faq_address' },
  { zh: '周日营业吗', en: 'Are you open on Sunday?', template: 'faq_hours' },
  { zh: '附近好停车吗？', en: 'Is there parking nearby?', template: 'faq_address' },
];

/** What needs a person, the reason the bot hands it over for, and what the agent answers. */
export const HANDOFFS: Array<{ zh: string; en: string; reason: string; answerZh: string; answerEn: string }> = [
  { zh: '牙疼了两天，今天能看吗？', en: 'My tooth has hurt for two days, can someone see me today?', reason: 'urgent',
    answerZh: '您好，今天下午3点还有空位，已为您留好，请按时到诊。', answerEn: 'Hi, we have a slot at 3 pm today and kept it for you.' },
  { zh: '人工', en: 'Can I talk to a person?', reason: 'rule',
    answerZh: '您好，我是前台，请问有什么可以帮您？', answerEn: 'Hi, this is the front desk. How can we help?' },
  { zh: '种植牙大概多少钱？可以分期吗', en: 'How much is an implant? Can I pay in instalments?', reason: 'low_confidence',
    answerZh: '您好，种植牙根据品牌8000-15000元不等，可以分期，具体请到诊面诊。', answerEn: 'Implants are 8,000-15,000 yuan depending on the brand, and instalments are possible.' },
  { zh: '孩子8岁，可以来做窝沟封闭吗？', en: 'Do you treat children? My son is 8.', reason: 'low_confidence',
    answerZh: '可以的，儿童窝沟封闭周六上午有专门时段，帮您预约吗？', answerEn: 'Yes, we see children on Saturday mornings. Shall we book him in?' },
  { zh: '上次补的牙掉了', en: 'The filling from last time fell out', reason: 'urgent',
    answerZh: '抱歉给您带来不便，明天上午10点为您免费重补，可以吗？', answerEn: 'Sorry about that. We can redo it free tomorrow at 10 am, does that work?' },
  { zh: '发票怎么开？', en: 'How do I get an invoice?', reason: 'low_confidence',
    answerZh: '您好，请把抬头和税号发给我们，电子发票会发到您的邮箱。', answerEn: 'Please send us the company name and tax number; the e-invoice goes to your email.' },
];

/** Thanks after an agent's answer, sometimes. */
export const THANKS = { zh: ['好的，谢谢！', '收到，谢谢', '好的'], en: ['Great, thanks!', 'OK, thank you'] };

/** Replies to the marketing campaign. */
export const CAMPAIGN_REPLIES = ['好的，想约周六洗牙', '多少钱？', '这个优惠到什么时候？', '1'];

export const SERVICES = { zh: ['洗牙', '补牙', '牙齿检查'], en: ['Dental cleaning'] } as const;
