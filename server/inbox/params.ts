import type { Request } from 'express';
import { HttpError } from '../http/errors';

/** A numeric route parameter, or a 400 naming it. */
export function idParam(req: Request, name = 'id'): number {
  const id = Number(req.params[name]);
  if (!Number.isInteger(id) || id <= 0) throw new HttpError(400, 'invalid_field', `${name} must be a positive integer`, name);
  return id;
}
