import { Navigate, type RouteObject } from 'react-router';
import { AdminLayout } from '../features/admin/admin-layout';
import { PeoplePage } from '../features/admin/people-page';
import { SignInPage } from '../features/auth/sign-in-page';
import { FiguresPage } from '../features/metrics/figures-page';
import { MyWorkPage } from '../features/requests/my-work-page';
import { NewRequestPage } from '../features/requests/new-request-page';
import { OpenItemsPage } from '../features/requests/open-items-page';
import { RequestPage } from '../features/requests/request-page';
import { ReviewPage } from '../features/review/review-page';
import { Layout } from './layout';
import { NotFoundPage } from './not-found-page';
import { RequireAuth } from './require-auth';
import { RouteError } from './route-error';

/** Every screen of the app; the browser and the tests build their routers from this. */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      {
        element: (
          <RequireAuth>
            <Layout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <MyWorkPage /> },
          { path: 'requests', element: <OpenItemsPage /> },
          { path: 'requests/new', element: <NewRequestPage /> },
          { path: 'requests/:key', element: <RequestPage /> },
          { path: 'review', element: <ReviewPage /> },
          // The page is a light frame; its charts (and recharts) load lazily inside it.
          { path: 'figures', element: <FiguresPage /> },
          {
            path: 'admin',
            element: <AdminLayout />,
            children: [
              { index: true, element: <Navigate to="/admin/people" replace /> },
              { path: 'people', element: <PeoplePage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
