import { smsCost } from '../admin/sms-segments';

/**
 * What a carrier delivers for one mapped provider template: the 【签名】 the provider adds, then the approved text with
 * its parameters filled. Pure and dependency-free so the admin page (which imports it by relative path) previews
 * live, exactly as the server answers.
 */

/** Both providers cap an ordinary variable at 35 characters (Aliyun 其他变量, Tencent 变量长度). */
export const PARAM_VALUE_MAX = 35;

export type TemplateProvider = 'aliyun' | 'tencent';

/**
 * The parameter names an approved text uses, in order of first use: Aliyun writes `${name}`, Tencent `{1}`.
 * @example approvedParams('aliyun', '您的预约${time}已确认，${time}见') // → ['time']
 * @example approvedParams('tencent', '您的预约{1}已确认')            // → ['1']
 */
export function approvedParams(provider: TemplateProvider, text: string): string[] {
  const pattern = provider === 'aliyun' ? /\$\{([A-Za-z0-9_]+)\}/g : /\{(\d+)\}/g;
  return [...new Set([...text.matchAll(pattern)].map((m) => m[1]))];
}

export type PreviewWarning =
  | { kind: 'long_value'; param: string; length: number }
  | { kind: 'unmapped_param'; param: string }
  | { kind: 'no_sample'; param: string; variable: string };

export interface TemplatePreview {
  /** Exactly what the phone shows: 【签名】 + the filled text. */
  text: string;
  /** Characters, the signature included (what Chinese carriers bill by). */
  length: number;
  /** Messages billed in China: up to 70 characters one, longer ones 67 per part. */
  billed: number;
  warnings: PreviewWarning[];
}

function lookup(vars: Record<string, unknown>, path: string): string | undefined {
  let value: unknown = vars;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined || value === null || typeof value === 'object' ? undefined : String(value);
}

/**
 * @example previewTemplate({ provider: 'aliyun', signName: '示例诊所', text: '您的预约${time}已确认',
 *   params: { time: 'appointment.when' }, samples: { appointment: { when: '11月26日 10:00' } } }).text
 *   // → '【示例诊所】您的预约11月26日 10:00已确认'
 */
export function previewTemplate(input: {
  provider: TemplateProvider; signName: string; text: string; params: Record<string, string>; samples: Record<string, unknown>;
}): TemplatePreview {
  const warnings: PreviewWarning[] = [];
  const values = new Map<string, string>();
  for (const param of approvedParams(input.provider, input.text)) {
    const variable = input.params[param];
    if (!variable) { warnings.push({ kind: 'unmapped_param', param }); continue; }
    const value = lookup(input.samples, variable);
    if (value === undefined) { warnings.push({ kind: 'no_sample', param, variable }); continue; }
    const length = [...value].length;
    if (length > PARAM_VALUE_MAX) warnings.push({ kind: 'long_value', param, length });
    values.set(param, value);
  }
  // An unmapped parameter stays as written, so the admin sees where it is.
  const fill = (whole: string, name: string) => values.get(name) ?? whole;
  const filled = input.provider === 'aliyun' ? input.text.replace(/\$\{([A-Za-z0-9_]+)\}/g, fill) : input.text.replace(/\{(\d+)\}/g, fill);
  const text = `【${input.signName}】${filled}`;
  const cost = smsCost(text);
  return { text, length: cost.chinaChars, billed: cost.chinaBilled, warnings };
}
