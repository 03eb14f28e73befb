import type { ButtonHTMLAttributes } from "react";

// Horizon's buttons: a blue primary action, plain secondary ones, red for destructive actions.
// `pending` disables the button and shows a spinner while its mutation runs.

const VARIANTS = {
  primary: "border-sky-700 bg-sky-700 text-white hover:bg-sky-800",
  default: "border-line bg-white text-neutral-800 hover:bg-neutral-50",
  danger: "border-red-700 bg-red-700 text-white hover:bg-red-800",
} as const;

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: keyof typeof VARIANTS;
  pending?: boolean;
  size?: "sm" | "md";
}

export function Button({ variant = "default", pending = false, size = "md", disabled, className = "", children, ...rest }: ButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={`inline-flex items-center gap-1.5 rounded-sm border font-medium disabled:cursor-not-allowed disabled:opacity-60 ${
        size === "sm" ? "px-2 py-0.5 text-xs" : "px-3 py-1 text-sm"
      } ${VARIANTS[variant]} ${className}`}
    >
      {pending && <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />}
      {children}
    </button>
  );
}
