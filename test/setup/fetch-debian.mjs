#!/usr/bin/env node
// Fetches real third-party Python code (Debian's python3-* packages) for the archive and
// classification tests, unpacked under <repo>/.cache/debian/<pkg>/ (git-ignored, never committed).
// Idempotent: a stamp file per package makes a cached run a few stat() calls.
// Needs root on Debian (apt-get, dpkg-deb). `apt-get update` runs only when a download fails once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DEBIAN_PACKAGES = [
  'python3-requests',
  'python3-urllib3',
  'python3-s3transfer',
  'python3-botocore',
  'python3-boto3',
  'python3-jmespath',
  'python3-dateutil',
  'python3-six',
  'python3-idna',
  'python3-certifi',
  'python3-charset-normalizer',
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheDir = join(root, '.cache', 'debian');
const debDir = join(cacheDir, 'debs');

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

let updated = false;
function download(pkg) {
  const have = () => readdirSync(debDir).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  const cached = have();
  if (cached) return join(debDir, cached);
  try {
    run('apt-get', ['download', pkg], debDir);
  } catch (err) {
    if (updated) throw err;
    updated = true;
    process.stdout.write('apt-get download failed once; running apt-get update\n');
    run('apt-get', ['update'], debDir);
    run('apt-get', ['download', pkg], debDir);
  }
  const got = have();
  if (!got) throw new Error(`apt-get download ${pkg} produced no .deb`);
  return join(debDir, got);
}

/** Packages named on the command line are fetched too (the benchmark asks for more real code). */
function main(extra) {
  mkdirSync(debDir, { recursive: true });
  let failed = 0;
  for (const pkg of [...DEBIAN_PACKAGES, ...extra]) {
    const dest = join(cacheDir, pkg);
    const stamp = join(dest, '.stamp');
    if (existsSync(stamp)) {
      process.stdout.write(`${pkg}: cached\n`);
      continue;
    }
    try {
      const deb = download(pkg);
      rmSync(dest, { recursive: true, force: true });
      mkdirSync(dest, { recursive: true });
      run('dpkg-deb', ['-x', deb, dest]);
      writeFileSync(stamp, `${deb}\n`);
      process.stdout.write(`${pkg}: fetched ${deb.slice(debDir.length + 1)}\n`);
    } catch (err) {
      failed++;
      const msg = err instanceof Error ? (err.stderr || err.message) : String(err);
      process.stdout.write(`${pkg}: FAILED ${String(msg).trim().split('\n').pop()}\n`);
    }
  }
  if (failed > 0) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2).filter((a) => /^python3-[a-z0-9.+-]+$/.test(a)));
}
