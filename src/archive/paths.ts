export type EntryName = { ok: true; path: string; backslashes: boolean } | { ok: false; reason: string };

/**
 * Normalises a zip entry name to a relative posix path, or says why it must be refused.
 * Backslashes count as separators so `..\evil.py` and `C:\x` cannot slip past as one odd
 * file name; `.` and empty segments are dropped.
 */
export function checkEntryName(name: string): EntryName {
  if (name.includes('\0')) return { ok: false, reason: 'contains a NUL byte' };
  const backslashes = name.includes('\\');
  const slashed = backslashes ? name.replaceAll('\\', '/') : name;
  if (/^[A-Za-z]:/.test(slashed)) return { ok: false, reason: 'has a drive letter' };
  if (slashed.startsWith('/')) return { ok: false, reason: 'is an absolute path' };
  const segments = slashed.split('/');
  if (segments.includes('..')) return { ok: false, reason: 'has a parent-directory (..) segment' };
  const path = segments.filter((s) => s !== '' && s !== '.').join('/');
  return { ok: true, path, backslashes };
}
