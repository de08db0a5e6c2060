/**
 * Scanning-engine benchmark (issue: scanning engine §9): lambda-audit vs the policy's own
 * check_threading.py visitor, side by side in one run, over the same real Debian code.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, deflateRawSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import { rawZip } from '../test/helpers/zip.js';
import { fmt, mb, runChild } from './measure.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.cache', 'bench', 'engine');
const DEBIAN = join(root, '.cache', 'debian');
/** Each bench package: our handler plus real Debian code in pip `-t` layout. The first is the boto3 + botocore + s3transfer package. */
export const BENCH_PACKAGES: Record<string, string[]> = {
  'boto-package': ['python3-boto3', 'python3-botocore', 'python3-s3transfer', 'python3-jmespath', 'python3-dateutil', 'python3-urllib3', 'python3-six'],
  'django-package': ['python3-django'],
  'sqlalchemy-package': ['python3-sqlalchemy'],
  'pip-package': ['python3-pip'],
};
export const EXTRA_DEBIAN = ['python3-django', 'python3-sqlalchemy', 'python3-pip'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    // Debian links some files to other packages (e.g. jquery); a link is not package content.
    const info = lstatSync(full);
    return info.isDirectory() ? walk(full) : info.isFile() ? [full] : [];
  });
}

interface ScanChild { wallMs: number; maxRssKiB: number; findings: number; targets: Array<{ id: string; status: string; reason: string | null; sourceFiles: number; bytes: number }> }
interface PolicyChild { files: number; bytes: number; findings: number; unparsed: number; wallSeconds: number; maxRssKiB: number }

export interface EngineResult {
  packages: string[];
  packageBytesUnzipped: number;
  pythonFiles: number;
  pythonBytes: number;
  runs: number;
  lambdaAudit: { wallMs: number; processMs: number; maxRssMiB: number; findings: number; mbSourcePerSecond: number };
  policyDetector: { wallMs: number; processMs: number; maxRssMiB: number; findings: number; mbSourcePerSecond: number };
  ratio: number;
  botoAlone: { lambdaAuditMs: number; policyMs: number; ratio: number };
  zipBomb: { maxRssMiB: number; status: string; reason: string | null; declaredBytes: number };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function buildPackage(name: string, debs: string[], extractedRoot: string): { zipPath: string; extracted: string; unzipped: number; pyFiles: number; pyBytes: number } {
  const extracted = join(extractedRoot, name);
  mkdirSync(extracted, { recursive: true });
  const zip = new AdmZip();
  let unzipped = 0;
  let pyFiles = 0;
  let pyBytes = 0;
  const add = (entry: string, data: Buffer): void => {
    zip.addFile(entry, data);
    unzipped += data.length;
    if (entry.endsWith('.py')) {
      pyFiles++;
      pyBytes += data.length;
      mkdirSync(dirname(join(extracted, entry)), { recursive: true });
      writeFileSync(join(extracted, entry), data);
    }
  };
  add('app.py', readFileSync(join(root, 'samples', 'orders-api', 'app.py')));
  for (const pkg of debs) {
    const site = join(DEBIAN, pkg, 'usr', 'lib', 'python3', 'dist-packages');
    for (const file of walk(site)) add(relative(site, file), readFileSync(file));
  }
  const zipPath = join(work, `${name}.zip`);
  writeFileSync(zipPath, zip.toBuffer());
  return { zipPath, extracted, unzipped, pyFiles, pyBytes };
}

function buildPackages(): { zipPaths: string[]; extracted: string[]; unzipped: number; pyFiles: number; pyBytes: number; names: string[] } {
  rmSync(work, { recursive: true, force: true });
  const built = Object.entries(BENCH_PACKAGES).map(([name, debs]) => buildPackage(name, debs, join(work, 'extracted')));
  return {
    names: Object.keys(BENCH_PACKAGES),
    zipPaths: built.map((b) => b.zipPath),
    extracted: built.map((b) => b.extracted),
    unzipped: built.reduce((n, b) => n + b.unzipped, 0),
    pyFiles: built.reduce((n, b) => n + b.pyFiles, 0),
    pyBytes: built.reduce((n, b) => n + b.pyBytes, 0),
  };
}

/** 4 GiB of zeros behind headers that declare 1 KiB: the reader must stop at its caps. */
function buildZipBomb(): { path: string; declared: number } {
  const chunk = Buffer.alloc(64 * 1024 * 1024);
  const parts: Buffer[] = [];
  for (let i = 0; i < 4; i++) parts.push(chunk);
  const compressed = deflateRawSync(Buffer.concat(parts), { level: constants.Z_BEST_COMPRESSION });
  const entries = Array.from({ length: 16 }, (_, i) => ({ name: `bomb/part${i}.py`, compressed, method: 8, size: 1024, crc: 0 }));
  const path = join(work, 'zip-bomb.zip');
  writeFileSync(path, rawZip(entries));
  return { path, declared: 1024 * entries.length };
}

export async function benchEngine(runs = 3): Promise<EngineResult> {
  const pkg = buildPackages();
  const bomb = buildZipBomb();
  const ours: Array<{ wallMs: number; result: ScanChild }> = [];
  const policy: Array<{ wallMs: number; result: PolicyChild }> = [];
  // Interleaved so that machine noise hits both sides alike.
  const botoOurs: number[] = [];
  const botoPolicy: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await runChild<ScanChild>(process.execPath, [join(root, 'bench', 'child-scan.mjs'), '2', ...pkg.zipPaths]));
    policy.push(await runChild<PolicyChild>('python3', [join(root, 'bench', 'policy_detector.py'), ...pkg.extracted]));
    // The boto package on its own: small enough that fixed start-up costs (workers, WASM) weigh most.
    botoOurs.push((await runChild<ScanChild>(process.execPath, [join(root, 'bench', 'child-scan.mjs'), '2', pkg.zipPaths[0]!])).result.wallMs);
    botoPolicy.push((await runChild<PolicyChild>('python3', [join(root, 'bench', 'policy_detector.py'), pkg.extracted[0]!])).result.wallSeconds * 1000);
  }
  const bombRun = await runChild<ScanChild>(process.execPath, [join(root, 'bench', 'child-scan.mjs'), '2', bomb.path]);
  for (const target of ours[0]!.result.targets) {
    if (target.status !== 'scanned') throw new Error(`bench package ${target.id} did not scan: ${target.reason}`);
  }
  const oursWall = median(ours.map((r) => r.result.wallMs));
  const policyWall = median(policy.map((r) => r.result.wallSeconds * 1000));
  return {
    packages: pkg.names,
    packageBytesUnzipped: pkg.unzipped,
    pythonFiles: pkg.pyFiles,
    pythonBytes: pkg.pyBytes,
    runs,
    lambdaAudit: {
      wallMs: oursWall,
      processMs: median(ours.map((r) => r.wallMs)),
      maxRssMiB: Math.max(...ours.map((r) => r.result.maxRssKiB)) / 1024,
      findings: ours[0]!.result.findings,
      mbSourcePerSecond: mb(pkg.pyBytes) / (oursWall / 1000),
    },
    policyDetector: {
      wallMs: policyWall,
      processMs: median(policy.map((r) => r.wallMs)),
      maxRssMiB: Math.max(...policy.map((r) => r.result.maxRssKiB)) / 1024,
      findings: policy[0]!.result.findings,
      mbSourcePerSecond: mb(pkg.pyBytes) / (policyWall / 1000),
    },
    ratio: oursWall / policyWall,
    botoAlone: { lambdaAuditMs: median(botoOurs), policyMs: median(botoPolicy), ratio: median(botoOurs) / median(botoPolicy) },
    zipBomb: {
      maxRssMiB: bombRun.result.maxRssKiB / 1024,
      status: bombRun.result.targets[0]!.status,
      reason: bombRun.result.targets[0]!.reason,
      declaredBytes: bomb.declared,
    },
  };
}

export function engineMarkdown(r: EngineResult): string {
  const row = (name: string, x: EngineResult['lambdaAudit']): string =>
    `| ${name} | ${fmt(x.wallMs, 0)} | ${fmt(x.processMs, 0)} | ${fmt(x.mbSourcePerSecond, 2)} | ${fmt(x.maxRssMiB, 0)} | ${x.findings} |`;
  return [
    `Packages (${r.packages.join(', ')}): each a handler plus real Debian code in pip \`-t\` layout — boto3 + botocore + s3transfer + jmespath + dateutil + urllib3 + six; Django; SQLAlchemy; pip with its vendored libraries. ${fmt(mb(r.packageBytesUnzipped))} MB unzipped in all, ${r.pythonFiles} .py files, ${fmt(mb(r.pythonBytes), 2)} MB of Python source. Median of ${r.runs} interleaved runs.`,
    '',
    '| detector | scan wall ms | process wall ms | MB source/s | peak RSS MiB | findings |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('lambda-audit (zip, 2 workers)', r.lambdaAudit),
    row('policy check_threading.py (extracted files)', r.policyDetector),
    '',
    `Ratio lambda-audit / policy detector (scan wall): **${fmt(r.ratio, 3)}** (target ≤ 0.5).`,
    '',
    `The boto package alone (same runs, interleaved): lambda-audit ${fmt(r.botoAlone.lambdaAuditMs, 0)} ms, policy detector ${fmt(r.botoAlone.policyMs, 0)} ms, ratio **${fmt(r.botoAlone.ratio, 3)}**.`,
    '',
    `Zip bomb (16 entries of 256 MiB of zeros, headers declaring ${r.zipBomb.declaredBytes} bytes): target \`${r.zipBomb.status}\` — ${r.zipBomb.reason ?? ''}; peak RSS ${fmt(r.zipBomb.maxRssMiB, 0)} MiB (target ≤ 300).`,
  ].join('\n');
}
