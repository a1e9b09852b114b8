import { apiRequest } from '../shared/api';
import type { ChannelList, ChannelTemplateItem, ChannelTemplateList, ChannelView } from '../../../server/channels/channel-contract';

// Typed calls to server/channels/channels.routes.ts and channel-templates.routes.ts.
export type { ChannelList, ChannelTemplateItem, ChannelTemplateList, ChannelView };

export interface ChannelInput {
  name: string; provider: string; sender: string; ratePerSecond: number | null; carries: Array<'transactional' | 'marketing'>;
  config: Record<string, string>; secrets?: Record<string, string>; active: boolean;
  /** What one billed SMS part costs on this channel, in the business's currency (yuan); null: the campaign settings' price. */
  pricePerSegment: number | null;
}

export interface TemplateMappingInput { code: string; text: string; params: Record<string, string> }

/** null: the environment's channel. */
const templatesPath = (id: number | null) => `/api/channels/${id ?? 'default'}/templates`;

export const channelsApi = {
  list: () => apiRequest<ChannelList>('/api/channels'),
  create: (input: ChannelInput) => apiRequest<ChannelView>('/api/channels', { method: 'POST', body: input }),
  update: (id: number, input: Partial<Omit<ChannelInput, 'provider'>>) => apiRequest<ChannelView>(`/api/channels/${id}`, { method: 'PATCH', body: input }),
  templates: (id: number | null) => apiRequest<ChannelTemplateList>(templatesPath(id)),
  mapTemplate: (id: number, key: string, input: TemplateMappingInput) =>
    apiRequest<ChannelTemplateItem>(`${templatesPath(id)}/${encodeURIComponent(key)}`, { method: 'PUT', body: input }),
  unmapTemplate: (id: number, key: string) => apiRequest<void>(`${templatesPath(id)}/${encodeURIComponent(key)}`, { method: 'DELETE' }),
};
