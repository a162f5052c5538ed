import { isDeepStrictEqual } from 'node:util';
import {
  type Asset,
  type AssetDetail,
  asset,
  assetDetail,
  type Category,
  category,
  type ErrorCode,
  type Handoff,
  handoff,
  type Location,
  location,
  type Me,
  me,
  type Person,
  person,
  type RequestDetail,
  type RequestEvent,
  type RequestSummary,
  requestDetail,
  requestEvent,
  requestSummary,
} from '@followthrough/shared';
import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { vi } from 'vitest';
import type { z } from 'zod';
import { App } from '../../client/src/app/app';
import { createQueryClient } from '../../client/src/app/query-client';
import { createRoutes } from '../../client/src/app/routes';

/** One request the app made, as the network saw it. */
export interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

export const problemResponse = (
  status: number,
  code: ErrorCode,
  title: string,
  extra: Record<string, unknown> = {},
) =>
  new Response(
    JSON.stringify({
      type: `https://followthrough.dev/problems/${code}`,
      title,
      status,
      code,
      ...extra,
    }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );

/**
 * Stubs fetch, the network boundary, with a small fake API. Routes are
 * "METHOD /path" (no query string); a value that is not a function is answered as JSON.
 * Anything else is a 404 problem, as the real API would answer.
 */
export function stubApi(api: Record<string, Handler | object>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const text = typeof init.body === 'string' ? init.body : undefined;
    const call: Call = {
      method,
      url,
      headers: new Headers(init.headers),
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(call);
    const route = api[`${method} ${url.pathname}`];
    if (route === undefined) return problemResponse(404, 'NOT_FOUND', 'Not found');
    return typeof route === 'function' ? (route as Handler)(call) : json(route);
  });
  vi.stubGlobal('fetch', fetch);
  return {
    calls,
    fetch,
    callsTo: (method: string, path: string) =>
      calls.filter((c) => c.method === method && c.url.pathname === path),
  };
}

/** Renders the whole app at a path, with a fresh cache and no retries. */
export function renderApp(path: string) {
  const queryClient = createQueryClient({ retry: false });
  const router = createMemoryRouter(createRoutes(queryClient), { initialEntries: [path] });
  const view = render(<App router={router} queryClient={queryClient} />);
  return { router, ...view };
}

const hour = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();
export const time = { ago, ahead, hour, day: 24 * hour };

let seq = 0;
const id = () => {
  seq += 1;
  return `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
};

/**
 * A fixture as the API would send it: parsed by the contract's schema, so one
 * that drifts from it fails where it is made. Parsing drops keys the schema
 * does not know without a word, so those are refused here too.
 */
export function fromContract<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.parse(value);
  if (!isDeepStrictEqual(parsed, value)) {
    throw new Error(
      `Fixture is not what the contract describes:\n${JSON.stringify(value, null, 2)}\nparses as\n${JSON.stringify(parsed, null, 2)}`,
    );
  }
  return parsed;
}

export const aMe = (over: Partial<Me> = {}): Me =>
  fromContract(me, {
    id: id(),
    name: 'Sam Staff',
    email: 'staff@example.org',
    role: 'staff',
    teams: [],
    ...over,
  });

export const aPerson = (over: Partial<Person> = {}): Person =>
  fromContract(person, {
    id: id(),
    name: 'Olive Owner',
    email: 'owner@example.org',
    role: 'staff',
    active: true,
    teamIds: [],
    ...over,
  });

export const aCategory = (over: Partial<Category> = {}): Category =>
  fromContract(category, {
    id: id(),
    name: 'Equipment',
    teamId: id(),
    defaultOwnerId: null,
    active: true,
    targets: [
      {
        priority: 'urgent',
        ownWithinMinutes: 60,
        quietForMinutes: 240,
        resolveWithinMinutes: 1440,
      },
      {
        priority: 'high',
        ownWithinMinutes: 240,
        quietForMinutes: 1440,
        resolveWithinMinutes: 4320,
      },
      {
        priority: 'normal',
        ownWithinMinutes: 1440,
        quietForMinutes: 4320,
        resolveWithinMinutes: 10080,
      },
      {
        priority: 'low',
        ownWithinMinutes: 4320,
        quietForMinutes: 10080,
        resolveWithinMinutes: 43200,
      },
    ],
    ...over,
  });

export const aLocation = (over: Partial<Location> = {}): Location =>
  fromContract(location, { id: id(), name: 'Fitness floor', active: true, ...over });

export const anAsset = (over: Partial<Asset> = {}): Asset =>
  fromContract(asset, {
    id: id(),
    name: 'Treadmill #3',
    tag: `TM-${seq}`,
    locationId: null,
    categoryId: null,
    active: true,
    createdAt: ago(30 * 24 * hour),
    ...over,
  });

/** An asset as its page reads it: with its figures for the year. */
export const anAssetDetail = (over: Partial<AssetDetail> = {}): AssetDetail =>
  fromContract(assetDetail, {
    ...anAsset(),
    figures: { requestsThisYear: 0, medianMinutesToOutcome: null, reopenedThisYear: 0, openNow: 0 },
    ...over,
  });

/** The fields every request has, before its detail. */
function requestFields(over: { key?: string }) {
  const key = over.key ?? `REQ-${seq + 1}`;
  return {
    id: id(),
    key,
    title: 'Treadmill 3 is broken',
    description: 'The belt slips at speed.',
    desiredOutcome: 'Treadmill 3 runs safely and is back in use',
    category: { id: id(), name: 'Equipment' },
    location: { id: id(), name: 'Fitness floor' },
    asset: 'Treadmill #3',
    registeredAsset: null,
    priority: 'normal',
    requester: { id: id(), name: 'Sam Staff', active: true },
    onBehalfOf: null,
    owner: { id: id(), name: 'Olive Owner', active: true },
    pendingOwner: null,
    status: 'in_progress',
    closeReason: null,
    targetAt: ahead(3 * 24 * hour),
    nextFollowUpAt: null,
    followUpMetAt: null,
    createdAt: ago(2 * 24 * hour),
    updatedAt: ago(hour),
    ownedAt: ago(47 * hour),
    resolvedAt: null,
    closedAt: null,
    reopenCount: 0,
    version: 3,
    openHandoffs: 0,
    stalled: [],
  };
}

export const aRequest = (over: Partial<RequestSummary> = {}): RequestSummary =>
  fromContract(requestSummary, { ...requestFields(over), ...over });

export const aRequestDetail = (over: Partial<RequestDetail> = {}): RequestDetail =>
  fromContract(requestDetail, {
    ...requestFields(over),
    handoffs: [],
    allowedActions: ['comment'],
    ...over,
  });

export const aHandoff = (over: Partial<Handoff> = {}): Handoff =>
  fromContract(handoff, {
    id: id(),
    requestId: id(),
    to: 'Acme Fitness Repair',
    toPerson: null,
    ask: 'Replace the drive belt',
    expectedBy: ahead(24 * hour),
    status: 'open',
    overdue: false,
    createdBy: { id: id(), name: 'Olive Owner', active: true },
    createdAt: ago(24 * hour),
    completedAt: null,
    note: null,
    ...over,
  });

/** An event of the timeline; its data must be what its type carries. */
export const anEvent = (over: Partial<RequestEvent> = {}): RequestEvent =>
  fromContract(requestEvent, {
    id: String(seq++),
    requestId: id(),
    actor: { id: id(), name: 'Sam Staff', active: true },
    type: 'created',
    at: ago(2 * 24 * hour),
    data:
      over.type === undefined || over.type === 'created'
        ? {
            title: 'Treadmill 3 is broken',
            priority: 'normal',
            categoryId: id(),
            desiredOutcome: 'Treadmill 3 runs safely and is back in use',
          }
        : {},
    ...over,
  });
