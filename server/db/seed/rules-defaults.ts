import type { IntentPhrase, RuleDef, RulesetSource, Settings, TemplateDef } from '../../../rules/types';
import { DEFAULT_URGENT_KEYWORDS } from '../../../rules/stages/urgent';

/**
 * The demo clinic's bot configuration: settings, the templates the bot replies with, a few admin rules and the
 * intent training phrases. Pure data; the server seeds the database from it and later rebuilds the same shape
 * from the rows. Training phrases are kept apart from the test corpus (test/rules/corpus), which they must not echo.
 */

const settings: Settings = {
  businessName: '示例口腔诊所',
  timezone: 'Asia/Shanghai',
  businessHours: {
    1: ['09:00', '18:00'], 2: ['09:00', '18:00'], 3: ['09:00', '18:00'],
    4: ['09:00', '18:00'], 5: ['09:00', '18:00'], 6: ['09:00', '18:00'],
  },
  quietHours: { start: '21:00', end: '08:00' },
  intentThreshold: 0.6,
  intentMargin: 0.3,
  assignmentCap: 8,
  businessPhone: '0571-8888 0000',
  urgentKeywords: [...DEFAULT_URGENT_KEYWORDS],
};

const templates: TemplateDef[] = [
  {
    key: 'appointment_reminder',
    bodies: {
      'zh-CN': '【{{business.name}}】{{contact.name}}您好，您预约了{{appointment.when}}的{{appointment.service}}。确认请回复1，改期请回复2，取消请回复3，人工客服请回复0。',
      en: '[{{business.name}}] Hi {{contact.name}}, your {{appointment.service}} is booked for {{appointment.when}}. Reply 1 to confirm, 2 to reschedule, 3 to cancel, 0 to talk to a person.',
    },
    menu: [
      { key: '1', action: 'appointment.confirm', label: '确认' },
      { key: '2', action: 'appointment.reschedule', label: '改期' },
      { key: '3', action: 'appointment.cancel', label: '取消' },
      { key: '0', action: 'handoff', label: '人工' },
    ],
    menuTtlMinutes: 72 * 60,
  },
  {
    key: 'appointment_confirmed',
    bodies: {
      'zh-CN': '【{{business.name}}】已为您确认{{appointment.when}}的{{appointment.service}}，地址：{{appointment.location}}。期待您的到来！',
      en: '[{{business.name}}] Confirmed: {{appointment.service}} on {{appointment.when}} at {{appointment.location}}. See you then!',
    },
  },
  {
    key: 'appointment_cancelled',
    bodies: {
      'zh-CN': '【{{business.name}}】已为您取消{{appointment.when}}的{{appointment.service}}。如需重新预约，请回复“人工”，客服会为您安排。',
      en: '[{{business.name}}] Your {{appointment.service}} on {{appointment.when}} is cancelled. To book again, reply AGENT and our team will arrange it.',
    },
  },
  {
    key: 'reschedule_offer',
    bodies: {
      'zh-CN': '【{{business.name}}】可为您改约到以下时间：{{#each slots}}\n{{option}}. {{when}}{{/each}}\n请回复字母选择；都不方便请回复0，由客服为您安排。',
      en: '[{{business.name}}] We can move your {{appointment.service}} to:{{#each slots}}\n{{option}}. {{when}}{{/each}}\nReply with a letter to choose, or 0 if none of these suit you.',
    },
    menu: [
      { key: 'A', action: 'slot.choose', label: '时间A' },
      { key: 'B', action: 'slot.choose', label: '时间B' },
      { key: 'C', action: 'slot.choose', label: '时间C' },
      { key: '0', action: 'handoff', label: '都不方便' },
    ],
    menuTtlMinutes: 24 * 60,
  },
  {
    key: 'appointment_rescheduled',
    bodies: {
      'zh-CN': '【{{business.name}}】已为您改约到{{appointment.when}}的{{appointment.service}}，地址：{{appointment.location}}。',
      en: '[{{business.name}}] Done: your {{appointment.service}} is now on {{appointment.when}} at {{appointment.location}}.',
    },
  },
  {
    key: 'csat_survey',
    bodies: {
      'zh-CN': '【{{business.name}}】{{contact.name}}您好，感谢您的到访。请为本次服务打分：回复1-5（5分为非常满意）。',
      en: '[{{business.name}}] Hi {{contact.name}}, thanks for visiting us. How did we do? Reply 1-5 (5 = excellent).',
    },
    menu: ['1', '2', '3', '4', '5'].map((key) => ({ key, action: 'csat.record' as const, label: `${key}分` })),
    menuTtlMinutes: 7 * 24 * 60,
  },
  {
    key: 'csat_thanks',
    bodies: {
      'zh-CN': '【{{business.name}}】感谢您的{{score}}分评价，祝您健康！',
      en: '[{{business.name}}] Thank you for rating us {{score}}/5. Take care!',
    },
  },
  {
    key: 'handoff_ack',
    bodies: {
      'zh-CN': '【{{business.name}}】已为您转接人工客服，请稍候。',
      en: '[{{business.name}}] We have passed your message to our team; someone will reply shortly.',
    },
  },
  {
    key: 'handoff_ack_closed',
    bodies: {
      'zh-CN': '【{{business.name}}】您的消息已转给人工客服。现在是非营业时间，我们将于 {{reopensAt}} 回复您。',
      en: '[{{business.name}}] Thanks, our team is away right now; we will reply at {{reopensAt}}.',
    },
  },
  {
    key: 'opt_out_confirmation',
    bodies: {
      'zh-CN': '【{{business.name}}】您已退订，将不再收到我们的短信。如需恢复，请回复“订阅”。',
      en: '[{{business.name}}] You are unsubscribed and will receive no more messages. Reply START to resubscribe.',
    },
  },
  {
    key: 'opt_in_confirmation',
    bodies: {
      'zh-CN': '【{{business.name}}】您已重新订阅短信通知。拒收请回复R。',
      en: '[{{business.name}}] You are subscribed again. Reply STOP to unsubscribe.',
    },
  },
  {
    key: 'help',
    bodies: {
      'zh-CN': '【{{business.name}}】预约短信助手：收到提醒后回复1确认、2改期、3取消；回复“人工”联系客服；拒收请回复R。',
      en: '[{{business.name}}] Appointment texts: reply 1 to confirm, 2 to reschedule, 3 to cancel a reminder; AGENT for a person; STOP to opt out.',
    },
  },
  {
    key: 'menu_clarify',
    bodies: {
      'zh-CN': '【{{business.name}}】抱歉，没有看懂您的选择。请回复 {{options}} 中的一项；如需人工服务，请回复“人工”。',
      en: '[{{business.name}}] Sorry, we did not catch that. Please reply with one of {{options}}, or AGENT to talk to a person.',
    },
  },
  {
    key: 'cancel_or_stop',
    bodies: {
      'zh-CN': '【{{business.name}}】您是想取消预约，还是不再接收短信？回复1取消预约，回复2退订短信。',
      en: '[{{business.name}}] Do you want to cancel your appointment, or stop receiving texts? Reply 1 to cancel the appointment, 2 to stop texts.',
    },
    menu: [
      { key: '1', action: 'appointment.cancel', label: '取消预约' },
      { key: '2', action: 'opt_out', label: '退订' },
    ],
    menuTtlMinutes: 24 * 60,
  },
  {
    key: 'appointment_check',
    bodies: {
      'zh-CN': '【{{business.name}}】确认{{appointment.when}}的{{appointment.service}}吗？回复1确认，2改期。',
      en: '[{{business.name}}] Confirm your {{appointment.service}} on {{appointment.when}}? Reply 1 to confirm, 2 to reschedule.',
    },
    menu: [
      { key: '1', action: 'appointment.confirm', label: '确认' },
      { key: '2', action: 'appointment.reschedule', label: '改期' },
    ],
    menuTtlMinutes: 24 * 60,
  },
  {
    key: 'appointment_choose',
    bodies: {
      'zh-CN': '【{{business.name}}】您有{{count}}个预约：{{#each appointments}}{{option}} {{when}} {{service}}；{{/each}}请回复字母选择。',
      en: '[{{business.name}}] You have {{count}} appointments:{{#each appointments}} {{option}}. {{service}} on {{when}};{{/each}} reply with a letter to choose.',
    },
    menu: [
      { key: 'A', action: 'appointment.check', label: '预约A' },
      { key: 'B', action: 'appointment.check', label: '预约B' },
      { key: 'C', action: 'appointment.check', label: '预约C' },
    ],
    menuTtlMinutes: 24 * 60,
  },
  {
    key: 'opt_out_marketing_confirmation',
    bodies: {
      'zh-CN': '【{{business.name}}】已为您退订营销短信，预约提醒等服务通知仍会发送。回复TD退订全部短信。',
      en: '[{{business.name}}] You will get no more marketing texts; appointment reminders and other service messages will still be sent. Reply STOP to stop all texts.',
    },
  },
  {
    key: 'urgent_ack',
    bodies: {
      'zh-CN': '【{{business.name}}】收到，已转给医护人员优先处理。如疼痛剧烈、出血不止或肿胀加重，请立即致电 {{business.phone}}；紧急情况请拨打120或前往最近的医院急诊。',
      en: '[{{business.name}}] We have passed this to our clinical team as urgent. For severe pain, bleeding that will not stop or growing swelling, call us now on {{business.phone}}; in an emergency call 120 or go to the nearest hospital emergency department.',
    },
  },
  {
    key: 'greeting',
    bodies: {
      'zh-CN': '【{{business.name}}】您好！这里是预约短信助手。收到预约提醒后回复1确认、2改期、3取消；回复“地址”查看地址和停车；回复“人工”联系客服；退订请回复TD。',
      en: '[{{business.name}}] Hello! This is our appointment assistant. After a reminder, reply 1 to confirm, 2 to reschedule or 3 to cancel; ask for our ADDRESS; reply AGENT for a person; STOP to opt out.',
    },
  },
  {
    key: 'campaign_thanks',
    bodies: {
      'zh-CN': '【{{business.name}}】收到，谢谢您的回复！',
      en: '[{{business.name}}] Got it, thank you for your reply!',
    },
  },
  {
    key: 'campaign_opt_in_confirmation',
    bodies: {
      'zh-CN': '【{{business.name}}】您已同意接收我们的优惠与活动短信。拒收请回复R。',
      en: '[{{business.name}}] You will now receive our offers and news. Reply STOP to opt out.',
    },
  },
  {
    key: 'booking_offer',
    bodies: {
      'zh-CN': '【{{business.name}}】{{service}}可预约以下时间：{{#each slots}}\n{{option}}. {{when}}{{/each}}\n请回复字母选择；都不方便请回复0，由客服为您安排。',
      en: '[{{business.name}}] We can book your {{service}} at:{{#each slots}}\n{{option}}. {{when}}{{/each}}\nReply with a letter to choose, or 0 if none of these suit you.',
    },
    menu: [
      { key: 'A', action: 'slot.choose', label: '时间A' },
      { key: 'B', action: 'slot.choose', label: '时间B' },
      { key: 'C', action: 'slot.choose', label: '时间C' },
      { key: '0', action: 'handoff', label: '都不方便' },
    ],
    menuTtlMinutes: 24 * 60,
  },
  {
    key: 'appointment_booked',
    bodies: {
      'zh-CN': '【{{business.name}}】已为您预约{{appointment.when}}的{{appointment.service}}，地址：{{appointment.location}}。',
      en: '[{{business.name}}] Booked: your {{appointment.service}} on {{appointment.when}} at {{appointment.location}}.',
    },
  },
  {
    key: 'faq_address',
    bodies: {
      'zh-CN': '【{{business.name}}】地址：上海市徐汇区示例路88号2楼（地铁1号线示例站3号口步行5分钟），楼下有收费停车场。',
      en: '[{{business.name}}] We are at 2F, 88 Example Road, Xuhui, Shanghai (5 minutes from Exit 3 of Example Station, Line 1). Paid parking downstairs.',
    },
  },
  {
    key: 'faq_hours',
    bodies: {
      'zh-CN': '【{{business.name}}】营业时间：周一至周六 9:00-18:00，周日休息。',
      en: '[{{business.name}}] Opening hours: Monday to Saturday 9:00-18:00, closed on Sundays.',
    },
  },
];

const rules: RuleDef[] = [
  {
    id: 'faq-address', name: '地址与停车', enabled: true, priority: 10,
    match: { kind: 'contains', patterns: ['地址', '怎么走', '在哪里', '停车', 'address', 'parking', 'directions', 'where are you'] },
    action: 'faq', replyTemplate: 'faq_address',
  },
  {
    id: 'faq-hours', name: '营业时间', enabled: true, priority: 10,
    match: { kind: 'contains', patterns: ['营业时间', '几点开门', '几点关门', '几点下班', '周日开门', 'opening hours', 'business hours', 'what time do you open', 'what time do you close'] },
    action: 'faq', replyTemplate: 'faq_hours',
  },
  {
    id: 'handoff-agent', name: '转人工', enabled: true, priority: 20,
    match: { kind: 'contains', patterns: ['人工', '转人工', '真人', 'agent', 'human', 'real person', 'representative'] },
    action: 'handoff',
  },
];

/** A dozen and more per intent, in the registers customers actually use; `heldOut` ones measure, not train. */
const phrases: Record<string, string[]> = {
  confirm: [
    '我确认', '确定会去', '我会准时到', '准时到', '会来的', '我会过去的', '到时候见',
    '按时过来', '没问题我会去', '不用改了按原来的时间', '不取消我会去的', '我會準時到',
    '预约我确认一下', '那天我有空，会去的', '可以的，我会到', '时间没问题', '就按这个时间', '我记得，会来',
    '预约照旧', '别给我取消，我去', '不改了，就这个时间', '麻烦帮我确认预约', '到時候見', '不用改時間，我會去', 'confirmed', 'i confirm', 'i will be there', "i'll be there", 'see you then', 'yes i will come',
    'count me in', 'keep my appointment', "don't cancel it, i'm coming", 'yes please confirm my appointment',
    'that time works for me', 'all good, see you', "no change needed, i'll come", 'i can make it', 'still on for my appointment',
    'looking forward to it, see you', 'please confirm it',
  ],
  reschedule: [
    '我要改期', '想改个时间', '换个时间', '能改到明天吗', '改到下午', '改到周五上午', '推迟一下', '往后推一天',
    '那天有事去不了能换一天吗', '时间不方便想调整', '可以提前吗', '改成下周', '換個時間',
    '预约能改期吗', '可以帮我改一下预约时间吗', '我想把预约往后挪', '能不能换到周末', '那个时间我去不了，改一下', '能约晚一点的时间吗',
    '可以改早一点吗', '临时有事，预约改一下', '要加班，去不了，换个时间', '这周没空，推到下周', '帮我调到下午', '預約能改期嗎',
    '我想改個時間', '改到别的日子', '出差了来不了，能改期吗',
    'reschedule', 'change the time', 'move it to friday', 'another day please', 'can we do a later time',
    'i need a different time', 'push it back a day', 'can i move my appointment to next week', 'could we change my appointment',
    'i need to change my booking', "i can't make it, can we reschedule", 'is there an earlier slot', 'something came up, need a new time',
    'please move my appointment', 'can you push my appointment back',
  ],
  cancel: [
    '我要取消预约', '帮我取消', '不去了', '去不了了取消吧', '这次不看了', '把预约取消掉', '预约不要了',
    '取消这次的', '取消掉吧', '不用給我留位了', '预约帮我取消一下', '麻烦取消我的预约',
    '不需要了，取消吧', '我决定不做了', '牙已经好了不用来了', '去别家看了，取消', '家里有事，预约取消', '可以取消预约吗',
    '我想取消', '請幫我取消預約', '不去了，謝謝',
    'cancel my appointment', 'please cancel the appointment', 'i want to cancel', "i won't come", 'i am not coming',
    'cancel the booking', 'drop my appointment', 'can you cancel my appointment', 'i need to cancel', 'please cancel it, thanks',
    "i'd like to cancel my booking", "i won't need the appointment anymore",
  ],
  handoff: [
    '找客服', '我要找人', '请让医生给我回电话', '打电话给我', '能打给我吗', '我想和前台说话', '有人吗', '叫个人来',
    '我有问题想咨询', '人工服务', '请回电', '還是打電話說吧', '我想跟护士聊一下', '麻烦让人联系我', '我要跟工作人员说',
    '有没有人能回答我', '请联系我', '叫前台给我打电话',
    'call me please', 'i want to talk to someone', 'speak to the front desk', 'is anyone there',
    'let me talk to a nurse', 'i need to speak with the doctor', '还没法确认', '我不确定能不能去', "i can't confirm yet",
    'have someone contact me', 'can i speak to a person', 'please ask the doctor to call me',
  ],
  complaint: [
    '你们服务太差了', '等了一个小时', '太不专业了', '收费乱七八糟', '医生态度很差', '垃圾诊所',
    '牙齿更疼了', '再也不来了', '乱收费', '態度太差了', '你们怎么搞的', '太过分了', '简直离谱', '退钱', '烦死了',
    '一直发短信烦不烦', '你们有病吧', '坑人',
    'terrible service', 'i want to complain', 'i waited for an hour', 'this is a scam', 'you overcharged me', 'my tooth hurts more now',
    'this is ridiculous', 'worst experience ever', 'your staff was rude', 'i want a refund', 'stop wasting my time',
  ],
  question: [
    '多少钱', '洗牙多少钱', '可以刷医保吗', '能开发票吗', '需要提前到吗', '可以带孩子来吗',
    '洗完牙能吃东西吗', '疼不疼', '要多长时间', '可以用支付宝吗', '要帶什麼證件嗎', '拔牙后要注意什么', '做完能喝酒吗',
    '是哪位医生', '要准备什么', '能不能刷卡', '要打麻药吗', '检查要多久', '费用能报销吗', '孕妇可以洗牙吗', '有儿童牙科吗',
    'how much does it cost', 'do i need to bring id', 'do you take insurance', 'how long will it take', 'can i eat before',
    'is it painful', 'can i bring my kid', 'do you accept cards', 'what should i bring', 'who is my dentist',
    'do you do braces', 'is there a fee', 'should i arrive early',
  ],
  opt_out: [
    '不要再给我发短信', '别给我发信息了', '以后不要发了', '我不想收到这些短信', '不想再收到通知', '把我的号码删掉',
    '停止发短信', '请勿打扰', '别再发广告了', '不要再发提醒了', '我不需要这些通知', "don't text me anymore", 'take me off your list', 'no more messages', 'stop sending me these',
    'i do not want these texts', 'remove my number', 'unsubscribe me please',
  ],
  opt_in: [
    '我要订阅', '恢复短信通知', '开启短信提醒', '继续给我发提醒', '恢复提醒', '我想继续收到通知',
    '重新开通短信', '可以再给我发提醒',
    'start again', 'resubscribe', 'please start sending again', 'opt me back in', 'send me reminders again', 'subscribe me',
    'i want the texts again',
  ],
  help: [
    '怎么用', '这是谁', '怎么回复', '回复什么', '这个号码是干嘛的', '我该怎么操作',
    '这是哪家', '你是谁呀', '這是誰',
    'what is this', 'how does this work', 'what do i reply', 'what number is this', 'help please',
    'who are you', 'what is this number',
  ],
  csat: [
    '很满意', '服务很好', '医生很专业', '护士很温柔', '体验不错', '一般般', '还可以吧', '不太满意',
    '五星好评', '服務很好',
    'great service', 'very happy', 'the dentist was lovely', 'pretty good', 'it was ok', 'not great',
  ],
  ack: [
    '没问题', '知道了', 'okay', 'yep',
    'got it', 'alright', 'sounds good', '好的好的', '收到了', '沒問題', '好的知道了', '行吧', '了解',
  ],
  thanks: [
    '多谢', '非常感谢', '辛苦了', '谢谢医生', '感谢提醒', 'thank you so much',
    'many thanks', 'thanks for the reminder', 'appreciate it', 'cheers',
  ],
};

/** Every sixth phrase of each intent is held out to measure the classifier after a retrain. */
const intentPhrases: IntentPhrase[] = Object.entries(phrases).flatMap(([intent, texts]) =>
  texts.map((text, i) => ({ intent, text, ...(i % 6 === 5 ? { heldOut: true } : {}) })));

export const defaultRulesetSource: RulesetSource = {
  version: 'seed',
  rules,
  templates,
  intentPhrases,
  settings,
};
