/**
 * The fleet benchmark's synthetic organization: 1,000 Python functions over 3 accounts × 3 regions,
 * deploying 300 distinct packages whose zip sizes are spread log-uniformly from 10 KB to 20 MB,
 * built from real code (Debian's botocore, boto3, s3transfer …) plus a handler of ours per package.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { EmuAccount, EmuOrganization } from '../src/emulator/index.js';
import { rawZip, type RawEntry } from '../test/helpers/zip.js';

export const BENCH_ACCOUNTS = ['210000000001', '210000000002', '210000000003'];
export const BENCH_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
export const FUNCTIONS = 1000;
export const DISTINCT = 300;
const MIN_BYTES = 10 * 1024;
const MAX_BYTES = 20 * 1024 * 1024;

interface PoolFile { name: string; compressed: Buffer; size: number; crc: number }

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = join(dir, name);
    // Debian links some files to other packages (e.g. jquery); a link is not package content.
    const info = lstatSync(full);
    return info.isDirectory() ? walk(full) : info.isFile() ? [full] : [];
  });
}

function pool(debianDir: string): PoolFile[] {
  const files: PoolFile[] = [];
  for (const pkg of ['python3-boto3', 'python3-botocore', 'python3-s3transfer', 'python3-urllib3', 'python3-dateutil', 'python3-jmespath']) {
    const site = join(debianDir, pkg, 'usr', 'lib', 'python3', 'dist-packages');
    for (const file of walk(site)) {
      const data = readFileSync(file);
      files.push({ name: relative(site, file), compressed: deflateRawSync(data), size: data.length, crc: crc32(data) });
    }
  }
  return files;
}

function handler(i: number): string {
  const threaded = i % 3 === 0;
  return [
    `"""Bench handler ${i}."""`,
    threaded ? 'import threading\n\n_lock = threading.Lock()\n' : 'import json\n',
    'def lambda_handler(event, context):',
    threaded ? '    with _lock:\n        return {"ok": True}' : '    return {"ok": json.dumps(event)}',
    '',
  ].join('\n');
}

/** Package i: its handler, then real files (copied under numbered folders once the pool runs out) up to its size. */
function buildPackage(i: number, files: PoolFile[]): Buffer {
  const target = Math.round(MIN_BYTES * Math.pow(MAX_BYTES / MIN_BYTES, i / (DISTINCT - 1)));
  const entries: RawEntry[] = [{ name: 'app.py', data: handler(i) }];
  let bytes = 0;
  let k = (i * 7919) % files.length;
  let copy = 0;
  const start = k;
  while (bytes < target) {
    const f = files[k]!;
    const name = copy === 0 ? f.name : `copy${copy}/${f.name}`;
    entries.push({ name, compressed: f.compressed, method: 8, size: f.size, crc: f.crc });
    bytes += f.compressed.length + 76 + 2 * name.length;
    k = (k + 1) % files.length;
    if (k === start) copy++;
  }
  return rawZip(entries);
}

export function benchOrganization(debianDir: string): { org: EmuOrganization; distinctBytes: number } {
  const files = pool(debianDir);
  const packages = Array.from({ length: DISTINCT }, (_, i) => buildPackage(i, files));
  const accounts: EmuAccount[] = BENCH_ACCOUNTS.map((id, a) => {
    const regions: EmuAccount['regions'] = {};
    BENCH_REGIONS.forEach((region, r) => {
      regions[region] = { functions: [] };
      for (let j = a * BENCH_REGIONS.length + r; j < FUNCTIONS; j += BENCH_ACCOUNTS.length * BENCH_REGIONS.length) {
        regions[region]!.functions.push({
          name: `bench-fn-${String(j).padStart(4, '0')}`,
          runtime: 'python3.12',
          handler: 'app.lambda_handler',
          zip: packages[j % DISTINCT]!,
        });
      }
    });
    return { id, name: `bench-${a + 1}`, status: 'ACTIVE', regions };
  });
  return {
    org: { managementAccountId: '210000000000', accounts },
    distinctBytes: packages.reduce((n, p) => n + p.length, 0),
  };
}
