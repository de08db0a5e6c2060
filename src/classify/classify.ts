import picomatch from 'picomatch';
import type { FileOrigin } from '../core/types.js';
import { infoDirs, listedPaths, topLevelNames } from './metadata.js';
import { pypiTable } from './table.js';

export interface ClassifyInput {
  /** All entry paths of the package. */
  paths: string[];
  /** Contents of the files `metadataPaths(paths)` named. */
  metadata: Array<{ path: string; text: string }>;
  /** Lambda handler, e.g. `app.lambda_handler` or `src/app.handler`. */
  handler?: string | null;
  /** Globs from config; they override every other signal (ownPaths first). */
  ownPaths?: string[];
  vendoredPaths?: string[];
  isLayer?: boolean;
  /** Import name → distribution; defaults to data/pypi-top-level.json. */
  table?: ReadonlyMap<string, string>;
}

const VENDOR_DIRS = new Set(['vendor', '_vendor', 'vendored', 'third_party', 'site-packages']);
const LAYER_SITE = /^python\/lib\/python\d+(?:\.\d+)?\/site-packages\//;
const NESTED = '!/';

interface Claim {
  /** `site/name`: claims `site/name.py` and everything below `site/name/`. */
  prefix: string;
  dist: string;
  signal: string;
}

const vendored = (pkg: string | null, signal: string): FileOrigin => ({ origin: 'vendored', package: pkg, signal });
const own = (signal: string): FileOrigin => ({ origin: 'own', package: null, signal });

/** Origin of every `.py` path. Pure: everything it knows comes from `input`. */
export function classifyOrigins(input: ClassifyInput): Map<string, FileOrigin> {
  const table = input.table ?? pypiTable();
  const { files: listed, claims } = metadataClaims(input);
  const handler = handlerModule(input.handler ?? null);
  const ownGlob = matcher(input.ownPaths);
  const vendoredGlob = matcher(input.vendoredPaths);

  /** Distribution for the module at the start of `rest` (`['google', 'protobuf', 'x.py']`), namespace `top/sub` first. */
  const tableDist = (rest: string[]): string | undefined => {
    const top = stripPy(rest[0] ?? '');
    const sub = rest.length > 2 ? table.get(`${top}/${stripPy(rest[1] ?? '')}`) : undefined;
    return sub ?? table.get(top);
  };
  /** `['six.py']` → six, `['yaml', 'x.py']` → pyyaml, `['mything', 'x.py']` → mything, `['__init__.py']` → null. */
  const packageName = (rest: string[]): string | null => {
    const first = rest[0];
    if (first === undefined || first === '__init__.py') return null;
    return tableDist(rest) ?? stripPy(first);
  };

  const bySignals = (path: string): FileOrigin => {
    const fromRecord = listed.get(path);
    if (fromRecord) return vendored(fromRecord.dist, fromRecord.signal);
    const claim = longestClaim(claims, path);
    if (claim) return vendored(claim.dist, claim.signal);

    const segments = path.split('/');
    const layerSite = LAYER_SITE.exec(path);
    if (layerSite) {
      const rest = path.slice(layerSite[0].length).split('/');
      return vendored(packageName(rest), 'layer site-packages');
    }
    // Vendor folders are looked at before the layer's own-code rule: `python/mylib/vendor/six.py`
    // is still someone else's code.
    const v = segments.findIndex((s, i) => VENDOR_DIRS.has(s) && i < segments.length - 1);
    if (v >= 0) return vendored(packageName(segments.slice(v + 1)), `${segments[v]}/ folder`);
    if (input.isLayer && segments[0] === 'python' && segments.length > 1) return own('layer python/ shared code');

    const nested = path.lastIndexOf(NESTED);
    if (nested >= 0) {
      const rest = path.slice(nested + NESTED.length).split('/');
      return vendored(packageName(rest), 'nested archive');
    }

    // The table never claims the handler's own top-level name.
    if (stripPy(segments[0] ?? '') !== handler?.top) {
      const dist = tableDist(segments);
      if (dist !== undefined) return vendored(dist, 'PyPI name table (metadata stripped)');
    }
    if (handler?.files.includes(path)) return own('handler module');
    return own('no third-party signal');
  };

  const out = new Map<string, FileOrigin>();
  for (const path of input.paths) {
    if (!path.endsWith('.py')) continue;
    if (ownGlob(path)) {
      out.set(path, own('override ownPaths'));
      continue;
    }
    if (vendoredGlob(path)) {
      // Package: what the other signals say, else the top-level name (inside a nested archive, its top-level name).
      const below = bySignals(path);
      const rest = path.slice(path.lastIndexOf(NESTED) + 1).replace(/^\//, '').split('/');
      out.set(path, vendored(below.origin === 'vendored' ? below.package : packageName(rest), 'override vendoredPaths'));
    } else {
      out.set(path, bySignals(path));
    }
  }
  return out;
}

function stripPy(name: string): string {
  return name.endsWith('.py') ? name.slice(0, -3) : name;
}

function matcher(globs: string[] | undefined): (path: string) => boolean {
  if (!globs || globs.length === 0) return () => false;
  return picomatch(globs, { dot: true });
}

function longestClaim(claims: Claim[], path: string): Claim | null {
  let best: Claim | null = null;
  for (const c of claims) {
    if ((path === `${c.prefix}.py` || path.startsWith(`${c.prefix}/`)) && (best === null || c.prefix.length > best.prefix.length)) {
      best = c;
    }
  }
  return best;
}

/** Paths listed file by file (RECORD, installed-files.txt), and name claims (top_level.txt, folder name). */
function metadataClaims(input: ClassifyInput): { files: Map<string, { dist: string; signal: string }>; claims: Claim[] } {
  const files = new Map<string, { dist: string; signal: string }>();
  const claims: Claim[] = [];
  const texts = new Map(input.metadata.map((m) => [m.path, m.text]));
  const dirs = infoDirs(input.paths).sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  for (const info of dirs) {
    const record = texts.get(`${info.dir}/RECORD`);
    const installed = texts.get(`${info.dir}/installed-files.txt`);
    const topLevel = texts.get(`${info.dir}/top_level.txt`);
    const lists: Array<[string | undefined, string, string]> = [
      [record, info.site, 'dist-info RECORD'],
      [installed, `${info.dir}/`, 'egg-info installed-files.txt'],
    ];
    for (const [text, base, signal] of lists) {
      if (text === undefined) continue;
      for (const path of listedPaths(text, base, info.site)) {
        if (!files.has(path)) files.set(path, { dist: info.dist, signal });
      }
    }
    if (topLevel !== undefined) {
      for (const name of topLevelNames(topLevel)) claims.push({ prefix: info.site + name, dist: info.dist, signal: `${info.kind} top_level.txt` });
    } else if (record === undefined && installed === undefined) {
      // Bare metadata (e.g. a single `foo-1.0.egg-info` file): the usual import name is the dist name.
      claims.push({ prefix: info.site + info.dist.replaceAll('-', '_'), dist: info.dist, signal: `${info.kind} name` });
    }
  }
  return { files, claims };
}

/** `app.lambda_handler` → app.py | app/__init__.py; `src/app.handler` → src/app.py. */
export function handlerModule(handler: string | null): { files: string[]; top: string } | null {
  if (handler === null) return null;
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return null;
  const mod = handler.slice(0, dot);
  const slash = mod.lastIndexOf('/');
  const base = mod.slice(0, slash + 1) + mod.slice(slash + 1).replaceAll('.', '/');
  return { files: [`${base}.py`, `${base}/__init__.py`], top: base.split('/')[0] ?? base };
}
