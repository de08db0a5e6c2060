/** Reading pip/setuptools install metadata (dist-info, egg-info) found among package paths. */
import { posix } from 'node:path';

const INFO_DIR = /^(.*?)([^/]+)\.(dist-info|egg-info)(?:\/|$)/;

/** Which metadata files the caller must read and pass in `metadata`. */
const WANTED = /(?:^|\/)[^/]+\.(?:dist-info\/(?:RECORD|top_level\.txt)|egg-info\/(?:top_level\.txt|installed-files\.txt))$/;

export function metadataPaths(paths: string[]): string[] {
  return paths.filter((p) => WANTED.test(p)).sort();
}

/** PEP 503 normalised distribution name. */
export function normaliseDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export interface InfoDir {
  /** `python/lib/python3.12/site-packages/` or `` (the package root) or `.requirements.zip!/`. */
  site: string;
  /** Full path of the info directory, without trailing slash. */
  dir: string;
  kind: 'dist-info' | 'egg-info';
  dist: string;
}

/** The dist-info / egg-info directories (or egg-info files) present among `paths`. */
export function infoDirs(paths: string[]): InfoDir[] {
  const found = new Map<string, InfoDir>();
  for (const path of paths) {
    // The lazy regex is slow on long paths; most paths have no metadata folder at all.
    if (!path.includes('.dist-info') && !path.includes('.egg-info')) continue;
    const m = INFO_DIR.exec(path);
    if (!m) continue;
    const site = m[1] ?? '';
    const stem = m[2] ?? '';
    const kind = m[3] === 'dist-info' ? 'dist-info' : 'egg-info';
    const dir = `${site}${stem}.${kind}`;
    if (found.has(dir)) continue;
    // `name-version[-pyX.Y]`: the name never holds a `-` in these folder names.
    const dist = normaliseDist(stem.split('-')[0] ?? stem);
    found.set(dir, { site, dir, kind, dist });
  }
  return [...found.values()];
}

/** File paths listed by a RECORD (relative to the site) or installed-files.txt (relative to the info dir). */
export function listedPaths(text: string, base: string, site: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const field = firstCsvField(line).trim();
    if (field === '' || field.startsWith('/')) continue;
    const joined = posix.normalize(posix.join(base === '' ? '.' : base, field));
    // Entries that leave the site (scripts in ../../bin) are not part of the package tree.
    if (joined.startsWith('../') || joined === '..' || !joined.startsWith(site)) continue;
    out.push(joined);
  }
  return out;
}

function firstCsvField(line: string): string {
  if (!line.startsWith('"')) {
    const comma = line.indexOf(',');
    return comma < 0 ? line : line.slice(0, comma);
  }
  let out = '';
  for (let i = 1; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      if (line[i + 1] === '"') {
        out += '"';
        i++;
      } else return out;
    } else out += c;
  }
  return out;
}

/** Names in a top_level.txt (one per line; dotted names become paths). */
export function topLevelNames(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => /^[A-Za-z0-9_][A-Za-z0-9_./]*$/.test(l) && !l.includes('..'))
    .map((l) => l.replaceAll('.', '/'));
}
