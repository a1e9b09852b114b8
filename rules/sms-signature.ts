/**
 * The 【签名】 Chinese carriers require at the start of every text: the business's registered name between 【 and 】.
 * Pure: the settings route validates with it, the outbox applies it.
 */

/** 2–12 characters between 【 and 】, with no bracket of its own inside. */
const SIGNATURE = /^【[^【】]{2,12}】$/u;

export const SIGNATURE_RULE = 'expected 【…】 with 2 to 12 characters inside and no 【 or 】 among them, or nothing';

/** Why `signature` cannot be used, or null when it can ('' means none and is fine). */
export function signatureProblem(signature: string): string | null {
  return signature === '' || SIGNATURE.test(signature) ? null : SIGNATURE_RULE;
}

/** A 【…】 at the very start of a body: a letterhead (the shipped templates begin 【{{business.name}}】, in either script). */
const LEADING_TAG = /^【[^【】]{1,20}】/u;

/**
 * The body as the customer receives it: starting with the signature exactly once. A body that already starts with
 * it is left alone; one that starts with another 【…】 (the templates' letterhead, a tag an agent typed) has that
 * replaced, since carriers read only the first 【…】 as the signature and two in a row look like spam.
 */
export function withSignature(body: string, signature: string | undefined): string {
  if (!signature || body.startsWith(signature)) return body;
  return signature + body.replace(LEADING_TAG, '');
}
