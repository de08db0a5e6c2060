import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ArchiveError, describeCause } from '../core/errors.js';
import { Budget, DEFAULT_LIMITS, finish, formatBytes, isNestedArchive } from './budget.js';
import type { ArchiveLimits, OpenedPackage, PackageEntry } from './budget.js';
import { addArchive } from './zip.js';

const TOO_LARGE = 'package too large';

/**
 * Walks an unpacked package. Symlinks are followed only when they resolve inside the root
 * (each real directory is walked once, so link loops end); others are skipped with a note.
 * `*.zip` files are opened like nested archives in a zip package.
 */
export async function openDirectory(dir: string, label: string, limits: ArchiveLimits = DEFAULT_LIMITS): Promise<OpenedPackage> {
  const budget: Budget = new Budget(label, limits);
  let root: string;
  try {
    root = await realpath(dir);
    if (!(await stat(root)).isDirectory()) budget.fail(`not a directory: ${dir}`);
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    budget.fail(`cannot read directory ${dir}: ${describeCause(err)}`, err);
  }
  const entries: PackageEntry[] = [];
  const walked = new Set<string>();
  const inside = (real: string): boolean => real === root || real.startsWith(root + sep);

  const links: Array<{ abs: string; rel: string }> = [];

  const addFile = async (abs: string, rel: string): Promise<void> => {
    const size = (await stat(abs)).size;
    budget.admit(rel, size, TOO_LARGE);
    const entry = fileEntry(budget, rel, abs, size);
    entries.push(entry);
    if (isNestedArchive(rel) && limits.maxNestingDepth >= 1) addArchive(budget, entry.read(), `${rel}!/`, 1, entries);
  };

  const walk = async (absDir: string, relDir: string): Promise<void> => {
    walked.add(absDir);
    const children = await readdir(absDir, { withFileTypes: true });
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const rel = relDir === '' ? child.name : `${relDir}/${child.name}`;
      const abs = join(absDir, child.name);
      if (child.isSymbolicLink()) links.push({ abs, rel });
      else if (child.isDirectory()) await walk(abs, rel);
      else if (child.isFile()) await addFile(abs, rel);
      else budget.skip('special files (sockets, fifos, devices)', rel);
    }
  };

  // Links wait until every real directory is walked, so files keep their real paths and a
  // link to a directory already listed (or a loop back up) adds nothing.
  const follow = async (abs: string, rel: string): Promise<void> => {
    const real = await realpath(abs).catch(() => null);
    if (real === null || !inside(real)) return budget.skip('symlinks leading outside the package (not followed)', rel);
    const st = await stat(real);
    if (st.isFile()) await addFile(real, rel);
    else if (st.isDirectory() && !walked.has(real)) await walk(real, rel);
    else if (st.isDirectory()) budget.skip('symlinks to directories already listed', rel);
  };

  try {
    await walk(root, '');
    for (let link = links.shift(); link !== undefined; link = links.shift()) await follow(link.abs, link.rel);
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    budget.fail(`cannot read directory ${dir}: ${describeCause(err)}`, err);
  }
  return finish(entries, budget);
}

function fileEntry(budget: Budget, path: string, abs: string, size: number): PackageEntry {
  let counted = false;
  return {
    path,
    size,
    read(): Buffer {
      const data = readCapped(budget, path, abs, counted ? budget.limits.maxFileBytes : budget.remaining());
      if (!counted) {
        counted = true;
        budget.consume(path, data.length, TOO_LARGE);
      }
      return data;
    },
  };
}

/** Reads at most `room` bytes (and the per-file cap); a file that grew past them since the walk fails. */
function readCapped(budget: Budget, path: string, abs: string, room: number): Buffer {
  const limit = Math.min(budget.limits.maxFileBytes, room);
  let fd: number;
  try {
    // O_NOFOLLOW: a file swapped for a symlink after the walk is not followed.
    fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    budget.fail(`cannot read ${path}: ${describeCause(err)}`, err);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > limit) {
      budget.fail(`${TOO_LARGE}: entry ${path} is ${formatBytes(size)}, over the ${formatBytes(limit)} left under the caps`);
    }
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}
