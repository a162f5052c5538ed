/** Whether an error is the database refusing a duplicate (unique_violation), at any depth of causes. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as never) {
    if (e.code === '23505') return true;
  }
  return false;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A path id that is not a uuid names nothing (a 404, as an unknown one is), never a database error. */
export const isUuid = (id: string) => UUID.test(id);
