import { z } from 'zod';
import { isoDateTime, namedRef, role, text, uuid } from './common';
import { serviceTarget } from './directory';

/**
 * Administration (SPEC §12): the bodies of the directory and settings writes, and the audit
 * log. Unknown fields are refused; every write is an admin's.
 */

const ids = z.array(uuid).max(500);
/** What a person must type as a password: long rather than clever (SPEC §12). */
export const newPassword = z
  .string()
  .min(12, 'At least 12 characters')
  .max(1024, 'At most 1024 characters');

const atLeastOne = <T extends z.ZodObject>(schema: T) =>
  schema.refine((body) => Object.keys(body).length > 0, {
    message: 'Send at least one field to change',
  });

export const createPersonBody = z
  .object({
    name: text(200),
    email: z.email('Enter an email address').max(320),
    role,
    teamIds: ids.optional(),
    /** Without one, the answer carries an invite link that sets it. */
    password: newPassword.optional(),
  })
  .strict();
export type CreatePersonBody = z.infer<typeof createPersonBody>;

export const updatePersonBody = atLeastOne(
  z
    .object({
      name: text(200),
      email: z.email('Enter an email address').max(320),
      role,
      active: z.boolean(),
      teamIds: ids,
    })
    .partial()
    .strict(),
);
export type UpdatePersonBody = z.infer<typeof updatePersonBody>;

export const createdPerson = z
  .object({
    id: uuid,
    name: z.string(),
    email: z.string(),
    role,
    active: z.boolean(),
    teamIds: z.array(uuid),
    /** Only when created without a password: the one-time link that sets it (7 days). */
    inviteUrl: z.string().optional(),
  })
  .meta({ id: 'CreatedPerson' });

export const invite = z
  .object({ inviteUrl: z.string(), expiresAt: isoDateTime })
  .meta({ id: 'Invite' });
export type Invite = z.infer<typeof invite>;

export const createTeamBody = z
  .object({ name: text(120), leadIds: ids.optional(), memberIds: ids.optional() })
  .strict();
export type CreateTeamBody = z.infer<typeof createTeamBody>;

export const updateTeamBody = atLeastOne(
  z
    .object({ name: text(120), leadIds: ids, memberIds: ids })
    .partial()
    .strict(),
);
export type UpdateTeamBody = z.infer<typeof updateTeamBody>;

/** One priority's targets; a category's list names each priority at most once. */
const targets = z
  .array(serviceTarget)
  .max(4)
  .refine((list) => new Set(list.map((t) => t.priority)).size === list.length, {
    message: 'Name each priority at most once',
  });

export const createCategoryBody = z
  .object({
    name: text(120),
    teamId: uuid,
    defaultOwnerId: uuid.nullable().optional(),
    active: z.boolean().optional(),
    /** Priorities left out take the defaults of SPEC §6. */
    targets: targets.optional(),
  })
  .strict();
export type CreateCategoryBody = z.infer<typeof createCategoryBody>;

export const updateCategoryBody = atLeastOne(
  z
    .object({
      name: text(120),
      teamId: uuid,
      defaultOwnerId: uuid.nullable(),
      active: z.boolean(),
      /** The priorities named are replaced; the others keep theirs. */
      targets,
    })
    .partial()
    .strict(),
);
export type UpdateCategoryBody = z.infer<typeof updateCategoryBody>;

export const createLocationBody = z
  .object({ name: text(120), active: z.boolean().optional() })
  .strict();
export type CreateLocationBody = z.infer<typeof createLocationBody>;

export const updateLocationBody = atLeastOne(
  z
    .object({ name: text(120), active: z.boolean() })
    .partial()
    .strict(),
);
export type UpdateLocationBody = z.infer<typeof updateLocationBody>;

export const organisationSettings = z
  .object({
    organisationName: z.string(),
    autoConfirmDays: z.number().int(),
    reopenWindowDays: z.number().int(),
  })
  .meta({ id: 'Settings' });
export type OrganisationSettings = z.infer<typeof organisationSettings>;

export const updateSettingsBody = atLeastOne(
  z
    .object({
      organisationName: text(120),
      autoConfirmDays: z.number().int().min(1).max(365),
      reopenWindowDays: z.number().int().min(0).max(3650),
    })
    .partial()
    .strict(),
);
export type UpdateSettingsBody = z.infer<typeof updateSettingsBody>;

export const auditEntityTypes = [
  'person',
  'team',
  'category',
  'location',
  'asset',
  'settings',
  'token',
  'account',
] as const;
export const auditEntityType = z.enum(auditEntityTypes);
export type AuditEntityType = z.infer<typeof auditEntityType>;

export const auditEntry = z
  .object({
    id: z.string(),
    at: isoDateTime,
    /** Null: the system itself (the first admin of a start, a job). */
    actor: namedRef.nullable(),
    entityType: auditEntityType,
    entityId: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z
  .object({
    entityType: auditEntityType.optional(),
    entityId: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'Not a cursor from this list')
      .optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditPage = z
  .object({ items: z.array(auditEntry), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof auditPage>;
