"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { FormModal } from "@/components/ui/form-modal";
import { useToast } from "@/components/ui/toast";
import { useForm } from "@/components/ui/use-form";
import { type User, useRefreshIdentity } from "./identity-data";
import { passwordErrors, type PasswordValues } from "./identity-forms";
import { PasswordFields } from "./password-fields";

const FIELDS = ["password", "confirm"] as const;

/** "Set Password": an admin gives a user a new password; the old one stops working at once. */
export function SetPasswordDialog({ user, onClose }: { user: Pick<User, "id" | "name">; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshIdentity();
  const validate = useCallback((v: PasswordValues) => passwordErrors(user.id, v), [user.id]);
  const form = useForm<PasswordValues>({ password: "", confirm: "" }, validate);
  const setPassword = useMutation(trpc.identity.setPassword.mutationOptions());
  const submit = () => {
    if (!form.trySubmit()) return;
    setPassword.mutate(
      { id: user.id, password: form.values.password },
      {
        onSuccess: () => {
          toast.success(`Set a new password for user ${user.name}`);
          void refresh();
          onClose();
        },
        onError: form.fail,
      },
    );
  };
  return (
    <FormModal title="Set Password" submitLabel="Save" pending={setPassword.isPending} alerts={form.topErrors(FIELDS)} onSubmit={submit} onClose={onClose}>
      <p className="mb-3 text-sm text-muted">
        A new password for user <strong>{user.name}</strong>. The old one stops working at once; sessions already open stay open (disable the user to end them).
      </p>
      <fieldset disabled={setPassword.isPending} className="min-w-0 space-y-3">
        <PasswordFields form={form} />
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
