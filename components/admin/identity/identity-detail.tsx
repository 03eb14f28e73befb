"use client";

import { type ReactNode, useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { IDENTITY_TRAIL } from "./identity-routes";
import { SetEnabledDialog } from "./set-enabled-dialog";

interface Enableable {
  id: string;
  name: string;
  enabled: boolean;
}

/**
 * The page of one project or user: its name and actions on top (one of its own, and Enable or
 * Disable, which is not offered for the admin's own project or self), then its panels. The
 * admin lists are small, so the page reads the item from its list.
 */
export function IdentityDetail<T extends Enableable>({
  kind,
  id,
  list,
  listHref,
  isOwn,
  action,
  setEnabled,
  children,
}: {
  kind: "Project" | "User";
  id: string;
  /** The list query the item is read from. */
  list: { data: T[] | undefined; error: { message: string } | null; isPending: boolean };
  /** The list page, for the breadcrumbs. */
  listHref: string;
  /** The admin's own project or self: it stays enabled while they work in it. */
  isOwn: boolean;
  /** The item's own action and the dialog it opens ("Edit Project", "Set Password"). */
  action: { label: string; dialog: (item: T, onClose: () => void) => ReactNode };
  setEnabled: (item: T, enabled: boolean) => Promise<unknown>;
  children: (item: T) => ReactNode;
}) {
  const item = list.data?.find((i) => i.id === id);
  const [dialog, setDialog] = useState<"action" | "enabled" | null>(null);
  const close = () => setDialog(null);
  const name = item?.name ?? id;
  const noun = kind.toLowerCase();
  return (
    <>
      <PageHeader
        title={name}
        trail={[...IDENTITY_TRAIL, { label: `${kind}s`, href: listHref }, { label: name }]}
        actions={
          item && (
            <>
              <Button size="sm" onClick={() => setDialog("action")} aria-haspopup="dialog">
                {action.label}
              </Button>
              {(!item.enabled || !isOwn) && (
                <Button size="sm" variant={item.enabled ? "danger" : "default"} onClick={() => setDialog("enabled")} aria-haspopup="dialog">
                  {item.enabled ? `Disable ${kind}` : `Enable ${kind}`}
                </Button>
              )}
            </>
          )
        }
      />
      {item ? (
        children(item)
      ) : (
        <p role={list.error ? "alert" : undefined} className="text-sm text-muted">
          {list.error ? `Unable to retrieve the ${noun}: ${list.error.message}` : list.isPending ? "Loading…" : `${kind} ${id} not found.`}
        </p>
      )}
      {item && dialog === "action" && action.dialog(item, close)}
      {item && dialog === "enabled" && (
        <SetEnabledDialog kind={kind} name={item.name} enable={!item.enabled} run={() => setEnabled(item, !item.enabled)} onClose={close} />
      )}
    </>
  );
}
