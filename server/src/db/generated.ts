import { priorities } from '@followthrough/shared';
import { fillRule, stalledRules } from '../domain/stalled';
import { defaultTargets } from '../domain/targets';

/**
 * Database functions written from the rules in domain/: the SQL is never a
 * second copy kept by hand. Applied at every start with the files of db/sql/
 * (db/sql-code.ts); tests/server/stalled-rules.test.ts checks that what is
 * installed is exactly this.
 */
export interface GeneratedFunction {
  name: string;
  /** The body between the dollar quotes: what pg_proc.prosrc holds once installed. */
  body: string;
  definition: string;
}

const open = `r.status NOT IN ('new', 'in_progress', 'waiting')`;

function defaultTargetMinutes(): GeneratedFunction {
  const byPriority = (key: keyof (typeof defaultTargets)['normal']) =>
    `CASE p ${priorities.map((p) => `WHEN '${p}' THEN ${defaultTargets[p][key]}`).join(' ')} END`;
  const body = `
  SELECT CASE which
    WHEN 'own' THEN ${byPriority('ownWithinMinutes')}
    WHEN 'quiet' THEN ${byPriority('quietForMinutes')}
    WHEN 'resolve' THEN ${byPriority('resolveWithinMinutes')}
  END
`;
  return {
    name: 'default_target_minutes',
    body,
    definition: `-- SPEC §6 defaults in minutes (domain/targets.ts), for a category without its own row.
CREATE OR REPLACE FUNCTION default_target_minutes(p priority, which text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$${body}$$;`,
  };
}

function requestStallsAt(): GeneratedFunction {
  const values = {
    own: 'own',
    quiet: 'quiet',
    ownerInactive: 'EXISTS (SELECT 1 FROM people p WHERE p.id = r.owner_id AND NOT p.active)',
    ownerDeactivatedAt: 'NULL',
  };
  const moments = Object.entries(stalledRules).map(([reason, rule]) => {
    const holds = fillRule(rule.holds, values);
    const moment =
      rule.starts === 'after' ? fillRule(rule.since, values) : `'-infinity'::timestamptz`;
    return `    -- ${reason}\n    CASE WHEN ${holds} THEN ${moment} END`;
  });
  const body = `
DECLARE
  own interval;
  quiet interval;
BEGIN
  IF ${open} THEN RETURN NULL; END IF;
  SELECT t.own_within_minutes * interval '1 minute', t.quiet_for_minutes * interval '1 minute'
    INTO own, quiet
    FROM category_targets t WHERE t.category_id = r.category_id AND t.priority = r.priority;
  own := coalesce(own, default_target_minutes(r.priority, 'own') * interval '1 minute');
  quiet := coalesce(quiet, default_target_minutes(r.priority, 'quiet') * interval '1 minute');
  RETURN least(
${moments.join(',\n')});
END `;
  return {
    name: 'request_stalls_at',
    body,
    definition: `-- The first moment one of SPEC §5's reasons holds for this row (domain/stalled.ts): the row's
-- own facts, its category's targets and whether its owner is active decide it, so it is fixed
-- until one of those changes; whether it has come is decided at read time (stalls_at < now).
-- Reasons that hold from the moment their fact is written give -infinity.
CREATE OR REPLACE FUNCTION request_stalls_at(r requests) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$${body}$$;`,
  };
}

/**
 * Whether the row's follow-up is unmet (set, and no owner event since it was set): the
 * follow_up_overdue rule's condition, for what notifies a follow-up that came due.
 */
function followUpUnmet(): GeneratedFunction {
  const body = `
  SELECT ${stalledRules.follow_up_overdue.holds}
`;
  return {
    name: 'follow_up_unmet',
    body,
    definition: `-- SPEC §5's follow_up_overdue condition (domain/stalled.ts) for one row: a follow-up is a
-- promise to act by its moment, met by any owner event after it was set.
CREATE OR REPLACE FUNCTION follow_up_unmet(r requests) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$${body}$$;`,
  };
}

/** In the order they are installed (request_stalls_at reads default_target_minutes). */
export function generatedFunctions(): GeneratedFunction[] {
  return [defaultTargetMinutes(), requestStallsAt(), followUpUnmet()];
}
