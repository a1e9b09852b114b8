import { HttpError } from '../http/errors';
import { toE164 } from '../shared/phone';
import { MAX_BODY_LENGTH } from './sms-provider';

/** The checks every channel shares; each failure names the provider's own field so its logs point at the fix. */
export function validateInboundFields(fields: { id: unknown; from: unknown; body: unknown }, names: { id: string; from: string; body: string },
  defaultRegion: string): { id: string; from: string; body: string } {
  if (typeof fields.id !== 'string' || !fields.id.trim()) throw new HttpError(400, 'invalid_field', `${names.id} is required`, names.id);
  if (fields.id.length > 64) throw new HttpError(400, 'invalid_field', `${names.id} is longer than 64 characters`, names.id);
  if (typeof fields.from !== 'string' || !fields.from.trim()) throw new HttpError(400, 'invalid_field', `${names.from} is required`, names.from);
  const from = toE164(fields.from, defaultRegion);
  if (!from) throw new HttpError(400, 'invalid_field', `${names.from} is not a phone number`, names.from);
  const body = fields.body ?? '';
  if (typeof body !== 'string') throw new HttpError(400, 'invalid_field', `${names.body} must be text`, names.body);
  if (body.length > MAX_BODY_LENGTH) {
    throw new HttpError(400, 'invalid_field', `${names.body} is longer than ${MAX_BODY_LENGTH} characters`, names.body);
  }
  return { id: fields.id.trim(), from, body };
}
