/**
 * Fleet benchmark (issue: fleet audit §7): the audit of a synthetic 1,000-function organization on the
 * emulator, side by side with the I/O floor (a plain download of every distinct package at the same
 * concurrency), and a re-audit with a warm cache. The emulator runs in its own process so that the
 * audit's peak RSS is the audit's alone.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BENCH_ACCOUNTS, DISTINCT, FUNCTIONS } from './fleet-org.js';
import { fmt, mb, runChild } from './measure.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOWNLOADS = 8;
const ANALYSIS = 2;

interface AuditChild { wallMs: number; maxRssKiB: number; functions: number; byStatus: Record<string, number>; findings: number; downloadedBytes: number; complete: boolean }
interface FloorChild { wallMs: number; bytes: number; packages: number; maxRssKiB: number }

export interface FleetResult {
  functions: number;
  distinctPackages: number;
  distinctBytes: number;
  runs: number;
  floor: { wallMs: number; mbPerSecond: number; maxRssMiB: number };
  fetchFloor: { wallMs: number; mbPerSecond: number; maxRssMiB: number };
  hashFloor: { wallMs: number; mbPerSecond: number; maxRssMiB: number };
  cold: { wallMs: number; functionsPerSecond: number; mbPerSecond: number; maxRssMiB: number; byStatus: Record<string, number>; findings: number };
  warm: { wallMs: number; functionsPerSecond: number; maxRssMiB: number; downloadedBytes: number };
  coldOverFloor: number;
  coldOverFetchFloor: number;
  coldOverWarm: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchFleet(runs = 2): Promise<FleetResult> {
  const emu = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'child-emulator.ts'), root], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    emu.once('error', reject);
    emu.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
    createInterface({ input: emu.stdout }).once('line', resolve);
  });
  const info = JSON.parse(first) as { url: string; credentials: { accessKeyId: string; secretAccessKey: string }; distinctBytes: number };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: info.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: info.credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  const floors: FloorChild[] = [];
  const fetchFloors: FloorChild[] = [];
  const hashFloors: FloorChild[] = [];
  const colds: AuditChild[] = [];
  const warms: AuditChild[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const floor = (mode: 'http' | 'hash' | 'fetch') => [join(root, 'bench', 'child-floor.mjs'), mode, info.url, String(DOWNLOADS), ...BENCH_ACCOUNTS];
      floors.push((await runChild<FloorChild>(process.execPath, floor('http'), env)).result);
      hashFloors.push((await runChild<FloorChild>(process.execPath, floor('hash'), env)).result);
      fetchFloors.push((await runChild<FloorChild>(process.execPath, floor('fetch'), env)).result);
      const cache = mkdtempSync(join(tmpdir(), 'lambda-audit-bench-cache-'));
      try {
        const audit = [join(root, 'bench', 'child-fleet.mjs'), info.url, String(DOWNLOADS), String(ANALYSIS), cache];
        colds.push((await runChild<AuditChild>(process.execPath, audit, env)).result);
        warms.push((await runChild<AuditChild>(process.execPath, audit, env)).result);
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    }
  } finally {
    emu.stdin.end();
  }
  for (const f of [...floors, ...hashFloors, ...fetchFloors]) {
    if (f.bytes !== info.distinctBytes || f.packages !== DISTINCT) throw new Error(`the floor downloaded ${f.packages} packages, ${f.bytes} bytes; expected ${DISTINCT}, ${info.distinctBytes}`);
  }
  const cold = colds[0]!;
  const floorMs = median(floors.map((f) => f.wallMs));
  const fetchFloorMs = median(fetchFloors.map((f) => f.wallMs));
  const hashFloorMs = median(hashFloors.map((f) => f.wallMs));
  const coldMs = median(colds.map((c) => c.wallMs));
  const warmMs = median(warms.map((c) => c.wallMs));
  return {
    functions: FUNCTIONS,
    distinctPackages: DISTINCT,
    distinctBytes: info.distinctBytes,
    runs,
    floor: { wallMs: floorMs, mbPerSecond: mb(info.distinctBytes) / (floorMs / 1000), maxRssMiB: Math.max(...floors.map((f) => f.maxRssKiB)) / 1024 },
    hashFloor: { wallMs: hashFloorMs, mbPerSecond: mb(info.distinctBytes) / (hashFloorMs / 1000), maxRssMiB: Math.max(...hashFloors.map((f) => f.maxRssKiB)) / 1024 },
    fetchFloor: { wallMs: fetchFloorMs, mbPerSecond: mb(info.distinctBytes) / (fetchFloorMs / 1000), maxRssMiB: Math.max(...fetchFloors.map((f) => f.maxRssKiB)) / 1024 },
    cold: {
      wallMs: coldMs,
      functionsPerSecond: cold.functions / (coldMs / 1000),
      mbPerSecond: mb(info.distinctBytes) / (coldMs / 1000),
      maxRssMiB: Math.max(...colds.map((c) => c.maxRssKiB)) / 1024,
      byStatus: cold.byStatus,
      findings: cold.findings,
    },
    warm: {
      wallMs: warmMs,
      functionsPerSecond: cold.functions / (warmMs / 1000),
      maxRssMiB: Math.max(...warms.map((c) => c.maxRssKiB)) / 1024,
      downloadedBytes: Math.max(...warms.map((c) => c.downloadedBytes)),
    },
    coldOverFloor: coldMs / floorMs,
    coldOverFetchFloor: coldMs / fetchFloorMs,
    coldOverWarm: coldMs / warmMs,
  };
}

export function fleetMarkdown(r: FleetResult): string {
  return [
    `Organization: ${r.functions} Python functions over 3 accounts × 3 regions, ${r.distinctPackages} distinct packages (10 KB – 20 MB zips of Debian's botocore/boto3/s3transfer/urllib3/dateutil/jmespath code plus a handler each), ${fmt(mb(r.distinctBytes))} MB distinct. Downloads in flight: ${DOWNLOADS}; analysis workers: ${ANALYSIS}. Median of ${r.runs} runs.`,
    '',
    '| run | wall ms | functions/s | MB downloaded/s | peak RSS MiB |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| I/O floor: GetFunction + node:http download of each distinct package, bytes dropped | ${fmt(r.floor.wallMs, 0)} | – | ${fmt(r.floor.mbPerSecond)} | ${fmt(r.floor.maxRssMiB, 0)} |`,
    `| the floor + SHA-256 of every byte (the CodeSha256 check every audit must make) | ${fmt(r.hashFloor.wallMs, 0)} | – | ${fmt(r.hashFloor.mbPerSecond)} | ${fmt(r.hashFloor.maxRssMiB, 0)} |`,
    `| plain fetch + arrayBuffer() of each distinct package (for reference) | ${fmt(r.fetchFloor.wallMs, 0)} | – | ${fmt(r.fetchFloor.mbPerSecond)} | ${fmt(r.fetchFloor.maxRssMiB, 0)} |`,
    `| audit, cold cache | ${fmt(r.cold.wallMs, 0)} | ${fmt(r.cold.functionsPerSecond)} | ${fmt(r.cold.mbPerSecond)} | ${fmt(r.cold.maxRssMiB, 0)} |`,
    `| re-audit, warm cache | ${fmt(r.warm.wallMs, 0)} | ${fmt(r.warm.functionsPerSecond)} | – (${r.warm.downloadedBytes} bytes downloaded) | ${fmt(r.warm.maxRssMiB, 0)} |`,
    '',
    `Cold audit / I/O floor: **${fmt(r.coldOverFloor, 2)}** (target ≤ 1.5; the hash check alone is ${fmt(r.hashFloor.wallMs / r.floor.wallMs, 2)} × the floor; against the fetch download ${fmt(r.coldOverFetchFloor, 2)}). Cold / warm: **${fmt(r.coldOverWarm, 1)}×** (target ≥ 10). Peak RSS target ≤ 400 MiB. Targets by status (cold): ${JSON.stringify(r.cold.byStatus)}, ${r.cold.findings} findings.`,
  ].join('\n');
}
