import type { ConsentFilter } from './contacts-contract';

/** What narrows the contacts list (GET /api/contacts), and what the export may share. */
export interface ContactFilter {
  /** Name in either script, phone in any spelling, or part of a tag. */
  q?: string;
  /** Exactly this tag. */
  tag?: string;
  consent?: ConsentFilter;
  /** Last activity (the conversation's last message) at or after this instant. */
  activeSince?: Date;
  /** No activity since this instant (or none at all). */
  inactiveSince?: Date;
}
