"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { messageOf } from "@/components/ui/trpc-errors";

const CONTROL = "w-full rounded-sm border border-line bg-white px-2 py-1.5 text-sm focus:outline-2 focus:outline-sky-600";

/**
 * Horizon's login form: user name and password, Sign In. A refusal shows the API's own words,
 * the same for an unknown user and a wrong password (and the limiter's after too many tries).
 * After a login the browser loads `next` afresh: nothing from before the login stays in memory.
 */
export function LoginForm({ next }: { next: string }) {
  const trpc = useTRPC();
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation(trpc.auth.login.mutationOptions());

  useEffect(() => nameRef.current?.focus(), []);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (login.isPending || login.isSuccess) return;
    login.mutate(
      { name: name.trim(), password },
      {
        onSuccess: () => window.location.assign(next),
        onError: () => {
          setPassword("");
          passwordRef.current?.focus();
        },
      },
    );
  };

  return (
    // POST, so that a submit before the script runs never puts the password in the address.
    <form method="post" onSubmit={submit} aria-labelledby="login-heading" className="space-y-4">
      <h1 id="login-heading" className="text-lg">
        Log in
      </h1>
      <FormAlert messages={[login.error ? messageOf(login.error) : null]} />
      <Field label="User Name">
        {({ id }) => (
          <input
            ref={nameRef}
            id={id}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            className={CONTROL}
          />
        )}
      </Field>
      <Field label="Password">
        {({ id }) => (
          <input
            ref={passwordRef}
            id={id}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className={CONTROL}
          />
        )}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" pending={login.isPending || login.isSuccess}>
          Sign In
        </Button>
      </div>
    </form>
  );
}
