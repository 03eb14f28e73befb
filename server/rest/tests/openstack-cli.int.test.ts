import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { openstackCli } from "./openstack-cli";

// The CLI tests run Debian's `openstack` with its load balancer commands, whatever else is
// called `openstack` on the machine.

const dirs: string[] = [];
const path0 = process.env.PATH;

afterEach(() => {
  process.env.PATH = path0;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

it("runs Debian's openstack with the octavia plugin, even when another openstack comes first in PATH", async () => {
  // An `openstack` of a Python environment first in PATH, as a virtualenv's activate puts it.
  const venvBin = fs.mkdtempSync(path.join(os.tmpdir(), "venv-bin-"));
  dirs.push(venvBin);
  fs.writeFileSync(path.join(venvBin, "openstack"), "#!/bin/sh\necho 'openstack from a virtualenv'\n", { mode: 0o755 });
  process.env.PATH = `${venvBin}:${path0}`;

  const cli = openstackCli("http://127.0.0.1:9");
  try {
    // Offline: a command's help needs no server, and exists only with python3-octaviaclient.
    const result = await cli.run({ name: "demo", password: "unused-pw", project: "demo" }, ["loadbalancer", "list", "--help"]);
    expect(result.stdout).not.toContain("virtualenv");
    expect(result).toMatchObject({ exitCode: 0, stdout: expect.stringContaining("usage: openstack loadbalancer list") });
  } finally {
    cli.dispose();
  }
}, 60_000);
