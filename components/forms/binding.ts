/**
 * What a resource's fields component needs from the form around it: the values as typed, a way
 * to change one, and the error to show on each (as the API words it; the fields put their labels
 * in). The dialogs pass their useForm; the wizard passes one section of its state.
 */
export interface FormBinding<V> {
  values: V;
  set: <K extends keyof V & string>(key: K, value: V[K]) => void;
  errorOf: (key: keyof V & string) => string | undefined;
}
