"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useMe } from "@/components/auth/use-me";
import { useTRPC } from "@/components/providers/trpc";
import { MenuButton } from "@/components/ui/menu-button";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/components/ui/trpc-errors";
import { panelOf } from "./nav-items";

/**
 * Horizon's project picker: the project in scope, and the user's other projects to switch to.
 * Every list on every page belongs to the project, so a switch refreshes everything: the cached
 * queries, the server-rendered page, and (ProjectScope) the page's own state and live streams.
 * A detail page shows a resource of the project left behind, so the switch goes to its panel.
 */
export function ProjectSwitcher() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const toast = useToast();
  const me = useMe();
  const switchProject = useMutation(
    trpc.auth.switchProject.mutationOptions({
      onSuccess: async (identity) => {
        queryClient.setQueryData(trpc.auth.me.queryKey(), (old) => old && { ...old, ...identity });
        const panel = panelOf(pathname);
        if (panel && panel !== pathname) router.push(panel);
        else router.refresh();
        await queryClient.invalidateQueries();
        toast.success(`Switched to project ${identity.project.name}`);
      },
      onError: (err) => toast.error(`Unable to switch projects: ${messageOf(err)}`),
    }),
  );
  const current = me.data?.project;
  if (!current) return null;
  return (
    <MenuButton
      menuLabel="Projects"
      items={(me.data?.projects ?? []).map((p) => ({
        key: p.id,
        label: p.name,
        checked: p.id === current.id,
        disabled: switchProject.isPending,
        onSelect: () => {
          if (p.id !== current.id) switchProject.mutate({ project_id: p.id });
        },
      }))}
    >
      {/* The button's name is what it shows, "Project: demo" (a name that differs from the label misleads speech input). */}
      <span className="text-neutral-400">Project:</span>{" "}
      <span data-testid="current-project" className="font-medium text-neutral-100">
        {current.name}
      </span>
    </MenuButton>
  );
}
