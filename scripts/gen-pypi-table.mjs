#!/usr/bin/env node
/**
 * Generates data/pypi-top-level.json: import name → PyPI distribution name, for classifying
 * vendored code whose metadata (dist-info / egg-info) was stripped from a Lambda package.
 *
 * Source: Debian's Contents index of the base suite (`main`, Contents-all + Contents-amd64),
 * which lists every file of every Debian package. Get it as root with
 *   apt-get install apt-file lz4 && apt-file update
 * then run `node scripts/gen-pypi-table.mjs` (reads /var/lib/apt/lists/*_main_Contents-*).
 * Only the base suite is read (not -updates/-security) so the table follows one release.
 *
 * For each Debian package, files under usr/lib/python3/dist-packages/ give
 *   - distribution names: `<name>-<version>.dist-info/…`, `<name>-<version>.egg-info[/…]`
 *     (normalised as PEP 503: lowercase, runs of `-_.` → `-`);
 *   - top-level import names: `<top>/…` directories and `<top>.py` / `<top>*.so` modules.
 * Filters ("widely used", unambiguous):
 *   - only Debian packages named `python3-*` (libraries, not applications) that ship a
 *     dist-info or egg-info (the distribution name is known);
 *   - widely used: at least MIN_RDEPS other Debian packages depend on (or recommend) the
 *     package, counted from the same suite's Packages index (binary-amd64); a less used one
 *     only for import names equal to its own distribution name (`s3transfer`, `aws_xray_sdk`);
 *   - a package with several distributions maps only tops whose name matches one of them;
 *   - a top-level name claimed by two different distributions is dropped, but its
 *     unambiguous sub-packages are kept as `top/sub` (namespace packages such as `google/protobuf`);
 *   - names own code commonly uses (GENERIC below), private/dunder-only names, and
 *     non-identifiers are left out.
 * Output is sorted and deterministic; it is checked in and never edited by hand.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

const LISTS = process.env.APT_LISTS ?? '/var/lib/apt/lists';
const PREFIX = 'usr/lib/python3/dist-packages/';
const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'pypi-top-level.json');

/** Module names too common in organisations' own code to be taken as a third-party sign. */
const GENERIC = new Set(
  `api apis app apps auth aws base bin build case channels cli client clients cluster commands common conf config
  configs constants core data database db dev diagrams distance doc docs echo em errors exam example examples
  exceptions ext extensions extras fire first fixtures function functions genetic guardian handler handlers helper
  helpers index infinity internal lambda_function lambda_handler layer layers lazy lib libs limits log logger
  logging_utils mailer main migrate mime model models music network noise notebook pager param parse path pattern
  plugins power presets priority prison progress promise public q releases resources retry routes rows rules run
  schedule schema schemas script scripts server service services settings setup share shared site sphere sql src
  storages store storm swapper tasks test testing tests tf timeline tools types util utils validate vendor version
  views volatile waiting worker workers`.split(/\s+/),
);

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const META = /^([^-/]+)(?:-[^/]*)?\.(?:dist|egg)-info$/;

const MIN_RDEPS = 2;

const normalise = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');

function indexFiles(pattern, hint) {
  const names = readdirSync(LISTS)
    .filter((f) => pattern.test(f))
    .sort();
  if (names.length === 0) throw new Error(`no ${hint} in ${LISTS}: run apt-get install apt-file lz4 && apt-file update`);
  return names.map((f) => join(LISTS, f));
}

/** Debian package → how many other packages Depend/Pre-Depend/Recommend it. */
async function reverseDependencies() {
  const users = new Map();
  let pkg = '';
  for (const file of indexFiles(/_dists_[^_-]+_main_binary-amd64_Packages(\.lz4|\.gz)?$/, 'Packages index')) {
    for await (const line of lines(file)) {
      if (line.startsWith('Package: ')) pkg = line.slice(9).trim();
      const field = /^(?:Depends|Pre-Depends|Recommends): (.*)$/.exec(line);
      if (!field) continue;
      for (const alt of field[1].split(/[,|]/)) {
        const dep = alt.trim().replace(/\s*\(.*$/, '').replace(/:any$/, '');
        if (!dep.startsWith('python3-') || dep === pkg) continue;
        let set = users.get(dep);
        if (!set) users.set(dep, (set = new Set()));
        set.add(pkg);
      }
    }
  }
  return new Map([...users].map(([dep, set]) => [dep, set.size]));
}

function suiteDate(file) {
  const m = /^(.*_dists_[^_]+)_main_/.exec(file);
  for (const release of [`${m?.[1]}_InRelease`, `${m?.[1]}_Release`]) {
    if (!existsSync(release)) continue;
    const date = /^Date: (.+)$/m.exec(readFileSync(release, 'utf8'));
    if (date) return date[1];
  }
  return null;
}

function lines(file) {
  let input;
  if (file.endsWith('.lz4')) {
    const child = spawn('lz4cat', [file], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', (err) => {
      throw new Error(`lz4cat is needed for ${file} (apt-get install lz4): ${err.message}`);
    });
    input = child.stdout;
  } else if (file.endsWith('.gz')) {
    input = createReadStream(file).pipe(createGunzip());
  } else {
    input = createReadStream(file);
  }
  return createInterface({ input, crlfDelay: Infinity });
}

/** @returns {string | null} the import name a dist-packages entry provides at top level */
function topName(first, nested) {
  if (nested) return IDENT.test(first) ? first : null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\.py|(?:\.[A-Za-z0-9_-]+)*\.so)$/.exec(first);
  return m ? m[1] : null;
}

async function main() {
  /** Debian package → { dists: Set, tops: Map<top, Set<sub>> } */
  const pkgs = new Map();
  const files = indexFiles(/_dists_[^_-]+_main_Contents-(all|amd64)(\.lz4|\.gz)?$/, 'Contents index');
  const rdeps = await reverseDependencies();
  for (const file of files) {
    for await (const line of lines(file)) {
      if (!line.startsWith(PREFIX)) continue;
      const cut = line.search(/\s+\S+$/);
      if (cut < 0) continue;
      const rel = line.slice(PREFIX.length, cut).trim();
      const owners = line
        .slice(cut)
        .trim()
        .split(',')
        .filter((o) => /^[^/]+\/python3-/.test(o))
        .map((o) => o.slice(o.indexOf('/') + 1));
      if (owners.length === 0) continue;
      const parts = rel.split('/');
      const first = parts[0];
      for (const owner of owners) {
        let info = pkgs.get(owner);
        if (!info) pkgs.set(owner, (info = { dists: new Set(), tops: new Map() }));
        const meta = META.exec(first);
        if (meta) {
          info.dists.add(normalise(meta[1]));
          continue;
        }
        const top = topName(first, parts.length > 1);
        if (top === null || top === '__pycache__') continue;
        let subs = info.tops.get(top);
        if (!subs) info.tops.set(top, (subs = new Set()));
        if (parts.length > 2 && IDENT.test(parts[1]) && parts[1] !== '__pycache__') subs.add(parts[1]);
        else if (parts.length === 2) {
          const sub = topName(parts[1], false);
          if (sub !== null && sub !== '__init__') subs.add(sub);
        }
      }
    }
  }

  /** name (`top` or `top/sub`) → Set of dists, over all packages so ambiguity is seen in full */
  const claims = new Map();
  /** names that some widely used package (or a self-named one) provides */
  const wide = new Set();
  const claim = (name, dist, widely) => {
    let set = claims.get(name);
    if (!set) claims.set(name, (set = new Set()));
    set.add(dist);
    if (widely || normalise(name.split('/').pop()) === dist) wide.add(name);
  };
  for (const [deb, { dists, tops }] of pkgs) {
    if (dists.size === 0) continue;
    const widely = (rdeps.get(deb) ?? 0) >= MIN_RDEPS;
    for (const [top, subs] of tops) {
      const dist = dists.size === 1 ? [...dists][0] : [...dists].find((d) => d === normalise(top));
      if (dist === undefined) continue;
      claim(top, dist, widely);
      for (const sub of subs) claim(`${top}/${sub}`, dist, widely);
    }
  }

  const modules = {};
  const usable = (name) => {
    const last = name.split('/').pop();
    return !GENERIC.has(name) && !GENERIC.has(last) && !/^_+$/.test(last) && !last.startsWith('__');
  };
  for (const name of [...claims.keys()].sort()) {
    const dists = claims.get(name);
    if (dists.size !== 1 || !wide.has(name) || !usable(name)) continue;
    const top = name.split('/')[0];
    if (name.includes('/')) {
      // Sub-packages only stand in for a namespace top claimed by several distributions.
      const topDists = claims.get(top);
      if (!topDists || topDists.size < 2 || GENERIC.has(top)) continue;
    }
    modules[name] = [...dists][0];
  }

  const date = suiteDate(files[0]);
  const out = {
    source: `Debian ${/_dists_([^_]+)_/.exec(files[0])?.[1] ?? '?'} main Contents index (${files
      .map((f) => f.replace(/^.*_main_/, ''))
      .join(', ')}) for files under ${PREFIX}, with the binary-amd64 Packages index for reverse dependencies`,
    sourceDate: date,
    generator: 'scripts/gen-pypi-table.mjs',
    filters:
      `python3-* packages with dist-info/egg-info; used by >= ${MIN_RDEPS} Debian packages, or the name is the ` +
      'distribution name; names claimed by one distribution only (namespace tops as top/sub); generic own-code names excluded',
    count: Object.keys(modules).length,
    modules,
  };
  writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
  process.stdout.write(`wrote ${out.count} import names to ${OUT}\n`);
}

main().catch((err) => {
  process.stderr.write(`gen-pypi-table: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
