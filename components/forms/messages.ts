// The API speaks Octavia's words ("protocol_port must be between 1 and 65535", 'Field
// "cookie_name" must be specified …'), which is right for curl and the CLI. A form shows the same
// message with the field's label instead of the API's name ("Port must be between 1 and 65535"),
// so what the user reads matches what is on the screen.

/** API field name -> the label its form field has. */
export type FieldLabels = Readonly<Record<string, string>>;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `message` with each API field name it contains replaced by the field's label. Names that are
 * also plain words ("name", "delay", "type") are replaced only as the message's subject (its first
 * word), so "the listener protocol is 'HTTP'" keeps its English; snake_case and dotted names are
 * replaced wherever they stand.
 */
export function labelMessage(message: string, labels: FieldLabels): string {
  let out = message;
  // Longest first: "max_retries_down" before "max_retries", "session_persistence.type" before "session_persistence".
  const names = Object.keys(labels).sort((a, b) => b.length - a.length);
  for (const name of names) {
    const label = labels[name] ?? name;
    const word = escape(name);
    out = out.replace(new RegExp(`\\bField "${word}"`, "g"), label).replace(new RegExp(`"${word}"`, "g"), label);
    const plainWord = /^[a-z]+$/.test(name);
    const pattern = plainWord ? `^${word}(?![\\w.-])` : `(?<![\\w.-])${word}(?![\\w-]|\\.\\w)`;
    out = out.replace(new RegExp(pattern, "g"), label);
  }
  return out;
}

/** A field's error as the form shows it (undefined stays undefined). */
export const labelled = (message: string | undefined, labels: FieldLabels) => (message === undefined ? undefined : labelMessage(message, labels));
