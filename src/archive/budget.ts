import { ArchiveError } from '../core/errors.js';

export interface ArchiveLimits {
  /** Sum of all file sizes, nested archive content included. */
  maxTotalBytes: number;
  maxFileBytes: number;
  /** Files across all nesting levels. */
  maxEntries: number;
  /** A zip inside the package is depth 1, a zip inside that depth 2. */
  maxNestingDepth: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = Object.freeze({
  maxTotalBytes: 262_144_000, // Lambda's 250 MB unzipped deployment package limit
  maxFileBytes: 64 * 1024 * 1024,
  maxEntries: 100_000,
  maxNestingDepth: 2,
});

/** One file of a package. `read()` is lazy and enforces the caps; it throws ArchiveError. */
export interface PackageEntry {
  /** Relative posix path; nested archive content as `.requirements.zip!/sqlalchemy/pool/base.py`. */
  path: string;
  /** Uncompressed size (as declared by the zip header, verified on read). */
  size: number;
  read(): Buffer;
  /**
   * A key equal for entries whose content is certainly equal, computed without inflating (zip entries:
   * method, CRC, size and SHA-256 of the compressed bytes — equal compressed bytes inflate equally).
   * Absent where no cheap key exists.
   */
  contentKey?(): string;
}

export interface OpenedPackage {
  /** Sorted by path. */
  entries: PackageEntry[];
  /** Things skipped or worth knowing (symlinks, encrypted entries, archives not opened …). */
  notes: string[];
  /** Sum of entry sizes at all nesting levels. */
  totalBytes: number;
}

export function formatBytes(n: number): string {
  const mib = n / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  return `${n} bytes`;
}

/** Caps and running totals shared by one package and every archive nested in it. */
export class Budget {
  entries = 0;
  declaredBytes = 0;
  readBytes = 0;
  readonly notes: string[] = [];
  private readonly skips = new Map<string, string[]>();

  constructor(
    readonly label: string,
    readonly limits: ArchiveLimits,
  ) {}

  fail(message: string, cause?: unknown): never {
    throw new ArchiveError(message, { target: this.label, cause });
  }

  /** Groups skipped paths by reason so a package of 10 000 symlinks gives one note, not 10 000. */
  skip(reason: string, path: string): void {
    const list = this.skips.get(reason);
    if (list) list.push(path);
    else this.skips.set(reason, [path]);
  }

  flushSkips(): void {
    for (const [reason, paths] of this.skips) {
      const shown = paths.slice(0, 5).join(', ');
      this.notes.push(`${reason}: ${paths.length} skipped (${shown}${paths.length > 5 ? ', …' : ''})`);
    }
    this.skips.clear();
  }

  /**
   * Called for every file before it is exposed: entry count, declared size, declared total.
   * `what` starts the message: `zip bomb` for zip entries, `package too large` for directory files.
   */
  admit(path: string, size: number, what: string): void {
    const { maxEntries, maxFileBytes, maxTotalBytes } = this.limits;
    if (++this.entries > maxEntries) this.fail(`too many entries: more than ${maxEntries} files`);
    if (size > maxFileBytes) {
      this.fail(`${what}: entry ${path} is ${formatBytes(size)}, over the ${formatBytes(maxFileBytes)} per-file cap`);
    }
    this.declaredBytes += size;
    if (this.declaredBytes > maxTotalBytes) {
      this.fail(`${what}: content passes the ${formatBytes(maxTotalBytes)} total cap at entry ${path}`);
    }
  }

  /** Bytes a read may still produce before the total cap is hit. */
  remaining(): number {
    return Math.max(0, this.limits.maxTotalBytes - this.readBytes);
  }

  /** Records actually produced bytes, once per entry. */
  consume(path: string, n: number, what: string): void {
    this.readBytes += n;
    if (this.readBytes > this.limits.maxTotalBytes) {
      this.fail(`${what}: content passes the ${formatBytes(this.limits.maxTotalBytes)} total cap at entry ${path}`);
    }
  }
}

export function finish(entries: PackageEntry[], budget: Budget): OpenedPackage {
  budget.flushSkips();
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, notes: budget.notes, totalBytes: budget.declaredBytes };
}

export function isNestedArchive(path: string): boolean {
  return path.toLowerCase().endsWith('.zip');
}
