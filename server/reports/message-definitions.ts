/**
 * The definitions behind every message figure, in the words the dashboard shows beside it (zh and en). They are the
 * contract of the numbers: the code computing each one says the same in its doc comment.
 */
export type Definitions = Record<string, { zh: string; en: string }>;

/** Health lines from the seeds: 到达率 > 98%, 退订率 < 0.3%. */
export const DELIVERY_RATE_LINE = 0.98;
export const OPT_OUT_RATE_LINE = 0.003;

export const MESSAGE_DEFINITIONS: Definitions = {
  range: {
    zh: '日期按诊所所在时区计算，含首尾两天；按短信创建时间归入日期。',
    en: 'Dates are the clinic\'s local days, both ends included; a text counts on the day it was created.',
  },
  sent: {
    zh: '已交给短信服务商的短信：已送达、未送达、失败，或仍在等待回执。排队中和被拒发的另计。',
    en: 'Texts handed to a provider: delivered, undelivered, failed, or still awaiting a receipt. Queued and refused texts are counted apart.',
  },
  delivered: { zh: '服务商回执为"已送达"的短信。', en: 'Texts whose provider receipt said delivered.' },
  failed: {
    zh: '失败（服务商拒收或回执失败）加未送达（运营商投递失败）。',
    en: 'Failed (the provider refused it or its receipt said failed) plus undelivered (the carrier could not deliver it).',
  },
  awaitingReceipt: { zh: '服务商已接收、尚无最终回执的短信。', en: 'Texts the provider took that have no final receipt yet.' },
  pending: { zh: '仍在发件箱中（排队、暂停的活动、发送中）。', en: 'Still in the outbox (queued, held by a paused campaign, being sent).' },
  refused: { zh: '按规则从未发出的短信（已退订、活动已取消）。', en: 'Texts never sent by policy (opted out, campaign cancelled).' },
  deliveryRate: {
    zh: '送达率 = 已送达 ÷ (已送达 + 失败 + 未送达)；等待回执的不计入。健康线 98%。无分母时为空。',
    en: 'Delivery rate = delivered ÷ (delivered + failed + undelivered); texts awaiting a receipt are left out. Healthy above 98%. Empty when nothing was delivered or failed.',
  },
  segments: {
    zh: '计费条数：服务商回执给出的条数（Twilio NumSegments、阿里云 sms_size、腾讯计费条数），否则按发出的文字连同签名计算（中国运营商：70字一条，超出按67字一条）。',
    en: 'Billed parts: the provider\'s own count from its receipt (Twilio NumSegments, Aliyun sms_size, Tencent fee), else counted from the text as sent with its signature (Chinese carriers: 70 characters one part, longer ones 67 per part).',
  },
  cost: {
    zh: '费用 = 计费条数 × 该通道的单价（未设单价的通道用活动设置中的单价），按当前单价计算。',
    en: 'Cost = billed parts × the channel\'s price per part (the campaign settings\' price where a channel has none), at today\'s prices.',
  },
  latency: {
    zh: '回执延迟：从服务商接收到第一条最终回执的时间，按服务商统计中位数和 P90，取所在区间的上限（1、2、5、10、15、30 秒，1、2、5、10、30 分钟，1、2、6、24 小时）。',
    en: 'Receipt latency: from the provider taking the text to its first final receipt, median and 90th percentile per provider, as the upper bound of the bucket they fall in (1, 2, 5, 10, 15, 30 s; 1, 2, 5, 10, 30 min; 1, 2, 6, 24 h).',
  },
  carrier: {
    zh: '运营商按号段判断（携号转网后仍按原号段）；境外号码按国家或地区。不含省份：系统没有号段归属地库。',
    en: 'The carrier is read from the number\'s prefix (a ported number keeps its original one); numbers abroad by country or region. No province: Huixin has no number-segment database.',
  },
  failureReasons: { zh: '失败和未送达的短信按服务商错误码统计，附说明。', en: 'Failed and undelivered texts by the provider\'s error code, with what it means.' },
  optOuts: {
    zh: '退订人次：期间内的退订（短信关键词、运营商报告、客服记录），不含导入名单中的退订。',
    en: 'Opt-outs: refusals recorded in the range (a keyword, a carrier report, an agent), not counting refusals read from an imported list.',
  },
  optOutRate: {
    zh: '退订率（按每次发送）= 发送后 72 小时内退订的收件人 ÷ 已送达的收件人，退订归于其前 72 小时内最后一条发给他的短信；每条短信是一次发送的一位收件人。健康线 0.3%。',
    en: 'Opt-out rate per send = recipients who refused within 72 h ÷ delivered recipients; an opt-out is charged to the last text sent to that person in the 72 h before it, each text being one recipient of its send. Healthy below 0.3%.',
  },
  complaints: {
    zh: '投诉：系统判为投诉的客户短信，每人 72 小时内只计一次，归于其前 72 小时内最后一条发给他的短信。',
    en: 'Complaints: customers\' texts the engine classed as a complaint, once per person in 72 hours, charged to the last text sent to them in the 72 h before.',
  },
  alarms: {
    zh: '告警：活动当日退订率超过设置而自动暂停，或因投诉被下架；附暂停时扣下的待发短信数。',
    en: 'Alarms: a campaign paused because its opt-outs today passed the setting, or taken down for complaints; with the queued texts the pause held back.',
  },
};

/** The definitions a route returns: the ones it shows. */
export const definitionsOf = (...keys: string[]): Definitions => Object.fromEntries(keys.map((k) => [k, MESSAGE_DEFINITIONS[k]!]));
