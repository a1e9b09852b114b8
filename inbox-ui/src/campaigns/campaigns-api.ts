import { apiRequest } from '../shared/api';
import type {
  CampaignMenuOption, CampaignPreview, CampaignStats, CampaignView, SegmentDefinition, SegmentPreview, SegmentView,
} from '../../../server/campaigns/campaign-contract';
import type { ChannelList } from '../../../server/channels/channel-contract';
import type { ContactAttributeView } from '../../../server/contacts/contacts-contract';

// Typed calls to the segments and campaigns routes (server/campaigns/*.routes.ts); the shapes are the server's own
// contract (types only, so nothing of the server is bundled).
export type { CampaignMenuOption, CampaignPreview, CampaignStats, CampaignView, SegmentDefinition, SegmentPreview, SegmentView };
export type CampaignInput = Pick<CampaignView, 'name' | 'category' | 'segmentId' | 'body' | 'menu' | 'ratePerSecond' | 'sendAt' | 'channelId'
  | 'link' | 'variants' | 'testShare' | 'winnerBy' | 'winnerAfterHours' | 'trigger'>;
export type CampaignCommand = 'start' | 'pause' | 'resume' | 'cancel';

const send = <T>(method: string, path: string, body: unknown = {}) => apiRequest<T>(path, { method, body });

export const campaignsApi = {
  segments: () => apiRequest<{ items: SegmentView[] }>('/api/segments'),
  segment: (id: number) => apiRequest<SegmentView>(`/api/segments/${id}`),
  createSegment: (body: SegmentDefinition & { name: string }) => send<SegmentView>('POST', '/api/segments', body),
  updateSegment: (id: number, body: SegmentDefinition & { name: string }) => send<SegmentView>('PATCH', `/api/segments/${id}`, body),
  previewSegment: (id: number) => apiRequest<SegmentPreview>(`/api/segments/${id}/preview`),
  list: () => apiRequest<{ items: CampaignView[] }>('/api/campaigns'),
  get: (id: number) => apiRequest<CampaignView>(`/api/campaigns/${id}`),
  create: (body: CampaignInput) => send<{ id: number }>('POST', '/api/campaigns', body),
  update: (id: number, body: Partial<CampaignInput>) => send<CampaignView>('PATCH', `/api/campaigns/${id}`, body),
  preview: (id: number) => apiRequest<CampaignPreview>(`/api/campaigns/${id}/preview`),
  test: (id: number) => send<{ messageId: number }>('POST', `/api/campaigns/${id}/test`, {}),
  command: (id: number, command: CampaignCommand) => send<CampaignView>('POST', `/api/campaigns/${id}/${command}`),
  review: (id: number, decision: 'restore' | 'keep_down') => send<CampaignView>('POST', `/api/campaigns/${id}/review`, { decision }),
  copy: (id: number) => send<{ id: number }>('POST', `/api/campaigns/${id}/copy`),
  channels: () => apiRequest<ChannelList>('/api/channels'),
  attributes: () => apiRequest<{ items: ContactAttributeView[] }>('/api/contact-attributes'),
  myPhone: async () => (await apiRequest<{ agent: { phone: string | null } }>('/api/me')).agent.phone,
  setMyPhone: (phone: string) => send<{ agent: { phone: string | null } }>('PATCH', '/api/me', { phone }),
};
