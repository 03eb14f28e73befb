"use client";

import type { ReactNode } from "react";
import { Button } from "./button";
import { FormAlert } from "./form-alert";
import { Modal } from "./modal";

/**
 * A dialog around one form: Cancel and submit in the footer, Enter submits, messages that belong
 * to no field on top. While the mutation runs it cannot be closed and its submit shows a spinner.
 */
export function FormModal(props: {
  title: string;
  size?: "md" | "lg" | "xl";
  pending: boolean;
  submitLabel?: string;
  alerts: (string | null | undefined)[];
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { pending, onClose, onSubmit } = props;
  return (
    <Modal
      title={props.title}
      open
      size={props.size}
      onClose={() => !pending && onClose()}
      footer={
        <>
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button variant="primary" pending={pending} onClick={onSubmit}>
            {props.submitLabel ?? "Save Changes"}
          </Button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <FormAlert messages={props.alerts} />
        {props.children}
      </form>
    </Modal>
  );
}
