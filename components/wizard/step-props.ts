import type { WizardMode, WizardState } from "./state";
import type { Edit } from "./use-wizard";

/** What every step gets: the form, a way to change it, and the errors to show by field key. */
export interface StepProps {
  form: WizardState;
  mode: WizardMode;
  edit: Edit;
  errorOf: (key: string) => string | undefined;
}
