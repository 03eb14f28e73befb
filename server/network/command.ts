import { execFile } from "node:child_process";

// Running iproute2 and nftables: one place that spawns them, so every failure says which
// command it was and what it wrote on stderr.

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

/** Runs `file args…` (no shell), feeding `input` on stdin; resolves with stdout. */
export function run(file: string, args: string[], input?: string): Promise<string> {
  const command = [file, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { maxBuffer: 256 * 1024 * 1024, encoding: "utf8" }, (err, stdout, stderr) => {
      if (err) {
        const code = typeof err.code === "number" ? err.code : null;
        reject(new CommandError(input === undefined ? command : `${command} <<${describeInput(input)}`, stderr || err.message, code));
      } else resolve(stdout);
    });
    // A command that exits without reading its stdin closes the pipe: its exit status and stderr
    // say what went wrong, not the EPIPE of writing to it.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input ?? "");
  });
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
