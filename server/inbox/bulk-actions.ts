import type { Actor, ConversationService } from '../conversations/conversation.service';
import { HttpError } from '../http/errors';
import type { BulkCommand } from './command-schemas';
import type { BulkResponse, BulkResult } from './socket-contract';

/**
 * One action on many conversations (the list's bulk bar). Each id goes through the same service method as the
 * single action, in its own transaction, so its activity line, its `conversation:updated` and the collision rule hold
 * exactly as they would one at a time, and one refusal (someone else's thread, an id that is gone) stops only itself.
 * In order, one after another: SQLite has one writer anyway, and a hundred short transactions do not starve others.
 */
export async function runBulk(service: ConversationService, actor: Actor, command: BulkCommand): Promise<BulkResponse> {
  const act = (id: number): Promise<unknown> => {
    switch (command.action) {
      case 'assign': return service.assign(id, actor, command.assigneeId ?? null);
      case 'resolve': return service.resolve(id, actor);
      case 'label': return service.relabel(id, actor, command.label!);
      case 'unlabel': return service.relabel(id, actor, command.label!, true);
    }
  };
  const results: BulkResult[] = [];
  for (const id of new Set(command.ids)) {
    try {
      await act(id);
      results.push({ id, ok: true });
    } catch (err) {
      // Anything but a refusal (the database went away) is the whole request's failure, as it would be for one id.
      if (!(err instanceof HttpError)) throw err;
      results.push({ id, ok: false, code: err.code, message: err.message });
    }
  }
  return { results };
}
