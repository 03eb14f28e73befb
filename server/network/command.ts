import { execute } from "@/amphora/spawner";

// Running iproute2 and nftables: one place that runs them (through spawner.ts's helper), so every
// failure says which command it was and what it wrote on stderr.

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`${command} failed${exitCode === null ? "" : ` (exit ${exitCode})`}: ${stderr.trim() || "no message"}`);
    this.name = "CommandError";
  }
}

/** Runs `file args…` (no shell, by the command helper: spawner.ts), feeding `input` on stdin; resolves with stdout. */
export async function run(file: string, args: string[], input?: string): Promise<string> {
  const done = await execute(file, args, { input: input ?? "" });
  if (done.code === 0) return done.stdout;
  // A command that exits without reading its stdin: its exit status and stderr say what went
  // wrong (the helper ignores the EPIPE of writing to it).
  const command = [file, ...args].join(" ");
  throw new CommandError(input === undefined ? command : `${command} <<${describeInput(input)}`, done.stderr || done.message, done.code);
}

/** The input of a failed command in its error, shortened: a batch of 500 lines is not a message. */
function describeInput(input: string): string {
  const lines = input.trimEnd().split("\n");
  return lines.length <= 12 ? `\n${lines.join("\n")}\n` : `\n${lines.slice(0, 12).join("\n")}\n… (${lines.length} lines)\n`;
}

/** Whether a failure only says the thing to delete is already gone. */
export function isGone(err: unknown): boolean {
  return err instanceof CommandError && /Cannot find device|No such file or directory|does not exist|Cannot open network namespace/i.test(err.stderr);
}

/** One command of a runSteps sequence: `file args…`, fed `input` on stdin. */
export interface Step {
  file: string;
  args: string[];
  input?: string;
}

// Runs its steps in order and stops at the first that fails. Every step's words arrive as
// arguments ("$@"), never in the script's text, and each runs as given: no shell sees them.
// Before a step it writes a marker to stderr; a failure writes its step and exit status.
const STEPS_SCRIPT = `
i=0
while [ "$#" -gt 0 ]; do
  n=$1; input=$2; shift 2
  cmd=("\${@:1:n}"); shift "$n"
  printf '\\n@@step %d\\n' "$i" >&2
  printf '%s' "$input" | "\${cmd[@]}" || { rc=$?; printf '\\n@@failed %d %d\\n' "$i" "$rc" >&2; exit 1; }
  i=$((i + 1))
done
`;

/**
 * Runs the steps one after another in one shell: a sequence of small `ip` commands costs one
 * process spawned from Node instead of one each (Node's spawn is the expensive part). A failure
 * is the failing step's own CommandError, as if it had run alone; the steps before it stay done.
 */
export async function runSteps(steps: Step[]): Promise<void> {
  if (steps.length === 0) return;
  if (steps.length === 1) {
    await run(steps[0]!.file, steps[0]!.args, steps[0]!.input);
    return;
  }
  const argv = steps.flatMap((s) => [String(s.args.length + 1), s.input ?? "", s.file, ...s.args]);
  try {
    await run("bash", ["-c", STEPS_SCRIPT, "steps", ...argv]);
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    const failed = /\n@@failed (\d+) (\d+)\n/.exec(err.stderr);
    const step = failed ? steps[Number(failed[1])] : undefined;
    if (!failed || !step) throw err;
    // What that step wrote: everything after its own marker, up to the failure line.
    const own = err.stderr.slice(err.stderr.lastIndexOf(`\n@@step ${failed[1]}\n`)).split("\n").slice(2, -2).join("\n");
    const command = [step.file, ...step.args].join(" ");
    throw new CommandError(step.input === undefined ? command : `${command} <<${describeInput(step.input)}`, own, Number(failed[2]));
  }
}
