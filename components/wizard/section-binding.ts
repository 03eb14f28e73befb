import type { FormBinding } from "@/components/forms/binding";
import type { WizardState } from "./state";
import type { Edit } from "./use-wizard";

/**
 * One section of the wizard's state ("listener", "pool", "monitor") as a resource form's
 * binding: its fields' keys become the wizard's ("listener.protocol_port"), so touched fields and
 * errors are tracked as for every other field, and `apply` keeps what follows from a change.
 */
export function sectionBinding<V>(
  section: string,
  values: V,
  edit: Edit,
  errorOf: (key: string) => string | undefined,
  apply: <K extends keyof V & string>(form: WizardState, key: K, value: V[K]) => WizardState,
): FormBinding<V> {
  return {
    values,
    set: (key, value) => edit([`${section}.${key}`], (f) => apply(f, key, value)),
    errorOf: (key) => errorOf(`${section}.${key}`),
  };
}
