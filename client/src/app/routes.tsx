import { Navigate, type RouteObject, useLocation } from 'react-router';
import { LoadingState } from '../components/states';
import { InvitePage } from '../features/account/invite-page';
import { ProfilePage } from '../features/account/profile-page';
import { AssetPage } from '../features/assets/asset-page';
import { SignInPage } from '../features/auth/sign-in-page';
import { FiguresPage } from '../features/metrics/figures-page';
import { InboxPage } from '../features/notifications/inbox-page';
import { MyWorkPage } from '../features/requests/my-work-page';
import { NewRequestPage } from '../features/requests/new-request-page';
import { OpenItemsPage } from '../features/requests/open-items-page';
import { RequestPage } from '../features/requests/request-page';
import { ReviewPage } from '../features/review/review-page';
import { SaveViewButton } from '../features/views/save-view';
import { ViewsPage } from '../features/views/views-page';
import { retryImport } from '../lib/chunk-retry';
import { Layout } from './layout';
import { NotFoundPage } from './not-found-page';
import { RequireAuth } from './require-auth';
import { RouteError, ScreenError } from './route-error';

type AdminPages = typeof import('../features/admin/admin-pages');

/** One screen of the Admin area, whose code loads with the first of them (admins only). */
const adminScreen = (name: keyof AdminPages) => async () => ({
  Component: (await retryImport(() => import('../features/admin/admin-pages')))[name],
});

/** Every screen of the app; the browser and the tests build their routers from this. */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      // An invite link's secret is in its fragment: the page reads it, no server sees it.
      { path: '/invite', element: <InvitePage /> },
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
              { index: true, element: <MyWorkPage /> },
              { path: 'inbox', element: <InboxPage /> },
              { path: 'requests', element: <OpenItemsPage saveView={SaveViewButton} /> },
              { path: 'requests/new', element: <NewRequestPage /> },
              // QR labels carry the short address of SPEC §14: PUBLIC_URL/new?asset=<tag>.
              { path: 'new', element: <NewFromLabel /> },
              { path: 'requests/:key', element: <RequestPage /> },
              { path: 'review', element: <ReviewPage /> },
              // The page is a light frame; its charts (and recharts) load lazily inside it.
              { path: 'figures', element: <FiguresPage /> },
              { path: 'profile', element: <ProfilePage /> },
              { path: 'views', element: <ViewsPage /> },
              // By id or tag: a tag is what a label shows and what a person types.
              { path: 'assets/:idOrTag', element: <AssetPage /> },
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
