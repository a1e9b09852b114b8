import { z } from 'zod';
import { SYSTEM_TEMPLATES, TEMPLATE_VARIABLES } from '../../rules';
import type { Settings, TemplateDef } from '../../rules/types';
import { sampleTemplateVars } from '../admin/sample-vars';
import { HttpError } from '../http/errors';
import type { ChannelTemplateItem, TemplateMappingView } from './channel-contract';
import { AGENT_REPLY_KEY, type TemplateMapping } from './provider-templates';
import { approvedParams, previewTemplate, type TemplateProvider } from './template-preview';

// A template-only channel's mapping as the admin sees and edits it: which Huixin templates exist, what each may be
// filled with, and the checks a mapping passes before it is stored.

/** What an agent's sample reply looks like in a preview of the customer-service template. */
const SAMPLE_BODY = '明天上午十点可以来，请带上病历。';

/** Provider templates cannot loop: a list's first three items are offered by position (`slots.0.when`). */
function expand(variables: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of variables) {
    const item = /^(\w+)\[\]\.(\w+)$/.exec(v);
    if (item) for (const i of [0, 1, 2]) out.push(`${item[1]}.${i}.${item[2]}`);
    else if (!variables.some((other) => other.startsWith(`${v}[]`))) out.push(v);
  }
  return out;
}

/** The variables a provider parameter may take for one Huixin template; `body` (the rendered text) always. */
export function mappableVariables(key: string): string[] {
  if (key === AGENT_REPLY_KEY) return ['body', 'business.name', 'business.phone', 'contact.name'];
  return ['body', ...expand(SYSTEM_TEMPLATES[key]?.vars ?? [...TEMPLATE_VARIABLES, 'count'])];
}

export function previewSamples(settings: Settings): Record<string, unknown> {
  return { ...sampleTemplateVars(settings, 'zh-CN'), body: SAMPLE_BODY };
}

const viewOf = (m: TemplateMapping[string]): TemplateMappingView => ({ code: m.code, params: { ...m.params }, text: m.text ?? null });

/** Every sendable Huixin template (agent_reply first), mapped or not, and any mapping whose template was since removed. */
export function templateItems(provider: TemplateProvider, signName: string, mapping: TemplateMapping, templates: TemplateDef[], samples: Record<string, unknown>): ChannelTemplateItem[] {
  const texts = new Map(templates.map((t) => [t.key, t.bodies['zh-CN'] ?? Object.values(t.bodies)[0] ?? null]));
  const keys = [AGENT_REPLY_KEY, ...[...texts.keys()].sort(), ...Object.keys(mapping).filter((k) => k !== AGENT_REPLY_KEY && !texts.has(k)).sort()];
  return keys.map((key) => {
    const m = Object.hasOwn(mapping, key) ? mapping[key] : undefined;
    return {
      key, kind: key === AGENT_REPLY_KEY ? 'free_text' : 'template', huixinText: texts.get(key) ?? null, variables: mappableVariables(key),
      mapping: m ? viewOf(m) : null,
      preview: m?.text ? previewTemplate({ provider, signName, text: m.text, params: m.params, samples }) : null,
    };
  });
}

const noControl = /^[^\p{Cc}]*$/u;
export const mappingBody = z.strictObject({
  code: z.string().trim().min(1).max(64),
  /** The approved text pasted from the provider's console. */
  text: z.string().trim().min(1).max(500).refine((t) => noControl.test(t.replace(/\n/g, '')), 'must not contain control characters'),
  params: z.record(z.string().min(1).max(64), z.string().min(1).max(128)).refine((p) => Object.keys(p).length <= 20, 'at most 20 parameters').default({}),
});
export type MappingBody = z.infer<typeof mappingBody>;

const CODE_SHAPE: Record<TemplateProvider, { re: RegExp; example: string }> = {
  aliyun: { re: /^SMS_\d{1,20}$/, example: 'SMS_123456789' },
  tencent: { re: /^\d{1,20}$/, example: '1234567' },
};

/** What parseInput cannot see alone: the code's shape for this provider, each parameter in the text, each variable known. */
export function checkMapping(provider: TemplateProvider, key: string, body: MappingBody, variables = mappableVariables(key)): void {
  const shape = CODE_SHAPE[provider];
  if (!shape.re.test(body.code)) throw new HttpError(400, 'invalid_field', `code: a ${provider} template code looks like ${shape.example}`, 'code');
  const inText = approvedParams(provider, body.text);
  for (const [param, variable] of Object.entries(body.params)) {
    if (!inText.includes(param)) {
      const written = provider === 'aliyun' ? `\${${param}}` : `{${param}}`;
      throw new HttpError(400, 'invalid_field', `params.${param}: the approved text has no ${written}`, `params.${param}`);
    }
    if (!variables.includes(variable)) {
      throw new HttpError(400, 'invalid_field', `params.${param}: "${variable}" is not a variable of ${key} (${variables.join(', ')})`, `params.${param}`);
    }
  }
  if (key === AGENT_REPLY_KEY && !Object.values(body.params).includes('body')) {
    throw new HttpError(400, 'invalid_field', 'params: the customer-service template needs a parameter filled with the agent’s text (body)', 'params');
  }
}
