import type { ButtonHTMLAttributes } from "react";

// Horizon's buttons: a blue primary action, plain secondary ones, red for destructive actions.
// `pending` disables the button and shows a spinner while its mutation runs. Labels never wrap:
// a narrow column grows instead of breaking "Stop Instance" over two lines.

const VARIANTS = {
  primary: "border-sky-700 bg-sky-700 text-white hover:bg-sky-800",
  default: "border-line bg-white text-neutral-800 hover:bg-neutral-50",
  danger: "border-red-700 bg-red-700 text-white hover:bg-red-800",
} as const;

const DISABLED = "disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60";

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: keyof typeof VARIANTS;
  pending?: boolean;
  size?: "sm" | "md";
  /**
   * Why the action is not available now (a load balancer that is not ACTIVE). Unlike `disabled`
   * the button stays focusable, so focus can come back to it from its dialog and the reason is
   * read out as its description; it does nothing when pressed.
   */
  unavailable?: string | null;
}

export function Button({ variant = "default", pending = false, size = "md", disabled, unavailable, className = "", children, onClick, ...rest }: ButtonProps) {
  const held = Boolean(unavailable);
  return (
    <button
      type="button"
      {...rest}
      disabled={disabled || pending}
      aria-disabled={held || undefined}
      title={unavailable ?? rest.title}
      onClick={held ? (e) => e.preventDefault() : onClick}
      aria-busy={pending || undefined}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-sm border font-medium ${DISABLED} ${
        size === "sm" ? "px-2 py-0.5 text-xs" : "px-3 py-1 text-sm"
      } ${VARIANTS[variant]} ${className}`}
    >
      {pending && <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />}
      {children}
    </button>
  );
}
