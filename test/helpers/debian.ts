/**
 * Real third-party Python code from Debian packages (fetched by test/setup/fetch-debian.mjs into
 * .cache/debian/), laid out the ways Lambda packages hold dependencies.
 */
import { DEBIAN_PACKAGES } from '../setup/fetch-debian.mjs';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildZip } from './zip.js';

export const DEBIAN_CACHE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '.cache', 'debian');

/** `…/.cache/debian/<pkg>/usr/lib/python3/dist-packages`; throws with a hint when not fetched. */
export function debianSitePackages(pkg: string): string {
  const dir = join(DEBIAN_CACHE, pkg, 'usr', 'lib', 'python3', 'dist-packages');
  if (!existsSync(dir)) throw new Error(`${dir} missing: run node test/setup/fetch-debian.mjs`);
  return dir;
}

/** The test packages test/setup/fetch-debian.mjs unpacked (those with its stamp file), sorted; the benchmark's extra ones are left out. */
export function fetchedPackages(): string[] {
  if (!existsSync(DEBIAN_CACHE)) throw new Error(`${DEBIAN_CACHE} missing: run node test/setup/fetch-debian.mjs`);
  return readdirSync(DEBIAN_CACHE)
    .filter((d) => DEBIAN_PACKAGES.includes(d) && existsSync(join(DEBIAN_CACHE, d, '.stamp')))
    .sort();
}

export interface DebianFile {
  /** Relative to the site-packages directory. */
  path: string;
  data: Buffer;
}

export interface DebianPackage {
  /** PEP 503 distribution name from its egg-info / dist-info folder (e.g. `python-dateutil`). */
  dist: string;
  /** Code files (no metadata, no __pycache__). */
  code: DebianFile[];
  /** The metadata folder as shipped (`requests-2.28.1.egg-info`) and its files. */
  infoDir: string;
  info: DebianFile[];
}

function walk(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of readdirSync(join(root, rel), { withFileTypes: true })) {
    const child = rel === '' ? d.name : `${rel}/${d.name}`;
    if (d.name === '__pycache__') continue;
    if (d.isDirectory()) out.push(...walk(root, child));
    else if (d.isFile()) out.push(child);
  }
  return out.sort();
}

export interface LoadOptions {
  /** Keep only `.py` code files (botocore's 80 MB of JSON models make zips slow to build). */
  pythonOnly?: boolean;
}

export function loadDebianPackage(pkg: string, opts: LoadOptions = {}): DebianPackage {
  const site = debianSitePackages(pkg);
  const files = walk(site);
  const infoDir = readdirSync(site).find((n) => /\.(dist|egg)-info$/.test(n));
  if (infoDir === undefined) throw new Error(`${pkg} has no dist-info/egg-info`);
  const read = (path: string): DebianFile => ({ path, data: readFileSync(join(site, path)) });
  const inInfo = (p: string): boolean => p === infoDir || p.startsWith(`${infoDir}/`);
  return {
    dist: (infoDir.split('-')[0] ?? infoDir).toLowerCase().replace(/[-_.]+/g, '-'),
    infoDir,
    info: files.filter(inInfo).map(read),
    code: files.filter((p) => !inInfo(p) && (!opts.pythonOnly || p.endsWith('.py'))).map(read),
  };
}

/**
 * The dist-info pip would write for a package. Debian ships egg-info (no RECORD) for most of
 * these, so the RECORD is synthesised from the file list as pip does: `path,sha256=<urlsafe
 * base64, unpadded>,size`, the RECORD itself listed with empty hash and size.
 */
export function pipDistInfo(p: DebianPackage): DebianFile[] {
  if (p.infoDir.endsWith('.dist-info') && p.info.some((f) => f.path.endsWith('/RECORD'))) return p.info;
  const version = p.infoDir.replace(/\.(dist|egg)-info$/, '').split('-')[1] ?? '0';
  const dir = `${p.dist.replaceAll('-', '_')}-${version}.dist-info`;
  const topLevel = p.info.find((f) => f.path.endsWith('/top_level.txt'));
  const meta: DebianFile[] = [
    { path: `${dir}/METADATA`, data: Buffer.from(`Metadata-Version: 2.1\nName: ${p.dist}\nVersion: ${version}\n`) },
    { path: `${dir}/INSTALLER`, data: Buffer.from('pip\n') },
    ...(topLevel ? [{ path: `${dir}/top_level.txt`, data: topLevel.data }] : []),
  ];
  const line = (f: DebianFile): string =>
    `${f.path},sha256=${createHash('sha256').update(f.data).digest('base64url')},${f.data.length}`;
  const record = [...p.code, ...meta].map(line).concat(`${dir}/RECORD,,`).join('\n') + '\n';
  return [...meta, { path: `${dir}/RECORD`, data: Buffer.from(record) }];
}

export type Metadata = 'dist-info' | 'egg-info' | 'none';
export type Layout = 'root' | 'layer' | 'vendor' | 'nested';

export const LAYER_SITE = 'python/lib/python3.12/site-packages/';

/** Where dependencies go in each layout (nested: inside `.requirements.zip`). */
export function sitePrefix(layout: Layout): string {
  return { root: '', layer: LAYER_SITE, vendor: 'vendor/', nested: '.requirements.zip!/' }[layout];
}

export interface DebianZipOptions {
  packages: DebianPackage[];
  layout: Layout;
  metadata: Metadata;
  /** The organisation's own files, at the package root. */
  own: Record<string, string | Buffer>;
}

/** A Lambda package zip (in memory) holding real Debian code in the given layout. */
export function debianZip(opts: DebianZipOptions): Buffer {
  const deps: Record<string, Buffer> = {};
  for (const p of opts.packages) {
    const meta = opts.metadata === 'dist-info' ? pipDistInfo(p) : opts.metadata === 'egg-info' ? p.info : [];
    for (const f of [...p.code, ...meta]) deps[f.path] = f.data;
  }
  if (opts.layout === 'nested') return buildZip({ ...opts.own, '.requirements.zip': buildZip(deps) });
  const prefix = sitePrefix(opts.layout);
  const files: Record<string, string | Buffer> = { ...opts.own };
  for (const [path, data] of Object.entries(deps)) files[prefix + path] = data;
  return buildZip(files);
}
