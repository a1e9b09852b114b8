// What GET/POST/PATCH /api/channels answer: shared by the server and the admin page.

export type ChannelCarries = Array<'transactional' | 'marketing'>;

/** A channel as admins see it: which secrets are set, never their values. */
export interface ChannelView {
  id: number; name: string; provider: string; sender: string; ratePerSecond: number | null; carries: ChannelCarries;
  config: Record<string, string>; secretsSet: boolean; secretKeysSet: string[]; active: boolean;
  /** What one billed SMS part costs on it (the reports' cost); null: the campaign settings' price. */
  pricePerSegment: number | null;
  createdAt: string; updatedAt: string;
}

export interface ChannelList {
  /** The environment's channel (SMS_PROVIDER and its variables): read-only here. */
  default: { provider: string; sender: string | null; ratePerSecond: number | null };
  /** Whether CHANNEL_SECRETS_KEY is set, without which secrets cannot be stored. */
  secretsKeySet: boolean;
  providers: Array<{ name: string; config: string[]; secrets: string[] }>;
  items: ChannelView[];
}

/** One mapping of a Huixin template to a provider's approved template, as the admin edits it. */
export interface TemplateMappingView { code: string; params: Record<string, string>; text: string | null }

/** A Huixin template on a template-only channel (GET /api/channels/:id/templates): mapped or not, and what it delivers. */
export interface ChannelTemplateItem {
  key: string;
  /** `free_text` is agent_reply, the customer-service template agents' own words go through. */
  kind: 'template' | 'free_text';
  /** The Huixin template's zh-CN text, for reference; null for agent_reply and for a mapping whose template is gone. */
  huixinText: string | null;
  /** The Huixin variables a parameter may take for this template. */
  variables: string[];
  mapping: TemplateMappingView | null;
  /** Null when unmapped, or mapped without the approved text (an environment mapping may lack it). */
  preview: import('./template-preview').TemplatePreview | null;
}

export interface ChannelTemplateList {
  /** id null: the environment's channel, read-only here. */
  channel: { id: number | null; provider: 'aliyun' | 'tencent'; signName: string; editable: boolean };
  /** `environment`: the channel has no mapping of its own yet and sends with ALIYUN_TEMPLATES / TENCENT_TEMPLATES. */
  source: 'channel' | 'environment';
  /** The sample values previews are filled with (server/admin/sample-vars.ts, plus `body`). */
  samples: Record<string, unknown>;
  items: ChannelTemplateItem[];
}
