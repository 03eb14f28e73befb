"use client";

import { CheckboxField } from "@/components/ui/field";

/** A set of choices as checkboxes under a legend (e.g. the headers a listener inserts), with its error. */
export function CheckboxGroup<T extends string>({
  legend,
  options,
  checked,
  onChange,
  error,
}: {
  legend: string;
  options: readonly T[];
  checked: readonly T[];
  onChange: (checked: T[]) => void;
  error: string | undefined;
}) {
  return (
    <fieldset className="col-span-2 space-y-1">
      <legend className="text-xs font-semibold text-neutral-700">{legend}</legend>
      <div className="flex flex-wrap gap-4">
        {options.map((option) => (
          <CheckboxField
            key={option}
            label={option}
            checked={checked.includes(option)}
            // Kept in the options' order, whatever order they were ticked in.
            onChange={(e) => onChange(options.filter((o) => (o === option ? e.target.checked : checked.includes(o))))}
          />
        ))}
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
