import { useCallback, useEffect, useRef, useState } from 'react';
import { ACCEPT, uploadAttachment } from '../../api/attachments';
import { errorMessage } from '../../api/client';
import { newUuid } from '../../lib/uuid';
import './photos.css';

export type PhotoStatus = 'waiting' | 'uploading' | 'done' | 'failed';

export interface PendingPhoto {
  id: string;
  file: File;
  /** An object URL for the thumbnail; none where the browser cannot make one. */
  url: string | null;
  status: PhotoStatus;
  error?: string;
}

const objectUrl = (file: File) =>
  typeof URL.createObjectURL === 'function' && file.type.startsWith('image/')
    ? URL.createObjectURL(file)
    : null;

/** Photos chosen for a request and their uploads, one after another. */
export function usePhotoUploads() {
  const [photos, setPhotos] = useState<PendingPhoto[]>([]);
  const current = useRef(photos);
  current.current = photos;
  useEffect(
    () => () => {
      for (const p of current.current) if (p.url) URL.revokeObjectURL(p.url);
    },
    [],
  );
  const patch = useCallback(
    (id: string, next: Partial<PendingPhoto>) =>
      setPhotos((list) => list.map((p) => (p.id === id ? { ...p, ...next } : p))),
    [],
  );

  const add = useCallback((files: FileList | readonly File[]) => {
    const added = [...files].map((file) => ({
      id: newUuid(),
      file,
      url: objectUrl(file),
      status: 'waiting' as const,
    }));
    setPhotos((list) => [...list, ...added]);
  }, []);

  const remove = useCallback((id: string) => {
    setPhotos((list) => {
      const gone = list.find((p) => p.id === id);
      if (gone?.url) URL.revokeObjectURL(gone.url);
      return list.filter((p) => p.id !== id);
    });
  }, []);

  const uploadOne = useCallback(
    async (requestId: string, photo: PendingPhoto) => {
      patch(photo.id, { status: 'uploading', error: undefined });
      try {
        await uploadAttachment(requestId, photo.file);
        patch(photo.id, { status: 'done' });
        return true;
      } catch (error) {
        patch(photo.id, { status: 'failed', error: errorMessage(error) });
        return false;
      }
    },
    [patch],
  );

  /** Uploads every photo not uploaded yet; true when all of them are. */
  const uploadAll = useCallback(
    async (requestId: string) => {
      let ok = true;
      for (const photo of current.current) {
        if (photo.status === 'done') continue;
        if (!(await uploadOne(requestId, photo))) ok = false;
      }
      return ok;
    },
    [uploadOne],
  );

  const retry = useCallback(
    (requestId: string, id: string) => {
      const photo = current.current.find((p) => p.id === id);
      return photo ? uploadOne(requestId, photo) : Promise.resolve(false);
    },
    [uploadOne],
  );

  const clear = useCallback(() => setPhotos([]), []);

  return { photos, add, remove, uploadAll, retry, clear };
}

const statusText: Record<PhotoStatus, string> = {
  waiting: 'Ready to upload',
  uploading: 'Uploading…',
  done: 'Uploaded',
  failed: 'Not uploaded',
};

/** "Take photo" (the camera on a phone) and a file picker. */
export function PhotoButtons({
  onFiles,
  disabled,
  idPrefix,
}: {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
  idPrefix: string;
}) {
  const take = (event: React.ChangeEvent<HTMLInputElement>) => {
    const files = event.target.files ? [...event.target.files] : [];
    // Cleared, so choosing the same file again still counts as a choice.
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <div className="photo-buttons">
      <label className="button" htmlFor={`${idPrefix}-camera`}>
        Take photo
      </label>
      <input
        id={`${idPrefix}-camera`}
        className="photo-input"
        type="file"
        accept="image/*"
        capture="environment"
        disabled={disabled}
        onChange={take}
      />
      <label className="button button-quiet" htmlFor={`${idPrefix}-files`}>
        Choose files
      </label>
      <input
        id={`${idPrefix}-files`}
        className="photo-input"
        type="file"
        accept={ACCEPT}
        multiple
        disabled={disabled}
        onChange={take}
      />
    </div>
  );
}

/** Location note shown wherever photos are added. */
export const LOCATION_NOTE =
  'Location data (GPS) is removed from JPEG, PNG and WebP photos when they are stored.';

/** The chosen photos: a preview each, with remove, and retry for a failed upload. */
export function PhotoPicker({
  photos,
  onAdd,
  onRemove,
  onRetry,
  busy,
}: {
  photos: readonly PendingPhoto[];
  onAdd: (files: File[]) => void;
  onRemove: (id: string) => void;
  onRetry?: ((id: string) => void) | undefined;
  busy?: boolean;
}) {
  const done = photos.filter((p) => p.status === 'done').length;
  const uploading = photos.some((p) => p.status === 'uploading');
  return (
    <fieldset className="photo-picker">
      <legend>Photos</legend>
      <p className="field-hint">Up to 20 photos or PDFs. {LOCATION_NOTE}</p>
      <PhotoButtons onFiles={onAdd} disabled={busy} idPrefix="new-request-photo" />
      {photos.length > 0 ? (
        <ul className="photo-list" aria-label="Chosen photos">
          {photos.map((p) => (
            <li key={p.id} className={`photo-item photo-${p.status}`}>
              {p.url ? (
                <img className="photo-thumb" src={p.url} alt="" />
              ) : (
                <span className="photo-thumb photo-thumb-file" aria-hidden="true">
                  {p.file.name.split('.').pop()?.toUpperCase() ?? 'FILE'}
                </span>
              )}
              <span className="photo-name">{p.file.name}</span>
              <span className="photo-status" role={p.status === 'failed' ? 'alert' : undefined}>
                {p.status === 'failed'
                  ? `${p.file.name} was not uploaded: ${p.error ?? 'the upload failed'}`
                  : statusText[p.status]}
              </span>
              {p.status === 'failed' && onRetry ? (
                <button type="button" className="button" onClick={() => onRetry(p.id)}>
                  Retry {p.file.name}
                </button>
              ) : null}
              {p.status === 'waiting' || p.status === 'failed' ? (
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => onRemove(p.id)}
                  disabled={busy && p.status === 'waiting'}
                >
                  Remove {p.file.name}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {uploading || (done > 0 && done < photos.length) ? (
        <p className="photo-progress" role="status">
          <progress value={done} max={photos.length} aria-label="Photos uploaded" /> {done} of{' '}
          {photos.length} photos uploaded
        </p>
      ) : null}
    </fieldset>
  );
}
