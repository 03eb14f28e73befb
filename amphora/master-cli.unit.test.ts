import { describe, expect, it } from "vitest";
import { countStreams, parseShowProc } from "./master-cli";
import { sendCommand } from "./runtime-api";

describe("parseShowProc", () => {
  it("reads the master's counters and the current and old workers (2.6 layout)", () => {
    const text = [
      "#<PID>          <type>          <reloads>       <uptime>        <version>      ",
      "13493           master          2 [failed: 1]   0d00h00m01s     2.6.12-1+deb12u4",
      "# workers",
      "13600           worker          0               0d00h00m00s     2.6.12-1+deb12u4",
      "# old workers",
      "13494           worker          1               0d00h00m01s     2.6.12-1+deb12u4",
      "# programs",
      "",
    ].join("\n");
    expect(parseShowProc(text)).toEqual({ masterPid: 13493, reloads: 2, failedReloads: 1, workers: [13600], oldWorkers: [13494] });
  });

  it("refuses anything else", () => {
    expect(() => parseShowProc("Unknown command.\n")).toThrow();
  });
});

describe("countStreams", () => {
  it("counts streams in progress, not the CLI session asking (captured from a soft-stopping 2.6 worker)", () => {
    const cli =
      "0x562457633990: proto=sockpair src=unix:2 fe=GLOBAL be=<NONE> srv=<none> ts=00 epoch=0 age=0s calls=2 rate=1 cpu=0 lat=0 rq[f=c0c020h,i=0,an=00h,rx=,wx=,ax=] rp[f=80008000h,i=0,an=00h,rx=,wx=,ax=] scf=[8,0h,fd=6] scb=[8,1h,fd=-1] exp=10s rc=0 c_exp=";
    const request =
      "0x7f70c4042150: proto=tcpv4 src=127.0.0.1:58860 fe=f be=b srv=s ts=00 epoch=0 age=1s calls=2 rate=0 cpu=0 lat=0 rq[f=49c40080h,i=0,an=8000h,rx=,wx=,ax=] rp[f=80400000h,i=0,an=1400000h,rx=49s,wx=,ax=] scf=[8,80h,fd=15] scb=[8,11h,fd=16] exp=4s rc=0 c_exp=";
    expect(countStreams(`${cli}\n${request}\n\n`)).toBe(1);
    expect(countStreams(`${cli}\n\n`)).toBe(0); // idle keep-alive connections have no stream
  });
});

describe("sendCommand", () => {
  it.each(["show stat; shutdown frontend x", "show stat\nshutdown frontend x", "show info\r"])("refuses a chained command %j", async (command) => {
    await expect(sendCommand("/nonexistent.sock", command)).rejects.toThrow(/chained/);
  });
});
