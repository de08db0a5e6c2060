import AdmZip from 'adm-zip';
import { crc32, inflateRawSync } from 'node:zlib';
import { describeCause } from '../core/errors.js';
import { Budget, DEFAULT_LIMITS, finish, formatBytes, isNestedArchive } from './budget.js';
import type { ArchiveLimits, OpenedPackage, PackageEntry } from './budget.js';
import { checkEntryName } from './paths.js';

const STORED = 0;
const DEFLATED = 8;
const BOMB = 'zip bomb';

type Header = AdmZip.IZipEntryHeader;

/**
 * Opens a zip held in memory. Nothing is ever written to disk: entries are inflated on `read()`
 * from their compressed bytes with our own caps, never by adm-zip's extract helpers.
 */
export function openZip(data: Buffer, label: string, limits: ArchiveLimits = DEFAULT_LIMITS): OpenedPackage {
  const budget: Budget = new Budget(label, limits);
  const entries: PackageEntry[] = [];
  addArchive(budget, data, '', 0, entries);
  return finish(entries, budget);
}

class Unreadable extends Error {}

function parse(data: Buffer, maxEntries: number): AdmZip.IZipEntry[] {
  const looksLikeZip = data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
  let zip: AdmZip;
  try {
    zip = new AdmZip(data, { noSort: true });
  } catch (err) {
    const msg = describeCause(err);
    if (/END header/i.test(msg) || data.length < 22) {
      throw new Unreadable(looksLikeZip ? 'truncated or corrupt zip: end of central directory not found' : 'not a zip archive');
    }
    throw new Unreadable(`truncated or corrupt zip: ${msg.replace(/^ADM-ZIP: /, '')}`);
  }
  // Checked on the directory's own count before adm-zip builds an object per record.
  const declared = zip.getEntryCount();
  if (declared > maxEntries) throw new Unreadable(`too many entries: ${declared} in one archive, cap ${maxEntries}`);
  try {
    return zip.getEntries();
  } catch (err) {
    const msg = describeCause(err).replace(/^ADM-ZIP: /, '');
    const dup = /^Duplicate entry name (.*)$/.exec(msg);
    throw new Unreadable(dup ? `ambiguous zip: entry ${dup[1]} appears twice` : `truncated or corrupt zip: ${msg}`);
  }
}

function isSymlink(h: Header): boolean {
  // Unix "version made by" with S_IFLNK in the high word of the external attributes.
  return h.made >> 8 === 3 && ((h.attr >>> 16) & 0o170000) === 0o120000;
}

/**
 * Adds the files of one archive to `out`, paths prefixed with `prefix` (`''` or `outer.zip!/`).
 * A nested archive that cannot be parsed is noted and kept as a plain entry; hostile names and
 * cap violations fail the whole package at any depth.
 */
export function addArchive(budget: Budget, data: Buffer, prefix: string, depth: number, out: PackageEntry[]): void {
  let raw: AdmZip.IZipEntry[];
  try {
    raw = parse(data, budget.limits.maxEntries);
  } catch (err) {
    if (!(err instanceof Unreadable)) throw err;
    if (depth === 0) budget.fail(err.message, err);
    budget.notes.push(`nested archive ${prefix.slice(0, -2)} not opened: ${err.message}`);
    return;
  }
  const seen = new Set<string>();
  let backslashes = 0;
  for (const e of raw) {
    const name = e.entryName;
    const checked = checkEntryName(name);
    if (!checked.ok) {
      budget.fail(`zip slip: entry ${JSON.stringify(prefix + name)} ${checked.reason}; package refused, not extracted`);
    }
    if (e.isDirectory || checked.path === '') continue;
    if (checked.backslashes) backslashes++;
    const path = prefix + checked.path;
    if (seen.has(path)) budget.fail(`ambiguous zip: entry ${path} appears twice`);
    seen.add(path);
    const h = e.header;
    if (isSymlink(h)) {
      budget.skip('symlink entries (not followed)', path);
      continue;
    }
    // Encrypted entries are skipped, not fatal: Lambda cannot unpack them either, so they are
    // not running code, and the rest of the package stays auditable. The note shows the gap.
    if (h.encrypted) {
      budget.skip('encrypted entries', path);
      continue;
    }
    if (h.method !== STORED && h.method !== DEFLATED) {
      budget.skip(`entries with unsupported compression method`, path);
      continue;
    }
    budget.admit(path, h.size, BOMB);
    let compressed: Buffer;
    try {
      compressed = e.getCompressedData();
    } catch (err) {
      budget.fail(`truncated or corrupt zip: data of entry ${path} lies outside the file`, err);
    }
    const entry = zipEntry(budget, path, h, compressed);
    out.push(entry);
    if (isNestedArchive(path)) {
      if (depth + 1 > budget.limits.maxNestingDepth) {
        budget.skip(`archives nested deeper than ${budget.limits.maxNestingDepth} (listed, not opened)`, path);
      } else {
        addArchive(budget, entry.read(), `${path}!/`, depth + 1, out);
      }
    }
  }
  if (backslashes > 0) budget.notes.push(`${backslashes} entries used backslash separators (read as /)`);
}

function zipEntry(budget: Budget, path: string, h: Header, compressed: Buffer): PackageEntry {
  const size = h.size;
  let counted = false;
  return {
    path,
    size,
    read(): Buffer {
      const room = counted ? budget.limits.maxFileBytes : budget.remaining();
      const data = inflate(budget, path, h, compressed, room);
      if (!counted) {
        counted = true;
        budget.consume(path, data.length, BOMB);
      }
      return data;
    },
  };
}

/** Inflates one entry, stopping at the smallest of its declared size, the per-file cap and the room left. */
function inflate(budget: Budget, path: string, h: Header, compressed: Buffer, room: number): Buffer {
  const { maxFileBytes, maxTotalBytes } = budget.limits;
  const limit = Math.min(h.size, maxFileBytes, room);
  const overflow = (): never => {
    if (limit === maxFileBytes) budget.fail(`${BOMB}: entry ${path} inflates past the ${formatBytes(maxFileBytes)} per-file cap`);
    if (limit === room && room < h.size) budget.fail(`${BOMB}: content passes the ${formatBytes(maxTotalBytes)} total cap at entry ${path}`);
    return budget.fail(`${BOMB}: entry ${path} inflates past its declared size of ${formatBytes(h.size)}`);
  };
  let data: Buffer;
  if (h.method === STORED) {
    if (compressed.length > limit) overflow();
    data = Buffer.from(compressed);
  } else {
    try {
      // maxOutputLength makes zlib stop (and throw) once the output passes the limit, so
      // memory stays bounded by the limit whatever the header claims.
      data = inflateRawSync(compressed, { maxOutputLength: Math.max(1, limit) });
    } catch (err) {
      if (err instanceof RangeError && (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') overflow();
      budget.fail(`truncated or corrupt zip: entry ${path} does not inflate (${describeCause(err)})`, err);
    }
    if (data.length > limit) overflow();
  }
  if (data.length !== h.size) {
    budget.fail(`truncated or corrupt zip: entry ${path} holds ${data.length} bytes but its header says ${h.size}`);
  }
  if (crc32(data) !== h.crc >>> 0) budget.fail(`corrupt zip: entry ${path} fails its CRC-32 check`);
  return data;
}
