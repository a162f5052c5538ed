import type { Attachment } from '@followthrough/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, type PointerEvent, useEffect, useRef, useState } from 'react';
import {
  attachmentQueries,
  attachmentUrl,
  deleteAttachment,
  previewUrl,
  uploadAttachment,
} from '../../api/attachments';
import { errorMessage } from '../../api/client';
import { requestQueries } from '../../api/requests';
import { ActionDialog } from '../../components/actions/action-dialog';
import { LOCATION_NOTE, PhotoButtons } from './photo-picker';
import './photos.css';

const isImage = (a: Attachment) => a.contentType.startsWith('image/');

/** Moves through the photos: arrow keys, buttons, and a sideways swipe. */
export function PhotoViewer({
  items,
  start,
  onClose,
  onRemove,
}: {
  items: readonly Attachment[];
  start: number;
  onClose: () => void;
  onRemove?: ((a: Attachment) => void) | undefined;
}) {
  const [index, setIndex] = useState(start);
  const swipe = useRef<number | null>(null);
  const count = items.length;
  const current = items[Math.min(index, count - 1)];
  if (!current) return null;
  const go = (step: number) => setIndex((i) => (i + step + count) % count);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowRight') {
      event.preventDefault();
      go(1);
    } else if (event.key === 'ArrowLeft') {
      event.preventDefault();
      go(-1);
    }
  };
  const down = (event: PointerEvent) => {
    swipe.current = event.clientX;
  };
  const up = (event: PointerEvent) => {
    const from = swipe.current;
    swipe.current = null;
    if (from === null) return;
    const dx = event.clientX - from;
    if (Math.abs(dx) > 40) go(dx < 0 ? 1 : -1);
  };
  const position = `${Math.min(index, count - 1) + 1} of ${count}`;
  return (
    <ActionDialog id="photo-viewer" title={current.filename} onClose={onClose}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the arrow keys and swipes repeat the buttons below */}
      <div className="photo-viewer" onKeyDown={onKeyDown} onPointerDown={down} onPointerUp={up}>
        <p role="status" aria-live="polite">
          Photo {position}
        </p>
        {isImage(current) ? (
          <img src={attachmentUrl(current.id)} alt={current.filename} />
        ) : (
          <a href={attachmentUrl(current.id)} download={current.filename}>
            Download {current.filename}
          </a>
        )}
        <div className="photo-viewer-nav">
          <button type="button" className="button" onClick={() => go(-1)} disabled={count < 2}>
            Previous
          </button>
          <button type="button" className="button" onClick={() => go(1)} disabled={count < 2}>
            Next
          </button>
          <a
            className="button button-quiet"
            href={attachmentUrl(current.id)}
            target="_blank"
            rel="noreferrer"
          >
            Open full size
          </a>
          {onRemove ? (
            <button type="button" className="button button-quiet" onClick={() => onRemove(current)}>
              Remove
            </button>
          ) : null}
        </div>
        <p className="field-hint">
          Added by {current.uploadedBy.name}. Use the arrow keys or swipe to move between photos.
        </p>
      </div>
    </ActionDialog>
  );
}

/** The request's photos and documents, a viewer, and adding more later. */
export function PhotoStrip({
  requestId,
  version,
  canAdd,
}: {
  requestId: string;
  /** The request's version: every upload or removal moves it, here or on another screen. */
  version: number;
  canAdd: boolean;
}) {
  const queryClient = useQueryClient();
  const list = useQuery(attachmentQueries.of(requestId));
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    void queryClient.invalidateQueries({ queryKey: attachmentQueries.of(requestId).queryKey });
  }, [queryClient, requestId, version]);
  const [open, setOpen] = useState<number | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: attachmentQueries.of(requestId).queryKey });
    await queryClient.invalidateQueries({ queryKey: requestQueries.all() });
  };
  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const failed: string[] = [];
      for (const [i, file] of files.entries()) {
        setMessage({ text: `Uploading ${i + 1} of ${files.length}: ${file.name}…`, error: false });
        try {
          await uploadAttachment(requestId, file);
        } catch (error) {
          failed.push(`${file.name} (${errorMessage(error)})`);
        }
      }
      return failed;
    },
    onSuccess: async (failed, files) => {
      setMessage(
        failed.length > 0
          ? { text: `Not uploaded: ${failed.join('; ')}`, error: true }
          : {
              text: `${files.length === 1 ? 'Photo' : `${files.length} photos`} added.`,
              error: false,
            },
      );
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (a: Attachment) => deleteAttachment(a.id),
    onSuccess: async (_r, a) => {
      setOpen(null);
      setMessage({ text: `Removed ${a.filename}.`, error: false });
      await refresh();
    },
    onError: (error) => setMessage({ text: errorMessage(error), error: true }),
  });
  const items = list.data ?? [];
  return (
    <section className="card" aria-labelledby="photos-heading">
      <h2 id="photos-heading">Photos and files</h2>
      {items.length === 0 && !list.isPending ? <p>No photos yet.</p> : null}
      {items.length > 0 ? (
        <ul className="photo-strip" aria-label="Photos">
          {items.map((a, i) => (
            <li key={a.id}>
              <button type="button" onClick={() => setOpen(i)} aria-label={`Open ${a.filename}`}>
                {a.hasPreview ? (
                  <img className="photo-thumb" src={previewUrl(a)} alt="" />
                ) : (
                  <span className="photo-thumb photo-thumb-file" aria-hidden="true">
                    {a.contentType === 'application/pdf' ? 'PDF' : 'IMG'}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {canAdd ? (
        <>
          <PhotoButtons
            idPrefix="request-photo"
            disabled={upload.isPending}
            onFiles={(files) => upload.mutate(files)}
          />
          <p className="field-hint">{LOCATION_NOTE}</p>
        </>
      ) : null}
      {message ? (
        <p
          className={message.error ? 'field-error' : 'field-hint'}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
      {open !== null && items.length > 0 ? (
        <PhotoViewer
          items={items}
          start={open}
          onClose={() => setOpen(null)}
          onRemove={(a) => remove.mutate(a)}
        />
      ) : null}
    </section>
  );
}
