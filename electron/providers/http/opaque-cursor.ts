/**
 * Reading back the opaque cursors providers hand the engine (JSON, or base64url JSON):
 * validated with the provider's zod schema, so a cursor that is not the provider's
 * (another provider's, an older version's, a corrupt one) is a 'rejected' ProviderError
 * that says what to do instead.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';

export type CursorEncoding = 'json' | 'base64url';

/** A cursor as JSON text, or base64url of it. */
export function encodeJsonCursor(data: unknown, encoding: CursorEncoding = 'json'): string {
  const json = JSON.stringify(data);
  return encoding === 'json' ? json : Buffer.from(json).toString('base64url');
}

/** Reads a cursor written by encodeJsonCursor with the same encoding; `refusal` is the message when it is not one of ours. */
export function decodeJsonCursor<T extends z.ZodType>(
  text: string,
  schema: T,
  refusal: string,
  encoding: CursorEncoding = 'json',
): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(encoding === 'json' ? text : Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    json = null;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ProviderError('rejected', refusal);
  return parsed.data;
}
