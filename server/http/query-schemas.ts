import { z } from 'zod';

/**
 * The pieces every route's query string, route parameters and socket commands are parsed with, written once.
 * Express hands a repeated parameter over as an array (`?q=a&q=b`), and a query value is always text, so each piece
 * takes exactly one string; the code behind the edge receives typed values and never re-checks them.
 */

/** Ids are INTEGER columns: anything past 2^31 − 1 names no row on MariaDB and must not reach the database. */
export const MAX_ID = 2_147_483_647;

/** One value given once: a repeated parameter is refused rather than guessed at. */
export const oneText = z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be given once, as text') });

/** Text of bounded length (search boxes, cursors, tokens). */
export const boundedText = (max: number) => oneText.max(max, `must be at most ${max} characters`);

/** A positive id sent as JSON or in a socket command. */
export const idNumber = z.number({ error: 'must be a positive integer' }).int('must be a positive integer').positive('must be a positive integer').max(MAX_ID, 'is not an id');

/**
 * A positive id written in plain decimal digits, as in a URL: "1e400", "-1", "0", "1.5", "0x10" and " 7" are not ids.
 * @example idText.parse('42') // → 42
 */
export const idText = oneText.regex(/^[1-9]\d{0,9}$/, 'must be a positive integer').transform(Number).pipe(idNumber);

/** One of a fixed list, spelled exactly. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  oneText.pipe(z.enum(values, { error: `must be one of ${values.join(', ')}` }));

/** A page size in digits, within what the route serves. */
export const limitText = (max: number, fallback: number) =>
  oneText.regex(/^\d{1,4}$/, `must be a whole number from 1 to ${max}`).transform(Number)
    .pipe(z.number().min(1, `must be at least 1`).max(max, `must be at most ${max}`)).default(fallback);

/** An instant with its offset (`2026-11-24T03:00:00Z`), as a Date. */
export const instantText = oneText.pipe(z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with an offset' })).transform((s) => new Date(s));
