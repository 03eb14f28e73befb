"use client";

import type { ComponentProps } from "react";
import { FormModal } from "@/components/ui/form-modal";

/**
 * A resource's create or edit dialog around its fields component: the fields are disabled while
 * the call runs, and Enter in any of them submits.
 */
export function FormDialog({ children, ...modal }: ComponentProps<typeof FormModal>) {
  return (
    <FormModal size="lg" {...modal}>
      <fieldset disabled={modal.pending} className="min-w-0">
        {children}
      </fieldset>
      <button type="submit" hidden />
    </FormModal>
  );
}
