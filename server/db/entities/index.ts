import { Agent, Session } from './agent.entity';
import { Appointment } from './appointment.entity';
import { AppointmentEvent } from './appointment-event.entity';
import { Location } from './location.entity';
import { Service } from './service.entity';
import { StaffMember } from './staff.entity';
import { IntentPhraseRow, RuleRow, SettingRow, TemplateRow } from './config-rows.entity';
import { ConsentEvent } from './consent-event.entity';
import { Contact } from './contact.entity';
import { ContactAttribute } from './contact-attribute.entity';
import { Conversation } from './conversation.entity';
import { Message } from './message.entity';
import { ScheduledJob } from './scheduled-job.entity';
import { ConversationNote } from './conversation-note.entity';
import { ConversationActivity } from './conversation-activity.entity';
import { AuditLogRow, IntentReviewRow, RulesetVersionRow } from './admin-history.entity';
import { CannedReply } from './canned-reply.entity';
import { AgentNotification } from './agent-notification.entity';
import { ConversationLabel } from './conversation-label.entity';
import { Channel } from './channel.entity';
import { ChannelPace } from './channel-pace.entity';
import { ShortLink } from './short-link.entity';
import { Campaign, CampaignRecipient, Segment } from './campaign.entity';
import { ConversationEpisode } from './conversation-episode.entity';
import { AlarmEvent, ComplaintEvent, ReportRollup } from './report-rollup.entity';

export type { Role } from './agent.entity';
export { ACTIVE_STATUSES, type AppointmentStatus, type AppointmentSource } from './appointment.entity';
export type { AppointmentActor, AppointmentEventKind } from './appointment-event.entity';

export { AppointmentEvent, Location, Service, StaffMember };
export type { MessageStatus, Direction, Origin, OutboxLane } from './message.entity';
export { ConversationNote, ContactAttribute };
export { ConversationActivity };
export type { AttributeType } from './contact-attribute.entity';
export { AuditLogRow, IntentReviewRow, RulesetVersionRow };
export { CannedReply, ConversationLabel, AgentNotification, Channel, ChannelPace, ShortLink };
export type { ChannelCarries } from './channel.entity';
export { Campaign, CampaignRecipient, Segment };
export { AlarmEvent, ComplaintEvent, ReportRollup };
export type { RecipientStatus } from './campaign.entity';
export { ConversationEpisode };
export type { EpisodeResolvedBy } from './conversation-episode.entity';
export { Agent, Session, Appointment, IntentPhraseRow, RuleRow, SettingRow, TemplateRow, ConsentEvent, Contact, Conversation, Message, ScheduledJob };

export const entities = [Agent, Session, Appointment, IntentPhraseRow, RuleRow, SettingRow, TemplateRow, ConsentEvent, Contact, Conversation, Message, ScheduledJob,
  AppointmentEvent, Location, Service, StaffMember, ConversationNote,
  AuditLogRow, IntentReviewRow, RulesetVersionRow, ContactAttribute,
  CannedReply, ConversationActivity, AgentNotification, ConversationLabel, Channel, ChannelPace, ShortLink,
  Segment, Campaign, CampaignRecipient, ConversationEpisode, ReportRollup, AlarmEvent, ComplaintEvent];
