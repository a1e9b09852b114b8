import { pageMessages } from '../shared/i18n';

/**
 * Words for the options a provider takes (channel-registry.ts providerConfigKeys / providerSecretKeys): the form
 * shows a label and a one-line hint, never the raw option name. An option without words here shows its name.
 */
const labels = pageMessages({
  accountSid: ['Twilio 账号 SID', 'Twilio Account SID'],
  authToken: ['Twilio Auth Token', 'Twilio Auth Token'],
  accessKeyId: ['阿里云 AccessKey ID', 'Aliyun AccessKey ID'],
  accessKeySecret: ['阿里云 AccessKey Secret', 'Aliyun AccessKey Secret'],
  secretId: ['腾讯云 SecretId', 'Tencent Cloud SecretId'],
  secretKey: ['腾讯云 SecretKey', 'Tencent Cloud SecretKey'],
  sdkAppId: ['短信应用 SDK AppID', 'SMS application SDK AppID'],
  callbackSecret: ['回调密钥', 'Callback secret'],
  callbackIps: ['允许回调的来源 IP', 'Callback source IPs allowed'],
});
const hints = pageMessages({
  accountSid: ['Twilio 控制台首页上以 AC 开头的编号；留空则用环境变量中的账号。', 'The AC… identifier on the Twilio console; empty: the environment’s account.'],
  authToken: ['与账号 SID 同页显示，用于发送和校验回调签名。', 'Shown beside the Account SID; used to send and to check callback signatures.'],
  accessKeyId: ['RAM 用户的 AccessKey ID，该用户需有短信发送权限。', 'The AccessKey ID of a RAM user allowed to send SMS.'],
  accessKeySecret: ['创建 AccessKey 时只显示一次的密钥。', 'The secret shown once when the AccessKey was created.'],
  secretId: ['访问管理（CAM）中 API 密钥的 SecretId。', 'The SecretId of an API key in Cloud Access Management.'],
  secretKey: ['与 SecretId 成对的 SecretKey。', 'The SecretKey paired with the SecretId.'],
  sdkAppId: ['短信控制台“应用管理”中的 SDK AppID（以 14 开头）。', 'The SDK AppID under Application Management in the SMS console (starts with 14).'],
  callbackSecret: ['设置后回调地址变为 /webhooks/服务商/密钥/…，原地址返回 404；至少 16 位字母、数字、_ 或 -。', 'Once set, callbacks go to /webhooks/<provider>/<secret>/… and the plain paths answer 404; 16 or more letters, digits, _ or -.'],
  callbackIps: ['用逗号分隔的 IP 或网段（如 203.0.113.0/24）；留空则不限来源。', 'IPs or CIDR ranges separated by commas (203.0.113.0/24); empty: any source.'],
});

type Known = Parameters<typeof labels>[0];
const isKnown = (key: string): key is Known => Object.hasOwn({ accountSid: 1, authToken: 1, accessKeyId: 1, accessKeySecret: 1, secretId: 1, secretKey: 1, sdkAppId: 1, callbackSecret: 1, callbackIps: 1 }, key);

export const optionLabel = (key: string): string => (isKnown(key) ? labels(key) : key);
export const optionHint = (key: string): string => (isKnown(key) ? hints(key) : '');
