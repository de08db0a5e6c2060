import { readFileSync } from 'node:fs';

/** Peak RSS of this process image in KiB. VmHWM, not getrusage's maxRSS, which survives exec and would show the parent's peak. */
export function peakRssKiB() {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : process.resourceUsage().maxRSS;
}
