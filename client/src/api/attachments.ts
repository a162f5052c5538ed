import type { Attachment, AttachmentList } from '@followthrough/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './client';

export const attachmentQueries = {
  all: () => ['attachments'] as const,
  of: (requestId: string) =>
    queryOptions({
      queryKey: [...attachmentQueries.all(), requestId] as const,
      queryFn: ({ signal }) =>
        apiFetch<AttachmentList>(`/api/requests/${encodeURIComponent(requestId)}/attachments`, {
          signal,
        }),
      select: (data) => data.items,
    }),
};

/** One file to one request, as multipart (field `file`). */
export function uploadAttachment(requestId: string, file: File): Promise<Attachment> {
  const body = new FormData();
  body.append('file', file, file.name);
  return apiFetch<Attachment>(`/api/requests/${encodeURIComponent(requestId)}/attachments`, {
    method: 'POST',
    body,
  });
}

export const deleteAttachment = (id: string) =>
  apiFetch<null>(`/api/attachments/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const attachmentUrl = (id: string) => `/api/attachments/${encodeURIComponent(id)}`;
export const previewUrl = (a: Pick<Attachment, 'id' | 'hasPreview'>) =>
  a.hasPreview ? `${attachmentUrl(a.id)}/preview` : attachmentUrl(a.id);

/** Types the server accepts; the picker offers these, the server decides by content. */
export const ACCEPT = 'image/*,application/pdf';
