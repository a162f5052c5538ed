import { problem } from '@followthrough/shared';
import { z } from 'zod';

/** Every mutation of a request accepts If-Match with the version the caller last saw (SPEC §8). */
export const ifMatchHeaders = z.looseObject({
  'if-match': z.string().max(40).optional().describe('The version you last saw, e.g. "3"'),
});

/** The problems a mutation of a request may answer with. */
export const refusals = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
  412: problem,
};
