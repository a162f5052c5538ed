import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router';
import { prepareDateFormats } from '../lib/time';

type Router = ReturnType<typeof createBrowserRouter>;

/** The whole app: the query cache around the router. */
export function App({ router, queryClient }: { router: Router; queryClient: QueryClient }) {
  // Just after the first paint, while the first screen's code and data are on their way.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(prepareDateFormats);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
