import {
  type AssetDetail,
  assetTagPattern,
  type Category,
  type CreateRequestBody,
  createRequestBody,
  type Priority,
  priorities,
  priority as prioritySchema,
  uuid,
} from '@followthrough/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate, useSearchParams } from 'react-router';
import { assetQueries } from '../../api/assets';
import { errorMessage, isApiError } from '../../api/client';
import { directoryQueries } from '../../api/directory';
import { createRequest, requestQueries } from '../../api/requests';
import { ActionDialog } from '../../components/actions/action-dialog';
import { FormField } from '../../components/form-field';
import { PageHeader } from '../../components/page-header';
import { priorityLabels } from '../../lib/labels';
import { formatMinutes } from '../../lib/time';
import { newUuid } from '../../lib/uuid';
import { PhotoPicker, usePhotoUploads } from './photo-picker';

export const DESIRED_OUTCOME_PROMPT = 'What does done look like for the person who asked?';

interface Values {
  title: string;
  desiredOutcome: string;
  categoryId: string;
  locationId: string;
  asset: string;
  priority: Priority;
  description: string;
  onBehalfOf: string;
}
type Field = keyof Values;
type Errors = Partial<Record<Field, string>>;

/** The order the fields appear in, so the first error gets focus. */
const fieldOrder: Field[] = [
  'title',
  'desiredOutcome',
  'categoryId',
  'locationId',
  'asset',
  'priority',
  'description',
  'onBehalfOf',
];

/** Kinder words than the schema's for a required field left empty. */
const whenEmpty: Partial<Record<Field, string>> = {
  title: 'Give the request a short title',
  desiredOutcome: 'Say what done looks like for the person who asked',
  categoryId: 'Choose a category',
};

const fieldId = (field: Field) => `new-request-${field}`;

/** The body the API takes: optional fields left out when empty. */
function toBody(values: Values, assetId?: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    title: values.title,
    desiredOutcome: values.desiredOutcome,
    categoryId: values.categoryId,
    priority: values.priority,
  };
  if (assetId) body.assetId = assetId;
  for (const field of ['locationId', 'asset', 'description', 'onBehalfOf'] as const) {
    if (values[field].trim() !== '') body[field] = values[field];
  }
  return body;
}

/** Validates with the shared contract; returns the body to send, or the messages by field. */
export function validateNewRequest(values: Values, assetId?: string) {
  const parsed = createRequestBody.safeParse(toBody(values, assetId));
  if (parsed.success) return { body: parsed.data, errors: {} as Errors };
  const errors: Errors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as Field | undefined;
    if (!field || errors[field]) continue;
    errors[field] =
      values[field]?.trim() === '' ? (whenEmpty[field] ?? issue.message) : issue.message;
  }
  return { body: undefined, errors };
}

function initialValues(params: URLSearchParams): Values {
  // A link (later a QR code on an asset or a room) may prefill the form.
  const id = (name: string) => (uuid.safeParse(params.get(name)).success ? params.get(name)! : '');
  const priority = prioritySchema.safeParse(params.get('priority'));
  return {
    title: params.get('title')?.slice(0, 200) ?? '',
    desiredOutcome: '',
    categoryId: id('category'),
    locationId: id('location'),
    asset: params.get('asset')?.slice(0, 200) ?? '',
    priority: priority.success ? priority.data : 'normal',
    description: '',
    onBehalfOf: '',
  };
}

function TargetHint({
  category,
  priority,
}: {
  category: Category | undefined;
  priority: Priority;
}) {
  const target = category?.targets.find((t) => t.priority === priority);
  if (!category || !target) {
    return <>Urgent means someone should own it within the hour.</>;
  }
  return (
    <>
      {category.name}, {priorityLabels[priority].toLowerCase()}: owned within{' '}
      {formatMinutes(target.ownWithinMinutes)}, resolved within{' '}
      {formatMinutes(target.resolveWithinMinutes)}.
    </>
  );
}

export function NewRequestPage() {
  const [searchParams] = useSearchParams();
  const [initial, setInitial] = useState<Values>(() => initialValues(searchParams));
  const [values, setValues] = useState<Values>(initial);
  // A QR label's link names a registered asset by its tag (SPEC §14).
  const labelTag = searchParams.get('asset') ?? '';
  const byLabel = assetTagPattern.test(labelTag);
  const labelAsset = useQuery({ ...assetQueries.detail(labelTag), enabled: byLabel, retry: false });
  const [registered, setRegistered] = useState<AssetDetail | null>(null);
  const [assetDismissed, setAssetDismissed] = useState(false);
  useEffect(() => {
    const found = labelAsset.data;
    if (!found?.active || registered || assetDismissed) return;
    setRegistered(found);
    // The asset fills what the link left out; that counts as the link's, not the person's.
    const fill = (v: Values): Values => ({
      ...v,
      categoryId: v.categoryId || found.categoryId || '',
      locationId: v.locationId || found.locationId || '',
      asset: v.asset === labelTag ? '' : v.asset,
    });
    setValues(fill);
    setInitial(fill);
  }, [labelAsset.data, registered, assetDismissed, labelTag]);
  const [errors, setErrors] = useState<Errors>({});
  const [submitted, setSubmitted] = useState(false);
  const idempotency = useRef<{ key: string; body: string } | null>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const categories = useQuery(directoryQueries.categories());
  const locations = useQuery(directoryQueries.locations());
  const uploads = usePhotoUploads();
  // Logged, but a photo did not upload: the page stays to say which, with a retry.
  const [loggedAs, setLoggedAs] = useState<{ id: string; key: string } | null>(null);

  const create = useMutation({
    mutationFn: ({ body, key }: { body: CreateRequestBody; key: string }) =>
      createRequest(body, key),
    onSuccess: async (created) => {
      logged.current = true;
      queryClient.setQueryData(requestQueries.detail(created.key).queryKey, created);
      await queryClient.invalidateQueries({ queryKey: requestQueries.lists() });
      // The request exists whatever happens to its photos; each is uploaded after it.
      if (uploads.photos.length > 0 && !(await uploads.uploadAll(created.id))) {
        setLoggedAs({ id: created.id, key: created.key });
        return;
      }
      await navigate(`/requests/${created.key}`, { state: { created: true } });
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      const fromServer = error.fieldErrors();
      const known = fieldOrder.filter((f) => fromServer[f]);
      if (known.length > 0) {
        setErrors(Object.fromEntries(known.map((f) => [f, fromServer[f]])));
        document.getElementById(fieldId(known[0]!))?.focus();
      }
    },
  });

  // What the person typed beyond what the link filled in is theirs: leaving asks first.
  const logged = useRef(false);
  const unsaved = !logged.current && fieldOrder.some((f) => values[f] !== initial[f]);
  const unsavedRef = useRef(unsaved);
  unsavedRef.current = unsaved;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsavedRef.current && !logged.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  const activeCategories = (categories.data ?? []).filter(
    (c) => c.active || c.id === values.categoryId,
  );
  const activeLocations = (locations.data ?? []).filter(
    (l) => l.active || l.id === values.locationId,
  );
  const selectedCategory = categories.data?.find((c) => c.id === values.categoryId);

  function update(field: Field, value: string) {
    const next = { ...values, [field]: value } as Values;
    setValues(next);
    // Once a submit has shown errors, keep them true as the person types.
    if (submitted) setErrors(validateNewRequest(next).errors);
  }

  async function retryPhoto(id: string) {
    if (!loggedAs) return;
    await uploads.retry(loggedAs.id, id);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending || loggedAs) return;
    setSubmitted(true);
    const { body, errors: found } = validateNewRequest(values, registered?.id);
    setErrors(found);
    if (!body) {
      const first = fieldOrder.find((f) => found[f]);
      if (first) document.getElementById(fieldId(first))?.focus();
      return;
    }
    // One key per submission: a retry of the same body reuses it, so it is logged once.
    const json = JSON.stringify(body);
    if (idempotency.current?.body !== json) idempotency.current = { key: newUuid(), body: json };
    create.mutate({ body, key: idempotency.current.key });
  }

  const generalError =
    create.isError && !(isApiError(create.error) && Object.keys(errors).length > 0)
      ? errorMessage(create.error)
      : null;

  return (
    <div className="page page-narrow">
      <PageHeader title="New request" documentTitle="New request">
        <p>Log it in under a minute. Someone will own it until it is done.</p>
      </PageHeader>

      {generalError ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">The request was not logged</p>
          <p>{generalError}</p>
        </div>
      ) : null}

      {loggedAs ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">
            Logged as {loggedAs.key}, but{' '}
            {uploads.photos.filter((p) => p.status === 'failed').length === 0
              ? 'its photos are now all uploaded'
              : `not every photo was uploaded: ${uploads.photos
                  .filter((p) => p.status === 'failed')
                  .map((p) => p.file.name)
                  .join(', ')}`}
            .
          </p>
          <p>
            Retry each below, or <Link to={`/requests/${loggedAs.key}`}>go to {loggedAs.key}</Link>{' '}
            and add them there.
          </p>
        </div>
      ) : null}

      {blocker.state === 'blocked' ? (
        <ActionDialog
          id="leave-new-request"
          title="Leave without logging it?"
          onClose={() => blocker.reset()}
          describedBy="leave-new-request-text"
        >
          <p id="leave-new-request-text">
            This request has not been logged. If you leave, what you typed here is lost.
          </p>
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => blocker.reset()}>
              Stay and finish
            </button>
            <button type="button" className="button" onClick={() => blocker.proceed()}>
              Leave and discard
            </button>
          </div>
        </ActionDialog>
      ) : null}

      {registered ? (
        <div className="notice notice-info" role="status">
          <p className="notice-title">
            Reporting a problem with {registered.name} ({registered.tag})
          </p>
          <p>
            Its usual category and place are filled in below; change them if they are wrong.{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setRegistered(null);
                setAssetDismissed(true);
              }}
            >
              It is not this asset
            </button>
          </p>
        </div>
      ) : byLabel && (labelAsset.isError || labelAsset.data?.active === false) ? (
        <div className="notice notice-warn" role="status">
          <p>
            {labelAsset.data?.active === false
              ? `${labelAsset.data.name} (${labelTag}) is no longer in use, so the request is not tied to it.`
              : `No asset has the tag ${labelTag}, so the request is not tied to one.`}{' '}
            You can still log it below.
          </p>
        </div>
      ) : null}

      <form className="form card" noValidate onSubmit={handleSubmit}>
        <FormField
          id={fieldId('title')}
          label="Title"
          error={errors.title}
          hint="What needs doing, in a few words."
        >
          {(control) => (
            <input
              {...control}
              name="title"
              type="text"
              value={values.title}
              onChange={(e) => update('title', e.target.value)}
              autoComplete="off"
              required
            />
          )}
        </FormField>

        <FormField
          id={fieldId('desiredOutcome')}
          label="Desired outcome"
          hint={DESIRED_OUTCOME_PROMPT}
          error={errors.desiredOutcome}
        >
          {(control) => (
            <textarea
              {...control}
              name="desiredOutcome"
              rows={3}
              value={values.desiredOutcome}
              onChange={(e) => update('desiredOutcome', e.target.value)}
              placeholder="e.g. Treadmill 3 runs safely and is back in use"
              required
            />
          )}
        </FormField>

        <div className="form-row">
          <FormField
            id={fieldId('categoryId')}
            label="Category"
            error={errors.categoryId}
            hint={
              categories.isError ? (
                <span className="text-danger">
                  Categories could not be loaded.{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => categories.refetch()}
                  >
                    Try again
                  </button>
                </span>
              ) : undefined
            }
          >
            {(control) => (
              <select
                {...control}
                name="categoryId"
                value={values.categoryId}
                onChange={(e) => update('categoryId', e.target.value)}
                required
              >
                <option value="">
                  {categories.isPending ? 'Loading categories…' : 'Select a category'}
                </option>
                {activeCategories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>

          <FormField
            id={fieldId('priority')}
            label="Priority"
            error={errors.priority}
            hint={<TargetHint category={selectedCategory} priority={values.priority} />}
            hintAfter
          >
            {(control) => (
              <select
                {...control}
                name="priority"
                value={values.priority}
                onChange={(e) => update('priority', e.target.value)}
              >
                {priorities.map((p) => (
                  <option key={p} value={p}>
                    {priorityLabels[p]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>

        <div className="form-row">
          <FormField
            id={fieldId('locationId')}
            label="Location"
            optional
            error={errors.locationId}
            hint={locations.isError ? 'Locations could not be loaded.' : undefined}
          >
            {(control) => (
              <select
                {...control}
                name="locationId"
                value={values.locationId}
                onChange={(e) => update('locationId', e.target.value)}
              >
                <option value="">
                  {locations.isPending ? 'Loading locations…' : 'No particular place'}
                </option>
                {activeLocations.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>

          <FormField id={fieldId('asset')} label="Asset" optional error={errors.asset}>
            {(control) => (
              <input
                {...control}
                name="asset"
                type="text"
                value={values.asset}
                onChange={(e) => update('asset', e.target.value)}
                placeholder="e.g. Treadmill #3"
                autoComplete="off"
              />
            )}
          </FormField>
        </div>

        <FormField
          id={fieldId('description')}
          label="Description"
          optional
          hint="What happened, what you have tried, anything the owner should know."
          error={errors.description}
        >
          {(control) => (
            <textarea
              {...control}
              name="description"
              rows={4}
              value={values.description}
              onChange={(e) => update('description', e.target.value)}
            />
          )}
        </FormField>

        <FormField
          id={fieldId('onBehalfOf')}
          label="On behalf of"
          optional
          hint="A member or customer who asked, with how to reach them."
          error={errors.onBehalfOf}
        >
          {(control) => (
            <input
              {...control}
              name="onBehalfOf"
              type="text"
              value={values.onBehalfOf}
              onChange={(e) => update('onBehalfOf', e.target.value)}
              autoComplete="off"
            />
          )}
        </FormField>

        <PhotoPicker
          photos={uploads.photos}
          onAdd={uploads.add}
          onRemove={uploads.remove}
          onRetry={loggedAs ? (id) => void retryPhoto(id) : undefined}
          busy={create.isPending}
        />

        <div className="form-actions">
          {loggedAs ? (
            <Link className="button button-primary" to={`/requests/${loggedAs.key}`}>
              Go to {loggedAs.key}
            </Link>
          ) : (
            <button
              type="submit"
              className="button button-primary"
              aria-disabled={create.isPending || undefined}
            >
              {create.isPending
                ? uploads.photos.some((p) => p.status === 'uploading')
                  ? 'Uploading photos…'
                  : 'Logging…'
                : uploads.photos.length > 0
                  ? 'Log request with photos'
                  : 'Log request'}
            </button>
          )}
          <Link className="button button-quiet" to="/requests">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
