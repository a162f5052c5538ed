import {
  type Asset,
  type AssetDetail,
  type AssetsQuery,
  assetReportPath,
  type CreateAssetBody,
  type ImportAssetsResult,
  locationReportPath,
  type UpdateAssetBody,
} from '@followthrough/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { adminQueries } from './admin';
import { apiFetch } from './client';

export const assetQueries = {
  all: () => ['assets'] as const,
  lists: () => [...assetQueries.all(), 'list'] as const,
  /** Registered assets by name, narrowed by text (name or tag), location or active. */
  list: (query: AssetsQuery = {}) =>
    queryOptions({
      queryKey: [...assetQueries.lists(), query] as const,
      queryFn: ({ signal }) => apiFetch<Asset[]>('/api/assets', { query, signal }),
    }),
  details: () => [...assetQueries.all(), 'detail'] as const,
  /** One asset by id or tag (what a label carries), with its figures for the year. */
  detail: (idOrTag: string) =>
    queryOptions({
      queryKey: [...assetQueries.details(), idOrTag] as const,
      queryFn: ({ signal }) =>
        apiFetch<AssetDetail>(`/api/assets/${encodeURIComponent(idOrTag)}`, { signal }),
    }),
};

/** Where an asset's QR label is drawn (SVG; an img may load it with the session cookie). */
export const assetQrUrl = (id: string) => `/api/assets/${encodeURIComponent(id)}/qr.svg`;

/** Where a location's QR label is drawn. */
export const locationQrUrl = (id: string) => `/api/locations/${encodeURIComponent(id)}/qr.svg`;

/**
 * The link a label opens, for its alt text. The server draws it from PUBLIC_URL, which is
 * this app's own address wherever the app is served as one site.
 */
export const assetLabelLink = (tag: string) => `${window.location.origin}${assetReportPath(tag)}`;
export const locationLabelLink = (id: string) =>
  `${window.location.origin}${locationReportPath(id)}`;

export const createAsset = (body: CreateAssetBody) =>
  apiFetch<Asset>('/api/assets', { method: 'POST', body });

export const updateAsset = ({ id, body }: { id: string; body: UpdateAssetBody }) =>
  apiFetch<Asset>(`/api/assets/${encodeURIComponent(id)}`, { method: 'PATCH', body });

/** Imports CSV text; one bad line imports nothing (422 IMPORT_INVALID with the lines). */
export const importAssets = (csv: string) =>
  apiFetch<ImportAssetsResult>('/api/assets/import', { method: 'POST', body: { csv } });

/** An asset write: the lists, the asset's page and the audit log are refetched before it is done. */
function useAssetWrite<TVariables, TResult>(
  mutationFn: (variables: TVariables) => Promise<TResult>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: assetQueries.all() }),
        queryClient.invalidateQueries({ queryKey: adminQueries.audits() }),
      ]),
  });
}

export const useCreateAsset = () => useAssetWrite(createAsset);
export const useUpdateAsset = () => useAssetWrite(updateAsset);
export const useImportAssets = () => useAssetWrite(importAssets);
