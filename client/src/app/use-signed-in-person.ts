import type { Me } from '@followthrough/shared';
import { useQuery } from '@tanstack/react-query';
import { authQueries } from '../api/auth';

/** The signed-in person; only for screens behind RequireAuth, which has loaded them. */
export function useSignedInPerson(): Me {
  const { data } = useQuery(authQueries.me());
  if (!data) throw new Error('useSignedInPerson used outside RequireAuth');
  return data;
}
