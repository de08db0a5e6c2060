import type { OpenedPackage, PackageEntry } from '../archive/index.js';
import type { AnalysisPool } from '../analysis/pool.js';
import { mightContainFinding } from '../analysis/index.js';
import type { EntryMemo } from '../analysis/memo.js';
import { classifyOrigins, metadataPaths } from '../classify/index.js';
import { fingerprintAll, fingerprintOwner } from '../core/fingerprint.js';
import type { FileAnalysis, FileFinding, FileIssue, Finding, Origin, Target } from '../core/types.js';
import { AP01, findingMessage } from '../rules/ap01/meta.js';

export interface AnalyzeOptions {
  handler: string | null;
  isLayer: boolean;
  ownPaths: string[];
  vendoredPaths: string[];
  pool: AnalysisPool;
  /** Results by entry content key, kept across packages (vendored libraries repeat across a fleet). */
  memo?: EntryMemo;
}

export interface AnalyzedFile {
  file: string;
  origin: Origin;
  package: string | null;
  findings: FileFinding[];
}

/** What one package holds, independent of which function deployed it: cacheable by CodeSha256. */
export interface PackageAnalysis {
  files: AnalyzedFile[];
  sourceFiles: number;
  parsedFiles: number;
  sourceBytes: number;
  parseErrors: FileIssue[];
  notes: string[];
  bytes: number;
}

const isPython = (path: string): boolean => path.endsWith('.py');

export async function analyzePackage(pkg: OpenedPackage, opts: AnalyzeOptions): Promise<PackageAnalysis> {
  const paths = pkg.entries.map((e) => e.path);
  const byPath = new Map(pkg.entries.map((e) => [e.path, e]));
  const metadata = metadataPaths(paths).flatMap((path) => {
    const entry = byPath.get(path);
    return entry ? [{ path, text: entry.read().toString('utf8') }] : [];
  });
  const origins = classifyOrigins({
    paths,
    metadata,
    handler: opts.handler,
    ownPaths: opts.ownPaths,
    vendoredPaths: opts.vendoredPaths,
    isLayer: opts.isLayer,
  });

  const sources = pkg.entries.filter((e) => isPython(e.path));
  const notes = [...pkg.notes];
  if (sources.length === 0) {
    const compiled = pkg.entries.filter((e) => e.path.endsWith('.pyc')).length;
    notes.push(compiled > 0 ? `no Python source: ${compiled} .pyc file(s) only; compiled code is not analysed` : 'no Python source files');
  }

  const files: AnalyzedFile[] = [];
  const parseErrors: FileIssue[] = [];
  let parsedFiles = 0;
  let sourceBytes = 0;
  // Bounded in-flight work keeps at most a few file buffers alive per worker.
  const window = Math.max(2, opts.pool.size * 4);
  const inFlight = new Set<Promise<void>>();
  const record = (entry: PackageEntry, result: FileAnalysis): void => {
    if (result.parsed) parsedFiles++;
    if (result.parseError) parseErrors.push({ file: entry.path, line: result.parseError.line, message: result.parseError.message });
    if (result.findings.length === 0) return;
    const origin = origins.get(entry.path) ?? { origin: 'own' as const, package: null, signal: 'default' };
    files.push({ file: entry.path, origin: origin.origin, package: origin.package, findings: result.findings });
  };
  for (const entry of sources) {
    const key = opts.memo && entry.contentKey ? entry.contentKey() : null;
    const known = key === null ? undefined : opts.memo!.get(key);
    if (known !== undefined) {
      sourceBytes += entry.size;
      if (known !== null) record(entry, known);
      continue;
    }
    const bytes = entry.read();
    sourceBytes += bytes.length;
    if (!mightContainFinding(bytes)) {
      if (key !== null) opts.memo!.set(key, null);
      continue;
    }
    const task = opts.pool.analyze(entry.path, bytes).then((result) => {
      if (key !== null) opts.memo!.set(key, result);
      record(entry, result);
    });
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  parseErrors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, sourceFiles: sources.length, parsedFiles, sourceBytes, parseErrors, notes, bytes: pkg.totalBytes };
}

/** Attributes a package analysis to one target; fingerprints are built from the target's owner name. */
export function toFindings(analysis: PackageAnalysis, target: Pick<Target, 'id' | 'kind' | 'functionName'>): Finding[] {
  const targetId = target.id;
  const owner = fingerprintOwner(target);
  const flat = analysis.files.flatMap((f) =>
    f.findings.map((ff) => ({ ...ff, file: f.file, origin: f.origin, package: f.package })),
  );
  const ids = fingerprintAll(AP01.id, owner, flat);
  return flat.map((f, i) => ({
    id: ids[i]!,
    target: targetId,
    rule: AP01.id,
    kind: f.kind,
    primitive: f.primitive,
    file: f.file,
    line: f.line,
    column: f.column,
    function: f.function,
    scope: f.scope,
    origin: f.origin,
    package: f.package,
    status: f.status,
    reason: f.reason,
    snippet: f.snippet,
    message: findingMessage(f.primitive, f.kind),
  }));
}
