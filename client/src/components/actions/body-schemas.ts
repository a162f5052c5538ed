// The contract's bodies for the action forms. With them comes zod, so they load when a form is
// first used (loadBodySchemas in action-specs.ts), not with the screens that show the forms.
import {
  commentBody,
  confirmBody,
  createHandoffBody,
  escalateBody,
  followUpBody,
  noteBody,
  nudgeBody,
  offerBody,
  patchRequestBody,
  reasonBody,
  resolveBody,
  updateHandoffBody,
  waitBody,
} from '@followthrough/shared';

export const bodySchemas = {
  commentBody,
  confirmBody,
  createHandoffBody,
  escalateBody,
  followUpBody,
  noteBody,
  nudgeBody,
  offerBody,
  patchRequestBody,
  reasonBody,
  resolveBody,
  updateHandoffBody,
  waitBody,
};

export type BodySchemas = typeof bodySchemas;
