"use client";

import { useMemo, useState } from "react";
import { errorFor, FORM_TOP, type FormErrors, serverErrors, unplacedErrors } from "./form-errors";
import { messageOf } from "./trpc-errors";
import { isLockConflict, useWriteErrorReporter } from "./write-errors";

/**
 * A small form state: values as typed, errors checked on every change (shown once a field was
 * touched or a submit was tried), and server errors that stay on their field until it changes.
 * Nothing typed is reset by an error.
 */
export function useForm<V extends Record<string, unknown>>(initial: V | (() => V), validate: (values: V) => FormErrors) {
  const [values, setValues] = useState<V>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FormErrors>({});
  const clientErrors = useMemo(() => validate(values), [validate, values]);
  const report = useWriteErrorReporter();

  const set = <K extends keyof V & string>(key: K, value: V[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setTouched((t) => new Set(t).add(key));
    // The server's word on this field no longer applies to what is typed now.
    setServer((s) => {
      const rest = Object.fromEntries(Object.entries(s).filter(([k]) => k !== key && !k.startsWith(`${key}.`)));
      return Object.keys(rest).length === Object.keys(s).length ? s : rest;
    });
  };

  const errorOf = (key: keyof V & string): string | undefined =>
    errorFor(server, key) ?? (submitted || touched.has(key) ? errorFor(clientErrors, key) : undefined);

  return {
    values,
    set,
    errorOf,
    /** Marks the submit attempt; true when the form is valid and may be sent. */
    trySubmit: () => {
      setSubmitted(true);
      return Object.keys(clientErrors).length === 0;
    },
    /**
     * Shows a failed submit: the lock's refusal as a toast, field errors on their fields, any
     * other message at the top. What was typed stays.
     */
    fail: (err: unknown) => {
      if (isLockConflict(err)) {
        report(err);
        return;
      }
      const fields = serverErrors(err);
      setServer(Object.keys(fields).length > 0 ? fields : { [FORM_TOP]: messageOf(err) });
    },
    /** Messages for keys that have no field (shown at the top), from both checks. */
    topErrors: (fields: readonly string[]) => [
      ...new Set([...unplacedErrors(server, fields), ...(submitted ? unplacedErrors(clientErrors, fields) : [])]),
    ],
  };
}
