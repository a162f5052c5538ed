import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { type LoaderFunctionArgs, Navigate, type RouteObject, useLocation } from 'react-router';
import { authQueries } from '../api/auth';
import { LoadingState } from '../components/states';
import {
  prefetchMyWork,
  prefetchOpenItems,
  prefetchRequest,
} from '../features/requests/screen-data';
import { retryImport } from '../lib/chunk-retry';
import { Layout } from './layout';
import { NotFoundPage } from './not-found-page';
import { RequireAuth } from './require-auth';
import { RouteError, ScreenError } from './route-error';

/**
 * A screen whose code (and zod, for the screens that validate) loads when it is first
 * opened, so the first page downloads only the frame and the screen it shows. A page
 * opened at its address shows the loading state until its code arrives; a failed load
 * shows the route's error screen. A `loader` from firstData fetches while the code loads.
 */
const screen = (
  label: string,
  load: () => Promise<ComponentType>,
  loader?: (args: LoaderFunctionArgs) => null,
) => ({
  lazy: async () => ({ Component: await retryImport(load) }),
  ...(loader ? { loader } : {}),
  HydrateFallback: () => <LoadingState label={label} />,
});

/**
 * A loader that starts a screen's first queries beside its code (a route's loader runs
 * beside its `lazy`). It waits for neither, so the screen still shows its own loading and
 * error states. The signed-in person is asked for first: the frame waits for them.
 */
const firstData =
  (queryClient: QueryClient, prefetch: (args: LoaderFunctionArgs) => void) =>
  (args: LoaderFunctionArgs) => {
    void queryClient.prefetchQuery(authQueries.me());
    prefetch(args);
    return null;
  };

type AdminPages = typeof import('../features/admin/admin-pages');

/** One screen of the Admin area, whose code loads with the first of them (admins only). */
const adminScreen = (name: keyof AdminPages) => async () => ({
  Component: (await retryImport(() => import('../features/admin/admin-pages')))[name],
});

/** Every screen of the app; the browser and the tests build their routers from this. */
export const createRoutes = (queryClient: QueryClient): RouteObject[] => [
  {
    errorElement: <RouteError />,
    children: [
      {
        path: '/sign-in',
        ...screen(
          'Loading…',
          async () => (await import('../features/auth/sign-in-page')).SignInPage,
        ),
      },
      // An invite link's secret is in its fragment: the page reads it, no server sees it.
      {
        path: '/invite',
        ...screen(
          'Loading…',
          async () => (await import('../features/account/invite-page')).InvitePage,
        ),
      },
      {
        element: (
          <RequireAuth>
            <Layout />
          </RequireAuth>
        ),
        children: [
          {
            // A screen that fails shows its error inside the layout, so the navigation stays.
            errorElement: <ScreenError />,
            children: [
              {
                index: true,
                ...screen(
                  'Loading My work…',
                  async () => (await import('../features/requests/my-work-page')).MyWorkPage,
                  firstData(queryClient, () => prefetchMyWork(queryClient)),
                ),
              },
              {
                path: 'inbox',
                ...screen(
                  'Loading Inbox…',
                  async () => (await import('../features/notifications/inbox-page')).InboxPage,
                ),
              },
              {
                path: 'requests',
                ...screen(
                  'Loading Open items…',
                  async () => {
                    const [{ OpenItemsPage }, { SaveViewButton }] = await Promise.all([
                      import('../features/requests/open-items-page'),
                      import('../features/views/save-view'),
                    ]);
                    return () => <OpenItemsPage saveView={SaveViewButton} />;
                  },
                  firstData(queryClient, ({ request }) =>
                    prefetchOpenItems(queryClient, new URL(request.url).searchParams),
                  ),
                ),
              },
              {
                path: 'requests/new',
                ...screen(
                  'Loading…',
                  async () =>
                    (await import('../features/requests/new-request-page')).NewRequestPage,
                ),
              },
              // QR labels carry the short address of SPEC §14: PUBLIC_URL/new?asset=<tag>.
              { path: 'new', element: <NewFromLabel /> },
              {
                path: 'requests/:key',
                ...screen(
                  'Loading the request…',
                  async () => (await import('../features/requests/request-page')).RequestPage,
                  firstData(queryClient, ({ params }) =>
                    prefetchRequest(queryClient, params.key ?? ''),
                  ),
                ),
              },
              {
                path: 'review',
                ...screen(
                  'Loading Review…',
                  async () => (await import('../features/review/review-page')).ReviewPage,
                ),
              },
              // The page's charts (and recharts) load lazily inside it, after its frame.
              {
                path: 'figures',
                ...screen(
                  'Loading Figures…',
                  async () => (await import('../features/metrics/figures-page')).FiguresPage,
                ),
              },
              {
                path: 'profile',
                ...screen(
                  'Loading Profile…',
                  async () => (await import('../features/account/profile-page')).ProfilePage,
                ),
              },
              {
                path: 'views',
                ...screen(
                  'Loading Views…',
                  async () => (await import('../features/views/views-page')).ViewsPage,
                ),
              },
              // By id or tag: a tag is what a label shows and what a person types.
              {
                path: 'assets/:idOrTag',
                ...screen(
                  'Loading the asset…',
                  async () => (await import('../features/assets/asset-page')).AssetPage,
                ),
              },
              {
                path: 'admin',
                lazy: adminScreen('AdminLayout'),
                HydrateFallback: () => <LoadingState label="Loading Admin…" lines={4} />,
                children: [
                  { index: true, element: <Navigate to="/admin/people" replace /> },
                  { path: 'people', lazy: adminScreen('PeoplePage') },
                  { path: 'teams', lazy: adminScreen('TeamsPage') },
                  { path: 'categories', lazy: adminScreen('CategoriesPage') },
                  { path: 'locations', lazy: adminScreen('LocationsPage') },
                  { path: 'assets', lazy: adminScreen('AssetsPage') },
                  { path: 'labels', lazy: adminScreen('LabelsPage') },
                  { path: 'settings', lazy: adminScreen('SettingsPage') },
                  { path: 'tokens', lazy: adminScreen('TokensPage') },
                  { path: 'audit', lazy: adminScreen('AuditPage') },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];

/** /new keeps its query (the asset or location a label names) on the way to the form. */
function NewFromLabel() {
  const { search } = useLocation();
  return <Navigate to={`/requests/new${search}`} replace />;
}
