/**
 * Who may call each route of the API (SPEC §8, §12): the one table every route is registered
 * against (plugins/policy.ts refuses to register a route it does not name). It is the gate
 * only: what a signed-in person may do to one request, from its state and their relation to
 * it, is decided by the lifecycle rules (lifecycle.ts), and figures by owner are narrowed to
 * whom the caller may see (metrics).
 *
 * - `public`: anyone, signed in or not.
 * - `signedIn`: any signed-in person, by session or token, whatever their role.
 * - `lead`: leads (of any team) and admins.
 * - `admin`: admins only.
 */
export type Policy = 'public' | 'signedIn' | 'lead' | 'admin';

const requestActions = [
  'take',
  'offer',
  'accept',
  'decline',
  'assign',
  'start',
  'wait',
  'follow-up',
  'resolve',
  'confirm',
  'reopen',
  'cancel',
  'nudge',
  'escalate',
  'comments',
] as const;

export const routePolicies: Readonly<Record<string, Policy>> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/openapi.json': 'public',

  'POST /api/auth/login': 'public',
  // Signing out without a session is harmless and answers the same.
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'signedIn',
  'POST /api/auth/password': 'signedIn',
  // The invite's secret is the credential.
  'POST /api/auth/invite/accept': 'public',

  'GET /api/requests': 'signedIn',
  'POST /api/requests': 'signedIn',
  'GET /api/requests.csv': 'signedIn',
  'GET /api/requests/:id': 'signedIn',
  'GET /api/requests/:id/events': 'signedIn',
  'PATCH /api/requests/:id': 'signedIn',
  ...Object.fromEntries(requestActions.map((a) => [`POST /api/requests/:id/${a}`, 'signedIn'])),
  'POST /api/requests/:id/handoffs': 'signedIn',
  'PATCH /api/requests/:id/handoffs/:handoffId': 'signedIn',
  // Attachments (SPEC §14): who may remove one is the rule of domain/attachments.ts.
  'POST /api/requests/:id/attachments': 'signedIn',
  'GET /api/requests/:id/attachments': 'signedIn',
  'GET /api/attachments/:id': 'signedIn',
  'GET /api/attachments/:id/preview': 'signedIn',
  'DELETE /api/attachments/:id': 'signedIn',

  'GET /api/review/stalled': 'lead',

  'GET /api/metrics/times': 'signedIn',
  'GET /api/metrics/times/period': 'signedIn',
  'GET /api/metrics/rates': 'signedIn',
  'GET /api/metrics/service-levels': 'signedIn',
  'GET /api/metrics/open': 'signedIn',

  'GET /api/people': 'signedIn',
  'POST /api/people': 'admin',
  'PATCH /api/people/:id': 'admin',
  'POST /api/people/:id/invite': 'admin',
  'GET /api/teams': 'signedIn',
  'POST /api/teams': 'admin',
  'PATCH /api/teams/:id': 'admin',
  'GET /api/categories': 'signedIn',
  'POST /api/categories': 'admin',
  'PATCH /api/categories/:id': 'admin',
  'GET /api/locations': 'signedIn',
  'POST /api/locations': 'admin',
  'PATCH /api/locations/:id': 'admin',
  'GET /api/locations/:id/qr.svg': 'signedIn',
  // Assets (SPEC §14): everyone reads them and their labels; admins register them.
  'GET /api/assets': 'signedIn',
  'GET /api/assets/:id': 'signedIn',
  'POST /api/assets': 'admin',
  'PATCH /api/assets/:id': 'admin',
  'POST /api/assets/import': 'admin',
  'GET /api/assets/:id/qr.svg': 'signedIn',
  'GET /api/settings': 'signedIn',
  'PATCH /api/settings': 'admin',
  'GET /api/audit': 'admin',
  'GET /api/notifications': 'signedIn',
  'POST /api/notifications/:id/read': 'signedIn',
  'POST /api/notifications/read-all': 'signedIn',
  'GET /api/me/preferences': 'signedIn',
  'PATCH /api/me/preferences': 'signedIn',
  'GET /api/stream': 'signedIn',
  'GET /api/tokens': 'admin',
  'POST /api/tokens': 'admin',
  'DELETE /api/tokens/:id': 'admin',
  // Whose view it is, and who may share with a team, are the rules of domain/views.ts.
  'GET /api/views': 'signedIn',
  'POST /api/views': 'signedIn',
  'PATCH /api/views/:id': 'signedIn',
  'DELETE /api/views/:id': 'signedIn',

  // The benchmark's bare comparison routes (BENCH_ROUTES only, never in production): raw
  // SQL with no session, which is what they are a ceiling for.
  'GET /api/_bench/list': 'public',
  'POST /api/_bench/write/:id': 'public',
};

/** The documentation pages under /api/docs are public, as the document itself is. */
export const publicPrefixes = ['/api/docs'] as const;

/** The policy of a route (HEAD as its GET), or undefined when the table does not name it. */
export function policyOf(method: string, url: string): Policy | undefined {
  if (publicPrefixes.some((p) => url === p || url.startsWith(`${p}/`))) return 'public';
  return routePolicies[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

/** Whether a person of this role, leading these teams, passes the gate of `policy`. */
export function passes(
  policy: Policy,
  person: { role: 'staff' | 'lead' | 'admin'; leadsTeams: boolean } | null,
): boolean {
  if (policy === 'public') return true;
  if (!person) return false;
  if (policy === 'signedIn') return true;
  if (policy === 'admin') return person.role === 'admin';
  return person.role === 'admin' || person.leadsTeams;
}
