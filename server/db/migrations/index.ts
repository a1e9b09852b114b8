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

/** In order; listed explicitly so start-up never globs the file system. */
export const migrations = [InitialSchema1763700000000, Appointments1763800000000, Inbox1763800001000, Admin1763800002000, InboxListIndexes1763900000000, AgentAvailability1763900001000,
  AssignmentTurn1764000000000, ConsentScope1764100000000, AgentInvites1764200000000, CatalogPeriods1764300000000,
  ContactsAdmin1764400000000,
  ConversationActivity1764500000000, CannedReplies1764520000000];
