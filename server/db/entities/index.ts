import { Agent, Session } from './agent.entity';
import { Appointment } from './appointment.entity';
import { IntentPhraseRow, RuleRow, SettingRow, TemplateRow } from './config-rows.entity';
import { ConsentEvent } from './consent-event.entity';
import { Contact } from './contact.entity';
import { Conversation } from './conversation.entity';
import { Message } from './message.entity';
import { ScheduledJob } from './scheduled-job.entity';

export type { Role } from './agent.entity';
export type { MessageStatus, Direction, Origin } from './message.entity';
export { Agent, Session, Appointment, IntentPhraseRow, RuleRow, SettingRow, TemplateRow, ConsentEvent, Contact, Conversation, Message, ScheduledJob };

export const entities = [Agent, Session, Appointment, IntentPhraseRow, RuleRow, SettingRow, TemplateRow, ConsentEvent, Contact, Conversation, Message, ScheduledJob];
