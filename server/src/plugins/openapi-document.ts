/*
 * What the generated OpenAPI document needs beyond the routes' zod schemas, so that client
 * generators and linters (Redocly's recommended rules) get a complete contract: a name for
 * every operation, the tags' meanings, the non-JSON answers, and no unused components.
 */

/** Every operation's name, as generated clients call it. A route missing here fails the build. */
export const operationIds: Readonly<Record<string, string>> = {
  'GET /healthz': 'getHealth',
  'GET /readyz': 'getReadiness',

  'POST /api/auth/login': 'login',
  'POST /api/auth/logout': 'logout',
  'POST /api/auth/invite/accept': 'acceptInvite',
  'POST /api/auth/password': 'changePassword',
  'GET /api/auth/me': 'getMe',

  'GET /api/people': 'listPeople',
  'POST /api/people': 'createPerson',
  'PATCH /api/people/{id}': 'updatePerson',
  'POST /api/people/{id}/invite': 'invitePerson',
  'GET /api/teams': 'listTeams',
  'POST /api/teams': 'createTeam',
  'PATCH /api/teams/{id}': 'updateTeam',
  'GET /api/categories': 'listCategories',
  'POST /api/categories': 'createCategory',
  'PATCH /api/categories/{id}': 'updateCategory',
  'GET /api/locations': 'listLocations',
  'POST /api/locations': 'createLocation',
  'PATCH /api/locations/{id}': 'updateLocation',
  'GET /api/locations/{id}/qr.svg': 'getLocationQr',

  'GET /api/assets': 'listAssets',
  'POST /api/assets': 'createAsset',
  'GET /api/assets/{id}': 'getAsset',
  'PATCH /api/assets/{id}': 'updateAsset',
  'POST /api/assets/import': 'importAssets',
  'GET /api/assets/{id}/qr.svg': 'getAssetQr',

  'GET /api/audit': 'listAudit',
  'GET /api/settings': 'getSettings',
  'PATCH /api/settings': 'updateSettings',
  'GET /api/tokens': 'listTokens',
  'POST /api/tokens': 'createToken',
  'DELETE /api/tokens/{id}': 'revokeToken',

  'GET /api/requests': 'listRequests',
  'POST /api/requests': 'createRequest',
  'GET /api/requests.csv': 'exportRequestsCsv',
  'GET /api/requests/{id}': 'getRequest',
  'PATCH /api/requests/{id}': 'updateRequest',
  'GET /api/requests/{id}/events': 'listRequestEvents',
  'POST /api/requests/{id}/take': 'takeRequest',
  'POST /api/requests/{id}/offer': 'offerRequest',
  'POST /api/requests/{id}/accept': 'acceptRequest',
  'POST /api/requests/{id}/decline': 'declineRequest',
  'POST /api/requests/{id}/assign': 'assignRequest',
  'POST /api/requests/{id}/start': 'startRequest',
  'POST /api/requests/{id}/wait': 'waitOnRequest',
  'POST /api/requests/{id}/follow-up': 'setFollowUp',
  'POST /api/requests/{id}/resolve': 'resolveRequest',
  'POST /api/requests/{id}/confirm': 'confirmRequest',
  'POST /api/requests/{id}/reopen': 'reopenRequest',
  'POST /api/requests/{id}/cancel': 'cancelRequest',
  'POST /api/requests/{id}/nudge': 'nudgeRequest',
  'POST /api/requests/{id}/escalate': 'escalateRequest',
  'POST /api/requests/{id}/comments': 'commentOnRequest',
  'POST /api/requests/{id}/handoffs': 'createHandoff',
  'PATCH /api/requests/{id}/handoffs/{handoffId}': 'updateHandoff',
  'GET /api/requests/{id}/attachments': 'listAttachments',
  'POST /api/requests/{id}/attachments': 'uploadAttachment',
  'GET /api/attachments/{id}': 'getAttachment',
  'GET /api/attachments/{id}/preview': 'getAttachmentPreview',
  'DELETE /api/attachments/{id}': 'removeAttachment',

  'GET /api/review/stalled': 'listStalled',
  'GET /api/metrics/times': 'getTimes',
  'GET /api/metrics/times/period': 'getTimesByPeriod',
  'GET /api/metrics/open': 'getOpenFigures',
  'GET /api/metrics/rates': 'getRates',
  'GET /api/metrics/service-levels': 'getServiceLevels',

  'GET /api/notifications': 'listNotifications',
  'POST /api/notifications/{id}/read': 'markNotificationRead',
  'POST /api/notifications/read-all': 'markAllNotificationsRead',
  'GET /api/me/preferences': 'getPreferences',
  'PATCH /api/me/preferences': 'updatePreferences',
  'GET /api/views': 'listViews',
  'POST /api/views': 'createView',
  'PATCH /api/views/{id}': 'updateView',
  'DELETE /api/views/{id}': 'deleteView',
  'GET /api/stream': 'openStream',
};

/** The tags, one per domain, in the order the documentation shows them. */
export const tags = [
  { name: 'requests', description: 'Logging, listing and reading requests; the CSV export' },
  { name: 'actions', description: 'The lifecycle of SPEC §4: ownership, work, outcome' },
  { name: 'handoffs', description: 'Work asked of others, while the owner stays accountable' },
  { name: 'attachments', description: 'Photos and PDFs on requests (SPEC §14)' },
  { name: 'review', description: 'The leads’ queue of stalled outcomes' },
  { name: 'metrics', description: 'The figures of SPEC §7' },
  { name: 'notifications', description: 'Each person’s inbox, email setting and live stream' },
  { name: 'views', description: 'Saved filters of Open items' },
  { name: 'assets', description: 'Registered equipment and rooms, and their QR labels' },
  { name: 'directory', description: 'People, teams, categories and locations' },
  { name: 'auth', description: 'Sessions, invites and passwords' },
  { name: 'tokens', description: 'API tokens for other programs' },
  { name: 'settings', description: 'The organisation’s settings' },
  { name: 'audit', description: 'Who changed the directory and settings' },
  { name: 'health', description: 'Liveness and readiness' },
] as const;

/** Answers that are not JSON: their success response, by operation. */
const binaryAnswers: Readonly<Record<string, { type: string; description: string }>> = {
  'GET /api/assets/{id}/qr.svg': { type: 'image/svg+xml', description: 'The QR label' },
  'GET /api/locations/{id}/qr.svg': { type: 'image/svg+xml', description: 'The QR label' },
  'GET /api/requests.csv': { type: 'text/csv', description: 'Every matching request' },
  'GET /api/attachments/{id}': {
    type: 'application/octet-stream',
    description: 'The bytes, with their recognised type (ETag; 304 when unchanged)',
  },
  'GET /api/attachments/{id}/preview': {
    type: 'image/webp',
    description: 'A preview at most 480 px wide',
  },
  'GET /api/stream': {
    type: 'text/event-stream',
    description: 'Server-sent events: request.changed, notification.created, reset',
  },
};

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every `#/components/schemas/…` reachable from `value`. */
function refsIn(value: unknown, found: Set<string>) {
  if (Array.isArray(value)) {
    for (const v of value) refsIn(v, found);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        found.add(v.slice('#/components/schemas/'.length));
      } else refsIn(v, found);
    }
  }
}

/** Completes the generated document (see the file's comment); throws on a nameless operation. */
export function completeDocument(doc: Json, opts: { serverUrl: string }): Json {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const missing: string[] = [];
  const used = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const id = operationIds[key];
      if (id) op.operationId = id;
      else missing.push(key);
      const binary = binaryAnswers[key];
      if (binary) {
        const responses = (op.responses ?? {}) as Json;
        responses['200'] = {
          description: binary.description,
          content: { [binary.type]: { schema: { type: 'string', format: 'binary' } } },
        };
        op.responses = responses;
      }
      refsIn(op, used);
    }
  }
  if (missing.length > 0) {
    throw new Error(`No operationId for ${missing.join(', ')} (plugins/openapi-document.ts)`);
  }
  const components = (doc.components ?? {}) as Json;
  const schemas = (components.schemas ?? {}) as Json;
  // A schema is kept when an operation reaches it, directly or through another kept one.
  const keep = new Set<string>();
  const queue = [...used];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (keep.has(name) || !(name in schemas)) continue;
    keep.add(name);
    const inner = new Set<string>();
    refsIn(schemas[name], inner);
    queue.push(...inner);
  }
  components.schemas = Object.fromEntries(Object.entries(schemas).filter(([n]) => keep.has(n)));
  return {
    ...doc,
    info: {
      ...(doc.info as Json),
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: opts.serverUrl, description: 'This installation' }],
    tags,
    components,
  };
}
