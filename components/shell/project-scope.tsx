"use client";

import { Fragment, type ReactNode } from "react";
import { useMe } from "@/components/auth/use-me";

/**
 * The page under the project in scope: when the project changes, the page starts over (its
 * selections, pages and dialogs, and its status streams, which the server scoped to the project
 * they were opened in).
 */
export function ProjectScope({ children }: { children: ReactNode }) {
  const projectId = useMe().data?.project.id ?? "";
  return <Fragment key={projectId}>{children}</Fragment>;
}
