/** The errors of a form that belong to no field, above the form. */
export function FormAlert({ messages }: { messages: (string | null | undefined)[] }) {
  const shown = messages.filter((m): m is string => Boolean(m));
  if (shown.length === 0) return null;
  return (
    <div role="alert" className="mb-3 rounded-sm border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      {shown.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}
