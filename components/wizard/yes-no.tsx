import { useId } from "react";

/** Horizon's "Create listener: Yes / No" as a labelled radio group (arrow keys switch it). */
export function YesNo(props: {
  legend: string;
  value: boolean;
  onChange: (value: boolean) => void;
  disabled?: boolean;
  note?: string;
}) {
  const name = useId();
  const noteId = `${name}-note`;
  return (
    <fieldset disabled={props.disabled} aria-describedby={props.note ? noteId : undefined} className="space-y-1">
      <legend className="text-xs font-semibold text-neutral-700">{props.legend}</legend>
      <div className="flex gap-4">
        {[true, false].map((option) => (
          <label key={String(option)} className="flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name={name}
              checked={props.value === option}
              onChange={() => props.onChange(option)}
              className="size-3.5"
            />
            {option ? "Yes" : "No"}
          </label>
        ))}
      </div>
      {props.note && (
        <p id={noteId} className="text-xs text-muted">
          {props.note}
        </p>
      )}
    </fieldset>
  );
}
