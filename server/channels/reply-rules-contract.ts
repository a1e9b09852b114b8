/**
 * What the composer may send on the running provider: anything (`templateOnly` false); text up to `maxLength`
 * characters (through the provider's customer-service template); or, when `maxLength` is 0, no free text at all,
 * `reason` saying why. Types only: the browser build imports it.
 */
export interface ReplyRules { templateOnly: boolean; maxLength: number | null; reason?: string }
