import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int } from './table-builder';

/**
 * A bot reply names the customer's text whose decision sent it (`decided_by_id`) instead of storing a copy of that
 * decision: the copy was a second kilobyte of JSON per answered text, written, sent to the database and relayed with
 * every status change of the reply, and the inbound row already holds it. Replies stored before keep their copies
 * (and a null link); the inbox reads either. No index: the link is only followed by the inbound's primary key.
 */
export class ReplyDecidedBy1764900070000 implements MigrationInterface {
  name = 'ReplyDecidedBy1764900070000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('messages', new TableColumn(int('decided_by_id', { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('messages', 'decided_by_id');
  }
}
