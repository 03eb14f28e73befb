import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from "react";

// Labelled form fields with their error in place. Inputs get aria-invalid and
// aria-describedby so the error is read out with the field.

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  /** Keep the hint beside the error (a format the error refers to, e.g. "Starts with /"). */
  keepHint?: boolean;
  required?: boolean;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

export function Field({ label, error, hint, keepHint = false, required, children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  // The hint usually gives way to the error, so it is referenced only while it is on screen.
  const showHint = Boolean(hint) && (!error || keepHint);
  const describedBy = [error ? errorId : null, showHint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-semibold text-neutral-700">
        {label}
        {/* The control has `required`; the star is for the eye only, so the label reads as the name. */}
        {required && (
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        )}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {showHint && (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

const CONTROL =
  "w-full rounded-sm border border-line bg-white px-2 py-1 text-sm aria-[invalid=true]:border-red-600 focus:outline-2 focus:outline-sky-600 disabled:bg-neutral-100 [&[readonly]]:bg-neutral-50 [&[readonly]]:text-neutral-600";

type TextFieldProps = Omit<FieldProps, "children"> & InputHTMLAttributes<HTMLInputElement>;

export function TextField({ label, error, hint, keepHint, required, ...input }: TextFieldProps) {
  return (
    <Field label={label} error={error} hint={hint} keepHint={keepHint} required={required}>
      {({ id, describedBy, invalid }) => (
        <input id={id} aria-describedby={describedBy} aria-invalid={invalid} required={required} className={CONTROL} {...input} />
      )}
    </Field>
  );
}

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/** Options under a heading (<optgroup>), e.g. "Floating IP addresses" and "Allocate from pool". */
export interface SelectGroup {
  label: string;
  options: SelectOption[];
}

type SelectFieldProps = Omit<FieldProps, "children"> &
  SelectHTMLAttributes<HTMLSelectElement> & { options: SelectOption[]; groups?: SelectGroup[] };

export function SelectField({ label, error, hint, required, options, groups = [], ...select }: SelectFieldProps) {
  const render = (o: SelectOption) => (
    <option key={o.value} value={o.value} disabled={o.disabled}>
      {o.label}
    </option>
  );
  return (
    <Field label={label} error={error} hint={hint} required={required}>
      {({ id, describedBy, invalid }) => (
        <select id={id} aria-describedby={describedBy} aria-invalid={invalid} required={required} className={CONTROL} {...select}>
          {options.map(render)}
          {groups
            .filter((g) => g.options.length > 0)
            .map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.options.map(render)}
              </optgroup>
            ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="checkbox" className="size-3.5" {...input} />
      <label htmlFor={id} className="text-sm">
        {label}
      </label>
    </div>
  );
}
