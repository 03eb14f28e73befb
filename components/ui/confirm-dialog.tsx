"use client";

import type { ReactNode } from "react";
import { Button } from "./button";
import { Modal } from "./modal";

/** "Confirm Delete Load Balancer"-style confirmation; `children` may add options (cascade). */
export function ConfirmDialog(props: {
  title: string;
  open: boolean;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  /** Why confirming cannot go ahead yet (e.g. an option must be checked first); the button says so and does nothing. */
  confirmUnavailable?: string | null;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  return (
    <Modal
      title={props.title}
      open={props.open}
      onClose={props.onCancel}
      footer={
        <>
          <Button onClick={props.onCancel}>Cancel</Button>
          <Button
            variant={props.danger ? "danger" : "primary"}
            pending={props.pending}
            unavailable={props.confirmUnavailable}
            onClick={props.onConfirm}
          >
            {props.confirmLabel}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm">
        <div>{props.message}</div>
        {props.children}
        {props.error && (
          <p role="alert" className="text-red-700">
            {props.error}
          </p>
        )}
      </div>
    </Modal>
  );
}
