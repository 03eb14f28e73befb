"use client";

import type { UseMutationResult } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { SelectField, type SelectOption } from "@/components/ui/field";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { fieldErrorsOf } from "@/components/ui/trpc-errors";
import { useWriteErrorReporter } from "@/components/ui/write-errors";

/**
 * A dialog whose form is one required select (Set Gateway's external network, Add Interface's
 * subnet): the only enabled choice is preselected, the server's word on the field shows on it,
 * any other refusal above the form, as every form here shows them.
 */
export function SelectOneDialog<Input>({
  title,
  intro,
  label,
  field,
  placeholder,
  none,
  options,
  loadError,
  initial = "",
  mutation,
  input,
  success,
  onDone,
  onClose,
}: {
  title: string;
  intro: ReactNode;
  label: string;
  /** The input key the select fills: the server's field errors under it show on the select. */
  field: string;
  /** The prompt while nothing is chosen, and what the select says when there is nothing to choose. */
  placeholder: string;
  none: string;
  /** Undefined while loading. */
  options: SelectOption[] | undefined;
  loadError: string | null;
  initial?: string;
  mutation: Pick<UseMutationResult<unknown, unknown, Input>, "mutate" | "isPending">;
  input: (value: string) => Input;
  success: string;
  onDone: () => void;
  onClose: () => void;
}) {
  const toast = useToast();
  const report = useWriteErrorReporter();
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const enabled = (options ?? []).filter((o) => !o.disabled);
  const value = picked ?? (initial || (enabled.length === 1 ? (enabled[0]?.value ?? "") : ""));

  const submit = () => {
    setError(null);
    setFieldError(undefined);
    if (!value) {
      setFieldError(`${label} is required`);
      return;
    }
    mutation.mutate(input(value), {
      onSuccess: () => {
        onDone();
        toast.success(success);
        onClose();
      },
      onError: (err) => {
        const onField = Object.entries(fieldErrorsOf(err)).find(([key]) => key === field || key.startsWith(`${field}.`))?.[1][0];
        if (onField) setFieldError(onField);
        else report(err, setError);
      },
    });
  };

  return (
    <FormModal title={title} submitLabel={title} pending={mutation.isPending} alerts={[error, loadError]} onSubmit={submit} onClose={onClose}>
      <fieldset disabled={mutation.isPending} className="min-w-0 space-y-3">
        <p className="text-sm text-muted">{intro}</p>
        <SelectField
          label={label}
          required
          value={value}
          onChange={(e) => {
            setPicked(e.target.value);
            setFieldError(undefined);
          }}
          options={[{ value: "", label: options === undefined ? "Loading…" : enabled.length ? placeholder : none, disabled: true }, ...(options ?? [])]}
          error={fieldError}
        />
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
