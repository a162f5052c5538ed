import { importAssetsBody, type Problem } from '@followthrough/shared';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { useImportAssets } from '../../api/assets';
import { isApiError } from '../../api/client';
import { ActionDialog } from '../../components/actions/action-dialog';
import { FormField } from '../../components/form-field';
import { type FieldErrors, serverErrors, validate } from './admin-forms';
import { useFocusOnOpen, WriteError } from './admin-ui';
import './assets.css';

/** The columns an import reads, in the order the template gives them. */
export const importHeader = 'name,tag,location,category';

/** A template to fill in a spreadsheet: the header line only, so nothing in it is imported by mistake. */
export const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(`${importHeader}\r\n`)}`;

/** "line 3" → "Line 3"; the file as a whole → "The file". */
function placeOf(path: string): string {
  if (path === 'csv' || path === 'body.csv' || path === '') return 'The file';
  return path.charAt(0).toUpperCase() + path.slice(1);
}

/** The problems of a refused import, one per line as the server named them. */
function ImportProblems({ problem }: { problem: Problem }) {
  const errors = problem.errors ?? [];
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">Nothing was imported</p>
      <p>
        {errors.length === 1
          ? 'Fix this line, then import the file again:'
          : `Fix these ${errors.length} problems, then import the file again:`}
      </p>
      <ul className="asset-import-problems">
        {errors.map((e) => (
          <li key={`${e.path}: ${e.message}`}>
            {placeOf(e.path)}: {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Imports assets from CSV, chosen as a file or pasted. The server checks every line first:
 * one bad line imports nothing, and each problem is listed by its line as a spreadsheet numbers it.
 */
export function AssetImportDialog({
  opener,
  onClose,
  onDone,
}: {
  opener: HTMLElement | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<Problem | null>(null);
  const importing = useImportAssets();
  useFocusOnOpen('asset-import-file');

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
    setErrors({});
    setRefusal(null);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (importing.isPending) return;
    setRefusal(null);
    const checked = validate(importAssetsBody, { csv });
    setErrors(checked.errors);
    if (!checked.data) {
      document.getElementById('asset-import-csv')?.focus();
      return;
    }
    importing.mutate(checked.data.csv, {
      onSuccess: (result) =>
        onDone(`Imported ${result.created} ${result.created === 1 ? 'asset' : 'assets'}.`),
      onError: (error) => {
        if (isApiError(error) && error.code === 'IMPORT_INVALID') setRefusal(error.problem);
        else setErrors(serverErrors(error));
      },
    });
  }

  const generalError = importing.isError && !refusal && !errors.csv ? importing.error : null;

  return (
    <ActionDialog
      id="asset-import"
      title="Import assets from CSV"
      onClose={onClose}
      returnFocus={opener}
    >
      <form className="form" noValidate onSubmit={handleSubmit}>
        <p>
          One asset a line, under the header <code>{importHeader}</code>. Location and category are
          given by name and may be left empty. If any line has a problem, nothing is imported.{' '}
          <a href={templateHref} download="assets-template.csv">
            Download a CSV template
          </a>
        </p>
        {refusal ? <ImportProblems problem={refusal} /> : null}
        {generalError ? <WriteError title="Nothing was imported" error={generalError} /> : null}
        <div className="field">
          <label className="field-label" htmlFor="asset-import-file">
            CSV file
          </label>
          <input
            id="asset-import-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="asset-import-file-hint"
            onChange={chooseFile}
          />
          <p className="field-hint" id="asset-import-file-hint">
            {fileName ? `${fileName} is shown below; you may correct it there.` : 'Or paste below.'}
          </p>
        </div>
        <FormField id="asset-import-csv" label="CSV text" error={errors.csv}>
          {(control) => (
            <textarea
              {...control}
              rows={8}
              spellCheck={false}
              className="asset-import-text"
              placeholder={`${importHeader}\nTreadmill #3,TM-03,Fitness floor,Equipment`}
              value={csv}
              onChange={(e) => {
                setCsv(e.target.value);
                if (errors.csv) setErrors({});
              }}
            />
          )}
        </FormField>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={importing.isPending || undefined}
          >
            {importing.isPending ? 'Importing…' : 'Import'}
          </button>
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}
