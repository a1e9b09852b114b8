import { z } from 'zod';
import {
  campaignPolicyBody, createCampaignBody, createSegmentBody, patchCampaignBody, patchSegmentBody, reviewBody, testSendBody,
} from '../campaigns/campaign-schemas';
import { createChannelBody, patchChannelBody } from '../channels/channel-schemas';
import { templateKeyParams } from '../channels/channel-templates.routes';
import { mappingBody } from '../channels/channel-templates';
import {
  campaign, campaignAlarms, campaignList, campaignPolicy, campaignPreview, idAnswer, segment, segmentPreview,
} from './campaign-answers';
import { channelList, channelTemplateItem, channelTemplateList, channelView } from './channel-answers';
import { idPath, itemsOf } from './common-schemas';
import { created, group, json } from './operation';

/** POST /api/campaigns/{id}/<command>: each answers the campaign as it now is. */
const campaignCommand = (command: string, summary: string) =>
  ({ method: 'post' as const, path: `/api/campaigns/{id}/${command}`, summary, params: idPath, ok: json(campaign) });

export const campaignPaths = group('Campaigns', 'admin', [
  { method: 'get', path: '/api/campaigns', summary: 'Every campaign with its numbers', ok: json(campaignList) },
  { method: 'post', path: '/api/campaigns', summary: 'Draft a campaign', body: createCampaignBody, ok: created(idAnswer) },
  { method: 'get', path: '/api/campaigns/{id}', summary: 'One campaign with its numbers', params: idPath, ok: json(campaign) },
  { method: 'patch', path: '/api/campaigns/{id}', summary: 'Change a draft or scheduled campaign', params: idPath, body: patchCampaignBody, ok: json(campaign) },
  { method: 'post', path: '/api/campaigns/{id}/copy', summary: 'Copy a campaign as a new draft', params: idPath, ok: created(idAnswer) },
  { method: 'get', path: '/api/campaigns/{id}/preview', summary: 'The first recipients\' texts, the audience and the cost estimate', params: idPath, ok: json(campaignPreview) },
  { method: 'post', path: '/api/campaigns/{id}/test', summary: 'Send the campaign\'s text to one phone', params: idPath, body: testSendBody, ok: json(z.object({ messageId: z.number() }), 'Queued', 202) },
  campaignCommand('start', 'Start (or schedule) the campaign'),
  campaignCommand('pause', 'Pause the campaign'),
  campaignCommand('resume', 'Resume a paused campaign'),
  campaignCommand('cancel', 'Cancel the campaign'),
  { method: 'post', path: '/api/campaigns/{id}/review', summary: 'Review a campaign taken down for complaints: restore it or keep it down', params: idPath, body: reviewBody, ok: json(campaign) },
  { method: 'get', path: '/api/campaign-alarms', summary: 'Complaint rate this month and campaigns waiting for review', ok: json(campaignAlarms) },
  { method: 'get', path: '/api/campaign-settings', summary: 'Campaign policy: quiet hours, frequency cap, prices', ok: json(campaignPolicy) },
  { method: 'put', path: '/api/campaign-settings', summary: 'Change the campaign policy', body: campaignPolicyBody, ok: json(campaignPolicy) },
  { method: 'get', path: '/api/segments', summary: 'Saved audiences', ok: json(itemsOf(segment)) },
  { method: 'post', path: '/api/segments', summary: 'Save an audience', body: createSegmentBody, ok: created(segment) },
  { method: 'get', path: '/api/segments/{id}', summary: 'One audience', params: idPath, ok: json(segment) },
  { method: 'patch', path: '/api/segments/{id}', summary: 'Change an audience', params: idPath, body: patchSegmentBody, ok: json(segment) },
  { method: 'get', path: '/api/segments/{id}/preview', summary: 'How many contacts the audience selects, with a sample', params: idPath, ok: json(segmentPreview) },
]);

const channelTemplatePath = idPath.extend(templateKeyParams.shape);

export const channelPaths = group('Channels', 'admin', [
  { method: 'get', path: '/api/channels', summary: 'SMS channels (secrets never shown, only whether they are set)', ok: json(channelList) },
  { method: 'post', path: '/api/channels', summary: 'Add a channel', body: createChannelBody, ok: created(channelView) },
  { method: 'patch', path: '/api/channels/{id}', summary: 'Change a channel', params: idPath, body: patchChannelBody, ok: json(channelView) },
  { method: 'get', path: '/api/channels/default/templates', summary: "The environment channel's provider templates", ok: json(channelTemplateList) },
  { method: 'get', path: '/api/channels/{id}/templates', summary: "A channel's provider templates and how Huixin's templates map to them", params: idPath, ok: json(channelTemplateList) },
  { method: 'put', path: '/api/channels/{id}/templates/{key}', summary: 'Map a Huixin template to an approved provider template', params: channelTemplatePath, body: mappingBody, ok: json(channelTemplateItem) },
  { method: 'delete', path: '/api/channels/{id}/templates/{key}', summary: 'Remove a mapping', params: channelTemplatePath, ok: { status: 204, description: 'Removed' } },
]);
