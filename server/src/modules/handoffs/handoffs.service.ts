import { randomUUID } from 'node:crypto';
import type { CreateHandoffBody, Handoff, UpdateHandoffBody } from '@followthrough/shared';
import type { Db } from '../../db/types';
import { createHandoff, updateHandoff } from '../../domain/handoffs';
import { personFacts } from '../directory/people.queries';
import { type ChangeInput, changeRequest } from '../requests/mutation';

/** POST /api/requests/:id/handoffs: answers the new handoff and the request's new version. */
export async function addHandoff(db: Db, input: ChangeInput, body: CreateHandoffBody) {
  const id = randomUUID();
  const { detail, result } = await changeRequest<Handoff>(
    db,
    input,
    async (tx, state, ctx) =>
      createHandoff(state, ctx, body, {
        id,
        toPerson: body.toPersonId ? await personFacts(tx, body.toPersonId) : null,
      }),
    (d) => d.handoffs.find((h) => h.id === id)!,
  );
  return { version: detail.version, handoff: result };
}

/** PATCH /api/requests/:id/handoffs/:handoffId: completes or cancels an open handoff. */
export async function closeHandoff(
  db: Db,
  input: ChangeInput,
  handoffId: string,
  body: UpdateHandoffBody,
) {
  const { detail } = await changeRequest(db, input, (_tx, state, ctx) =>
    updateHandoff(state, ctx, body, { handoffId }),
  );
  return detail;
}
