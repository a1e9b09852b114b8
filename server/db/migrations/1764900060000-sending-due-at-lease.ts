import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A text being sent is now due again when its sender's lease runs out, and its `next_attempt_at` says so (the claim
 * sets it with the lease: outbox-claim.ts `claimedAs`), so expired leases are found along idx_messages_outbox_due
 * instead of by reading every text in flight. Texts in flight at the upgrade get it here. No schema change; down has
 * nothing to undo (the code before this read only `lease_until` for them).
 */
export class SendingDueAtLease1764900060000 implements MigrationInterface {
  name = 'SendingDueAtLease1764900060000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.query("UPDATE messages SET next_attempt_at = lease_until WHERE status = 'sending' AND lease_until IS NOT NULL");
  }

  async down(): Promise<void> {}
}
