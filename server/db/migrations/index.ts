import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { Appointments1763800000000 } from './1763800000000-appointments';
import { Inbox1763800001000 } from './1763800001000-inbox';
import { Admin1763800002000 } from './1763800002000-admin';
import { InboxListIndexes1763900000000 } from './1763900000000-inbox-list-indexes';
import { AgentAvailability1763900001000 } from './1763900001000-agent-availability';
import { AssignmentTurn1764000000000 } from './1764000000000-assignment-turn';
import { ConsentScope1764100000000 } from './1764100000000-consent-scope';
import { AgentInvites1764200000000 } from './1764200000000-agent-invites';
import { CatalogPeriods1764300000000 } from './1764300000000-catalog-periods';
import { ContactsAdmin1764400000000 } from './1764400000000-contacts-admin';
import { ConversationActivity1764500000000 } from './1764500000000-conversation-activity';
import { CannedReplies1764520000000 } from './1764520000000-canned-replies';
import { AgentNotifications1764540000000 } from './1764540000000-agent-notifications';
import { ConversationTools1764600000000 } from './1764600000000-conversation-tools';
import { Channels1764650000000 } from './1764650000000-channels';
import { CnProviders1764700000000 } from './1764700000000-cn-providers';
import { OutboxLane1764750000000 } from './1764750000000-outbox-lane';
import { ChannelTemplates1764760000000 } from './1764760000000-channel-templates';
import { RuleTags1764820000000 } from './1764820000000-rule-tags';
import { ShortLinks1764820001000 } from './1764820001000-short-links';
import { Campaigns1764800000000 } from './1764800000000-campaigns';
import { CampaignLinks1764850000000 } from './1764850000000-campaign-links';
import { CampaignVariants1764850001000 } from './1764850001000-campaign-variants';
import { CampaignSafety1764860000000 } from './1764860000000-campaign-safety';
import { CampaignProviderTemplate1764880000000 } from './1764880000000-campaign-provider-template';
import { ConversationEpisodes1764900000000 } from './1764900000000-conversation-episodes';
import { MessageReports1764900001000 } from './1764900001000-message-reports';
import { ReportIndexes1764900002000 } from './1764900002000-report-indexes';
import { CampaignKeptDown1764900005000 } from './1764900005000-campaign-kept-down';
import { ConsentContactIndex1764900011000 } from './1764900011000-consent-contact-index';
import { TimeHistogramGrains1764900012000 } from './1764900012000-time-histogram-grains';
import { VisitReportRollups1764900030000 } from './1764900030000-visit-report-rollups';
import { CampaignReportRollups1764900040000 } from './1764900040000-campaign-report-rollups';
import { OutboxDueIndex1764900050000 } from './1764900050000-outbox-due-index';
import { SendingDueAtLease1764900060000 } from './1764900060000-sending-due-at-lease';
import { ReplyDecidedBy1764900070000 } from './1764900070000-reply-decided-by';

/** In order; listed explicitly so start-up never globs the file system. */
export const migrations = [InitialSchema1763700000000, Appointments1763800000000, Inbox1763800001000, Admin1763800002000, InboxListIndexes1763900000000, AgentAvailability1763900001000,
  AssignmentTurn1764000000000, ConsentScope1764100000000, AgentInvites1764200000000, CatalogPeriods1764300000000,
  ContactsAdmin1764400000000,
  ConversationActivity1764500000000, CannedReplies1764520000000, AgentNotifications1764540000000,
  ConversationTools1764600000000, Channels1764650000000, CnProviders1764700000000, OutboxLane1764750000000,
  ChannelTemplates1764760000000, Campaigns1764800000000, RuleTags1764820000000, ShortLinks1764820001000,
  CampaignLinks1764850000000, CampaignVariants1764850001000, CampaignSafety1764860000000,
  CampaignProviderTemplate1764880000000, ConversationEpisodes1764900000000, MessageReports1764900001000, ReportIndexes1764900002000,
  CampaignKeptDown1764900005000, ConsentContactIndex1764900011000, TimeHistogramGrains1764900012000,
  VisitReportRollups1764900030000, CampaignReportRollups1764900040000, OutboxDueIndex1764900050000,
  SendingDueAtLease1764900060000, ReplyDecidedBy1764900070000];
