"use client";

import { useCallback, useMemo, useState } from "react";
import { LOAD_BALANCER_MODE, type WizardMode, type WizardState, initialWizardState } from "./state";
import { type Step, type StepId, stepOfField, stepsFor } from "./steps";
import { type FieldErrors, TOP, validateWizard } from "./validate";

// The wizard's state machine around the pure form state: which step is shown, which errors the
// user has been shown (a field's once it was edited, a step's once it was left or Create was
// tried), and the errors the server answered with, each kept until its field is edited again.

export type Edit = (keys: string[], change: (form: WizardState) => WizardState) => void;

interface WizardUi {
  form: WizardState;
  step: StepId;
  touched: ReadonlySet<string>;
  revealed: ReadonlySet<StepId>;
  serverErrors: FieldErrors;
}

const initialUi = (mode: WizardMode): WizardUi => ({
  form: initialWizardState(mode),
  step: stepsFor(mode)[0]?.id ?? "details",
  touched: new Set(),
  revealed: new Set(),
  serverErrors: {},
});

/** Member rows exist only because the user added them: their errors always show. */
const alwaysShown = (key: string) => key.startsWith("member.") || key === "members";

/** The mode is read once, when the wizard opens (it is mounted per opening). */
export function useWizard(initialMode: WizardMode = LOAD_BALANCER_MODE) {
  const [mode] = useState(initialMode);
  const steps = stepsFor(mode);
  const [ui, setUi] = useState(() => initialUi(mode));
  const [pristine] = useState(() => JSON.stringify(ui.form));

  const edit: Edit = useCallback((keys, change) => {
    setUi((u) => {
      const serverErrors = { ...u.serverErrors };
      for (const key of keys) delete serverErrors[key];
      return { ...u, form: change(u.form), touched: new Set([...u.touched, ...keys]), serverErrors };
    });
  }, []);

  /** Moves to a step; the step being left shows all its errors from now on. */
  const goTo = useCallback((step: StepId) => {
    setUi((u) => (u.step === step ? u : { ...u, step, revealed: new Set([...u.revealed, u.step]) }));
  }, []);

  const revealAll = useCallback(() => setUi((u) => ({ ...u, revealed: new Set(stepsFor(mode).map((s) => s.id)) })), [mode]);

  const setServerErrors = useCallback((serverErrors: FieldErrors) => setUi((u) => ({ ...u, serverErrors })), []);

  const clientErrors = useMemo(() => validateWizard(ui.form, mode), [ui.form, mode]);

  const stepCount = steps.length;
  /** What is on screen: client errors the user has been shown, then the server's. */
  const shownErrors = useMemo(() => {
    const shown: FieldErrors = {};
    for (const [key, messages] of Object.entries(clientErrors)) {
      const step = stepOfField(key);
      const visible = alwaysShown(key) || ui.touched.has(key) || (step ? ui.revealed.has(step) : ui.revealed.size === stepCount);
      if (visible) shown[key] = [...messages];
    }
    for (const [key, messages] of Object.entries(ui.serverErrors)) {
      shown[key] = [...(shown[key] ?? []), ...messages.filter((m) => !shown[key]?.includes(m))];
    }
    return shown;
  }, [clientErrors, ui.serverErrors, ui.touched, ui.revealed, stepCount]);

  const stepsWithErrors = useMemo(() => {
    const steps = new Set<StepId>();
    for (const key of Object.keys(shownErrors)) {
      const step = stepOfField(key);
      if (step) steps.add(step);
    }
    return steps;
  }, [shownErrors]);

  const errorOf = useCallback((key: string) => shownErrors[key]?.join(" ") || undefined, [shownErrors]);

  return {
    mode,
    steps,
    form: ui.form,
    /** Something was entered: closing asks first. */
    dirty: JSON.stringify(ui.form) !== pristine,
    step: ui.step,
    edit,
    goTo,
    revealAll,
    setServerErrors,
    clientErrors,
    errorOf,
    topErrors: shownErrors[TOP] ?? [],
    stepsWithErrors,
  };
}

export type Wizard = ReturnType<typeof useWizard>;

/** The first step (in order) that has one of these errors, if any. */
export function firstStepWithErrors(errors: FieldErrors, steps: readonly Step[]): StepId | null {
  const withErrors = new Set(Object.keys(errors).map(stepOfField));
  return steps.find((s) => withErrors.has(s.id))?.id ?? null;
}
