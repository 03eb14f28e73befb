import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";

// Debian's real `openstack` command (python3-openstackclient and python3-octaviaclient), run
// with password authentication against a test's own server: nothing but the command line and
// what the server answers. A fresh HOME, so no clouds.yaml or cache of the machine's interferes.

/**
 * Debian's `openstack`, by its path: an `openstack` of a Python environment that comes first in
 * PATH is another program (other versions, other plugins). `npm test` installs it.
 */
export const OPENSTACK_CLI = "/usr/bin/openstack";

export interface CliUser {
  name: string;
  password: string;
  project: string;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Throws at once when Debian's CLI is missing, so every test that uses it fails (none is skipped). */
export function openstackCli(baseUrl: string) {
  if (!fs.existsSync(OPENSTACK_CLI)) {
    throw new Error(`${OPENSTACK_CLI} is missing: install python3-openstackclient and python3-octaviaclient (npm test does)`);
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "openstack-cli-"));
  return {
    async run(user: CliUser, args: string[]): Promise<CliResult> {
      const auth = [
        "--os-auth-url", `${baseUrl}/identity/v3`,
        "--os-username", user.name,
        "--os-password", user.password,
        "--os-project-name", user.project,
        "--os-user-domain-name", "Default",
        "--os-project-domain-name", "Default",
        "--os-region-name", "RegionOne",
      ];
      const result = await execa(OPENSTACK_CLI, [...auth, ...args], {
        reject: false,
        timeout: 300_000,
        // Nothing of the caller's environment (a virtualenv's PATH or PYTHONPATH) reaches it.
        extendEnv: false,
        env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", HOME: home, LANG: "C.UTF-8" },
      });
      return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
    },
    /** Runs a command with `-f json` and parses what it prints; fails with its stderr otherwise. */
    async json<T = Record<string, unknown>>(user: CliUser, args: string[]): Promise<T> {
      const result = await this.run(user, [...args, "-f", "json"]);
      if (result.exitCode !== 0) throw new Error(`openstack ${args.join(" ")} exited ${result.exitCode}: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    },
    dispose() {
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
