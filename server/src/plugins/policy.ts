import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../domain/errors';
import { type Policy, passes, policyOf } from '../domain/policy';

/** Route paths the policy table governs: the API and the health checks. */
const governed = (url: string) =>
  url.startsWith('/api/') || url === '/healthz' || url === '/readyz';

function gate(policy: Policy): onRequestHookHandler {
  return async function policyGate(request: FastifyRequest) {
    const person = request.person;
    const caller = person
      ? { role: person.role, leadsTeams: person.teams.some((t) => t.isLead) }
      : null;
    if (passes(policy, caller)) return;
    if (!caller) throw new DomainError(401, 'UNAUTHENTICATED', 'Sign in to continue.');
    throw new DomainError(
      403,
      'FORBIDDEN',
      policy === 'admin' ? 'Only an admin may do this.' : 'This is for team leads and admins.',
    );
  };
}

/**
 * Registers every route against the one policy table (domain/policy.ts): a route the table
 * does not name cannot be registered, and each route's gate runs as soon as the caller is
 * known (before its body is even read), so a refused caller learns nothing of the route.
 * Must be registered after the auth plugin and before any route.
 */
export default fp(
  async function policy(app: FastifyInstance) {
    app.addHook('onRoute', (route) => {
      if (!governed(route.url)) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const policies = methods.map((method) => {
        const found = policyOf(method, route.url);
        if (!found) {
          throw new Error(`${method} ${route.url} is not in the policy table (domain/policy.ts)`);
        }
        return found;
      });
      const order: Policy[] = ['public', 'signedIn', 'lead', 'admin'];
      const strictest = policies.reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a));
      const hooks = route.onRequest ? [route.onRequest].flat() : [];
      route.onRequest = [...hooks, gate(strictest)];
    });
  },
  { name: 'policy', dependencies: ['auth'] },
);
