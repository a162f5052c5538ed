import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { authQueries } from '../api/auth';
import { isApiError } from '../api/client';

/**
 * The app's query cache. A 401 from any call means the session has ended: the
 * signed-in person is forgotten, and the auth guard sends them to sign in.
 */
export function createQueryClient({ retry = true }: { retry?: boolean } = {}): QueryClient {
  const onError = (error: unknown) => {
    if (isApiError(error) && error.status === 401) {
      client.setQueryData(authQueries.me().queryKey, null);
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not change by asking again; a network blip or a 5xx might.
        retry: (failures, error) =>
          retry &&
          failures < 2 &&
          !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
  return client;
}
