import {
  type Asset,
  type Category,
  type CreateAssetBody,
  createAssetBody,
  type Location,
  type UpdateAssetBody,
  updateAssetBody,
} from '@followthrough/shared';
import { type FormEvent, useState } from 'react';
import { useCreateAsset, useUpdateAsset } from '../../api/assets';
import { isApiError } from '../../api/client';
import { ActionDialog } from '../../components/actions/action-dialog';
import { FormField } from '../../components/form-field';
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  serverErrors,
  validate,
} from './admin-forms';
import { useFocusOnOpen, WriteError } from './admin-ui';

interface Values {
  name: string;
  tag: string;
  locationId: string;
  categoryId: string;
  active: boolean;
}

/** Field keys in screen order, so the first error gets focus. */
const fields = ['name', 'tag', 'locationId', 'categoryId'] as const;
const fieldId = (field: string) => `asset-${field}`;

/** The body of a create, or of a change with only what differs; null: nothing changed. */
function bodyOf(asset: Asset | null, values: Values): Record<string, unknown> | null {
  const locationId = values.locationId || null;
  const categoryId = values.categoryId || null;
  if (!asset) {
    return { name: values.name, tag: values.tag, locationId, categoryId, active: values.active };
  }
  const body: Record<string, unknown> = {};
  if (values.name.trim() !== asset.name) body.name = values.name;
  if (values.tag.trim() !== asset.tag) body.tag = values.tag;
  if (locationId !== asset.locationId) body.locationId = locationId;
  if (categoryId !== asset.categoryId) body.categoryId = categoryId;
  return Object.keys(body).length > 0 ? body : null;
}

function check(asset: Asset | null, values: Values) {
  const body = bodyOf(asset, values);
  if (body === null) return { data: null, errors: {} as FieldErrors };
  return asset ? validate(updateAssetBody, body) : validate(createAssetBody, body);
}

/** The server's refusal by field; a taken tag is said as the thing to fix. */
function refusalErrors(error: unknown, tag: string): FieldErrors {
  const errors = serverErrors(error);
  if (isApiError(error) && error.code === 'TAG_TAKEN') {
    errors.tag = `${tag.trim()} is already on another asset: choose another tag`;
  }
  return errors;
}

/** Only active places and categories are offered, plus the one the asset has now. */
const offered = <T extends { id: string; active: boolean }>(list: readonly T[], current: string) =>
  list.filter((item) => item.active || item.id === current);

/**
 * Registers an asset or changes one: its name, the tag on its label, where it is, and the
 * category its faults usually belong to (a request about it starts with both filled in).
 */
export function AssetDialog({
  asset,
  locations,
  categories,
  opener,
  onClose,
  onDone,
}: {
  /** Null: a new asset. */
  asset: Asset | null;
  locations: readonly Location[];
  categories: readonly Category[];
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [values, setValues] = useState<Values>({
    name: asset?.name ?? '',
    tag: asset?.tag ?? '',
    locationId: asset?.locationId ?? '',
    categoryId: asset?.categoryId ?? '',
    active: asset?.active ?? true,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateAsset();
  const update = useUpdateAsset();
  const write = asset ? update : create;
  useFocusOnOpen('asset-name');

  function change(next: Values) {
    setValues(next);
    if (submitted) setErrors(check(asset, next).errors);
  }

  function refused(error: unknown) {
    const found = refusalErrors(error, values.tag);
    setErrors(found);
    focusFirstError(found, fields, fieldId);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (write.isPending) return;
    setSubmitted(true);
    const checked = check(asset, values);
    setErrors(checked.errors);
    if (checked.data === undefined) {
      focusFirstError(checked.errors, fields, fieldId);
    } else if (checked.data === null) {
      onClose();
    } else if (!asset) {
      create.mutate(checked.data as CreateAssetBody, {
        onSuccess: (saved) => onDone(`${saved.name} (${saved.tag}) was added.`),
        onError: refused,
      });
    } else {
      update.mutate(
        { id: asset.id, body: checked.data as UpdateAssetBody },
        { onSuccess: (saved) => onDone(`${saved.name} was saved.`), onError: refused },
      );
    }
  }

  const generalError = write.isError && !hasFieldErrors(errors, fields) ? write.error : null;

  return (
    <ActionDialog
      id="asset-dialog"
      title={asset ? `Edit ${asset.name}` : 'Add an asset'}
      onClose={onClose}
      returnFocus={opener}
    >
      <form className="form" noValidate onSubmit={handleSubmit}>
        {generalError ? (
          <WriteError
            title={asset ? 'The changes were not saved' : 'The asset was not added'}
            error={generalError}
          />
        ) : null}
        <FormField id="asset-name" label="Name" hint="e.g. Treadmill #3" error={errors.name}>
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              value={values.name}
              onChange={(e) => change({ ...values, name: e.target.value })}
            />
          )}
        </FormField>
        <FormField
          id="asset-tag"
          label="Tag"
          hint={
            asset
              ? 'The code on its label. Labels already printed carry the old tag: print a new one.'
              : 'The short code on its label, e.g. TM-03: letters, digits, dot, dash or underscore.'
          }
          error={errors.tag}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={values.tag}
              onChange={(e) => change({ ...values, tag: e.target.value })}
            />
          )}
        </FormField>
        <div className="form-row">
          <FormField
            id="asset-locationId"
            label="Location"
            optional
            hint="Where it is; a request about it starts there."
            error={errors.locationId}
          >
            {(control) => (
              <select
                {...control}
                value={values.locationId}
                onChange={(e) => change({ ...values, locationId: e.target.value })}
              >
                <option value="">No location</option>
                {offered(locations, asset?.locationId ?? '').map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.active ? l.name : `${l.name} (inactive)`}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            id="asset-categoryId"
            label="Category"
            optional
            hint="Where its faults usually go; a request about it starts in it."
            error={errors.categoryId}
          >
            {(control) => (
              <select
                {...control}
                value={values.categoryId}
                onChange={(e) => change({ ...values, categoryId: e.target.value })}
              >
                <option value="">No category</option>
                {offered(categories, asset?.categoryId ?? '').map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.active ? c.name : `${c.name} (inactive)`}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
        {asset ? null : (
          <label className="admin-check">
            <input
              type="checkbox"
              checked={values.active}
              onChange={(e) => change({ ...values, active: e.target.checked })}
            />
            <span>
              <span className="choice-label">Active</span>
              <span className="choice-hint">
                Offered when someone logs a request. Leave unchecked to set it up first.
              </span>
            </span>
          </label>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={write.isPending || undefined}
          >
            {write.isPending ? 'Saving…' : asset ? 'Save changes' : 'Add asset'}
          </button>
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}
