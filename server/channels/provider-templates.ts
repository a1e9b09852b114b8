import { z } from 'zod';
import { ProviderError, type OutboundSms } from './sms-provider';

/**
 * `*_TEMPLATES`: which approved provider template each Huixin template is sent as, and which Huixin variable fills
 * each of its parameters. `{ "<huixin key>": { "code": "<provider template>", "params": { "<param>": "<variable>" } } }`
 * Variables are dotted paths into what the template was rendered with (`contact.name`, `appointment.when`), or `body`.
 */
const mappingSchema = z.record(z.string().min(1).max(64), z.object({
  code: z.string().min(1).max(64),
  params: z.record(z.string().min(1).max(64), z.string().min(1).max(128)).default({}),
  /** The approved text as the provider console shows it (`您的预约${time}已确认`), for the admin's preview only. */
  text: z.string().max(500).optional(),
}).strict());

export type TemplateMapping = z.infer<typeof mappingSchema>;

/** The key of the customer-service template an agent's free text (and an unmapped message) is sent through. */
export const AGENT_REPLY_KEY = 'agent_reply';

/**
 * The longest text that fits one template variable. Both providers cap a variable at 35 characters for ordinary
 * (non-code) variables (Tencent's 变量长度, Aliyun's 其他变量), so longer free text is refused rather than cut.
 */
export const TEMPLATE_VAR_MAX_LENGTH = 35;

/** zod transform for a `*_TEMPLATES` variable: unset → no mapping; bad JSON or shape stops start-up naming it. */
export const templatesVariable = z.string().optional().transform((raw, ctx): TemplateMapping => {
  if (!raw?.trim()) return {};
  let json: unknown;
  try { json = JSON.parse(raw); } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be JSON like {"<template key>":{"code":"SMS_1","params":{"name":"contact.name"}}}' });
    return z.NEVER;
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${first.path.join('.') || '(root)'}: ${first.message}` });
    return z.NEVER;
  }
  return parsed.data;
});

export interface ResolvedTemplate { code: string; params: Array<[string, string]> }

function lookup(vars: Record<string, unknown>, path: string): string {
  let value: unknown = vars;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined || value === null ? '' : String(value);
}

/** Whether free text (an agent's reply) can go out on a template-only provider, and if not, why. */
export function freeTextRule(mapping: TemplateMapping, text?: string): { ok: true } | { ok: false; reason: string } {
  if (!mapping[AGENT_REPLY_KEY]) return { ok: false, reason: `no customer-service template is mapped (${AGENT_REPLY_KEY}); this provider sends approved templates only` };
  if (text !== undefined && [...text].length > TEMPLATE_VAR_MAX_LENGTH) {
    return { ok: false, reason: `the customer-service template takes at most ${TEMPLATE_VAR_MAX_LENGTH} characters` };
  }
  return { ok: true };
}

/**
 * The provider template and parameter values for one outbound message: its own template's mapping, else the
 * customer-service template with the text as `body`; else a ProviderError the sender records (never a silent drop).
 */
export function resolveTemplate(mapping: TemplateMapping, sms: OutboundSms): ResolvedTemplate {
  const own = sms.template?.provider ?? (sms.template ? mapping[sms.template.key] : undefined);
  const vars = { ...(sms.template?.vars ?? {}), body: sms.body };
  if (own) return { code: own.code, params: Object.entries(own.params).map(([param, variable]) => [param, lookup(vars, variable)]) };
  const rule = freeTextRule(mapping, sms.body);
  if (!rule.ok) {
    const what = sms.template ? `template "${sms.template.key}" has no provider template and ` : '';
    throw new ProviderError(`Not sent: ${what}${rule.reason}`, false, 'template_unmapped');
  }
  const reply = mapping[AGENT_REPLY_KEY];
  return { code: reply.code, params: Object.entries(reply.params).map(([param, variable]) => [param, lookup(vars, variable)]) };
}

/** Tencent's TemplateParamSet is positional: params named "1", "2"… go in that order, others as listed. */
export function orderedParams(params: Array<[string, string]>): string[] {
  const numeric = params.every(([k]) => /^\d+$/.test(k));
  return (numeric ? [...params].sort((a, b) => Number(a[0]) - Number(b[0])) : params).map(([, v]) => v);
}
