"use client";

import { TextField } from "@/components/ui/field";
import type { useForm } from "@/components/ui/use-form";
import type { PasswordValues } from "./identity-forms";

/** A new password typed twice (Create User, Set Password), never filled in by the browser. */
export function PasswordFields<V extends PasswordValues>({ form }: { form: ReturnType<typeof useForm<V>> }) {
  return (
    <>
      <TextField
        label="Password"
        type="password"
        required
        autoComplete="new-password"
        value={form.values.password}
        onChange={(e) => form.set("password", e.target.value as V["password"])}
        error={form.errorOf("password")}
        hint="At least 8 characters."
      />
      <TextField
        label="Confirm Password"
        type="password"
        required
        autoComplete="new-password"
        value={form.values.confirm}
        onChange={(e) => form.set("confirm", e.target.value as V["confirm"])}
        error={form.errorOf("confirm")}
      />
    </>
  );
}
