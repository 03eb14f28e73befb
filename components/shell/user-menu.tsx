"use client";

import { useMutation } from "@tanstack/react-query";
import { LOGIN_PATH } from "@/components/auth/next-path";
import { useMe } from "@/components/auth/use-me";
import { useTRPC } from "@/components/providers/trpc";
import { MenuButton } from "@/components/ui/menu-button";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";

/** The logged-in user's name and Sign Out, at the right of the top bar. */
export function UserMenu() {
  const trpc = useTRPC();
  const toast = useToast();
  const me = useMe();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      // A full load of the login page: nothing of the session stays in this tab's memory (cached
      // lists, open status streams).
      onSuccess: () => window.location.assign(LOGIN_PATH),
      onError: (err) => toast.error(`Unable to sign out: ${messageOf(err)}`),
    }),
  );
  const user = me.data?.user;
  if (!user) return null;
  return (
    <MenuButton
      label={`User menu for ${user.name}`}
      menuLabel={`User ${user.name}`}
      items={[{ key: "sign-out", label: "Sign Out", disabled: logout.isPending || logout.isSuccess, onSelect: () => logout.mutate() }]}
    >
      <span data-testid="current-user" className="font-medium text-neutral-100">
        {user.name}
      </span>
    </MenuButton>
  );
}
