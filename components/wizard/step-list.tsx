import type { Step, StepId } from "./steps";

/** Horizon's wizard step list: every step is a button; a step with errors says so. */
export function StepList(props: {
  steps: readonly Step[];
  current: StepId;
  withErrors: ReadonlySet<StepId>;
  onSelect: (step: StepId) => void;
}) {
  return (
    <nav aria-label="Wizard steps" className="w-56 shrink-0 border-r border-line bg-neutral-50 py-2">
      <ol>
        {props.steps.map((step, i) => {
          const current = step.id === props.current;
          const hasErrors = props.withErrors.has(step.id);
          return (
            <li key={step.id}>
              <button
                type="button"
                aria-current={current ? "step" : undefined}
                data-step={step.id}
                data-has-errors={hasErrors || undefined}
                onClick={() => props.onSelect(step.id)}
                className={`flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm ${
                  current ? "bg-nav-active font-semibold text-neutral-900" : "text-accent hover:bg-neutral-100"
                } ${hasErrors ? "text-red-700" : ""}`}
              >
                <span aria-hidden className="w-4 text-right text-xs text-neutral-600">
                  {i + 1}.
                </span>
                <span className="flex-1">{step.title}</span>
                {hasErrors && (
                  <span className="text-red-700" title="This step has errors">
                    <span aria-hidden>⚠</span>
                    <span className="sr-only"> (has errors)</span>
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
