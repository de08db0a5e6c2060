import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PackageAnalysis } from '../scan/analyze-package.js';

/**
 * Analysis results by package identity. Holds PackageAnalysis JSON only, never code. A function
 * package is identified by its CodeSha256; a layer version is immutable, so its ARN identifies it.
 */

export type PackageIdentity = { codeSha256: string } | { layerVersionArn: string };

export interface AnalysisKeyInput {
  toolVersion: string;
  identity: PackageIdentity;
  handler: string | null;
  isLayer: boolean;
  ownPaths: readonly string[];
  vendoredPaths: readonly string[];
  /** Archive limits change what gets analysed (oversized members are left out with a note). */
  limits: Readonly<Record<string, number>>;
}

function sortedRecord(r: Readonly<Record<string, number>>): [string, number][] {
  return Object.keys(r)
    .sort()
    .map((k) => [k, r[k]!]);
}

/** Hex sha256 over everything the analysis result depends on. */
export function analysisKey(input: AnalysisKeyInput): string {
  const canonical = JSON.stringify([
    'lambda-audit-analysis',
    1,
    input.toolVersion,
    'codeSha256' in input.identity ? ['sha', input.identity.codeSha256] : ['layer', input.identity.layerVersionArn],
    input.handler,
    input.isLayer,
    [...input.ownPaths].sort(),
    [...input.vendoredPaths].sort(),
    sortedRecord(input.limits),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** `$XDG_CACHE_HOME/lambda-audit`, else `~/.cache/lambda-audit`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  return xdg && xdg.startsWith('/') ? join(xdg, 'lambda-audit') : join(home, '.cache', 'lambda-audit');
}

export interface CacheEntry {
  analysis: PackageAnalysis;
  /** The package's CodeSha256 (for layers: from GetLayerVersionByArn), so a hit needs no API call. */
  codeSha256: string;
  codeSize: number;
}

interface StoredEntry extends CacheEntry {
  schema: 1;
  key: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrOrNull = (v: unknown): boolean => typeof v === 'string' || v === null;

function isFileFinding(v: unknown): boolean {
  return (
    isObj(v) &&
    typeof v.kind === 'string' &&
    typeof v.primitive === 'string' &&
    isNum(v.line) &&
    isNum(v.column) &&
    typeof v.function === 'string' &&
    typeof v.scope === 'string' &&
    typeof v.snippet === 'string' &&
    typeof v.status === 'string' &&
    isStrOrNull(v.reason)
  );
}

/** Structural check, so a truncated or hand-edited entry is treated as a miss instead of crashing the report. */
export function isPackageAnalysis(v: unknown): v is PackageAnalysis {
  if (!isObj(v)) return false;
  if (!isNum(v.sourceFiles) || !isNum(v.parsedFiles) || !isNum(v.sourceBytes) || !isNum(v.bytes)) return false;
  if (!Array.isArray(v.notes) || !v.notes.every((n) => typeof n === 'string')) return false;
  if (!Array.isArray(v.parseErrors) || !v.parseErrors.every((p) => isObj(p) && typeof p.file === 'string' && typeof p.message === 'string')) return false;
  if (!Array.isArray(v.files)) return false;
  return v.files.every(
    (f) =>
      isObj(f) &&
      typeof f.file === 'string' &&
      (f.origin === 'own' || f.origin === 'vendored') &&
      isStrOrNull(f.package) &&
      Array.isArray(f.findings) &&
      f.findings.every(isFileFinding),
  );
}

export function parseEntry(text: string, key: string): CacheEntry | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(v) || v.schema !== 1 || v.key !== key) return null;
  if (typeof v.codeSha256 !== 'string' || !isNum(v.codeSize) || !isPackageAnalysis(v.analysis)) return null;
  return { analysis: v.analysis, codeSha256: v.codeSha256, codeSize: v.codeSize };
}

export interface AnalysisCache {
  readonly enabled: boolean;
  get(key: string): Promise<CacheEntry | null>;
  put(key: string, entry: CacheEntry): Promise<void>;
}

export const disabledCache: AnalysisCache = {
  enabled: false,
  get: async () => null,
  put: async () => {},
};

/** File-per-entry cache under `dir/analysis/<2 hex>/<key>.json`. Failures to read or write never fail an audit. */
export class DirectoryCache implements AnalysisCache {
  readonly enabled = true;
  constructor(readonly dir: string) {}

  pathFor(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('cache key must be 64 hex characters');
    return join(this.dir, 'analysis', key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CacheEntry | null> {
    let text: string;
    try {
      text = await readFile(this.pathFor(key), 'utf8');
    } catch {
      return null;
    }
    return parseEntry(text, key);
  }

  async put(key: string, entry: CacheEntry): Promise<void> {
    const path = this.pathFor(key);
    const stored: StoredEntry = { schema: 1, key, ...entry };
    // Same-directory temp file + rename: readers see the old entry or the new one, never half of one.
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(tmp, JSON.stringify(stored));
      await rename(tmp, path);
    } catch {
      await rm(tmp, { force: true }).catch(() => {});
    }
  }
}

export function openCache(opts: { enabled: boolean; dir: string | null }): AnalysisCache {
  return opts.enabled ? new DirectoryCache(opts.dir ?? defaultCacheDir()) : disabledCache;
}
