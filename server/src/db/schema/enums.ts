import { closeReasons, handoffStatuses, priorities, roles, statuses } from '@followthrough/shared';
import { pgEnum } from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', roles);
export const priorityEnum = pgEnum('priority', priorities);
export const statusEnum = pgEnum('request_status', statuses);
export const closeReasonEnum = pgEnum('close_reason', closeReasons);
export const handoffStatusEnum = pgEnum('handoff_status', handoffStatuses);
