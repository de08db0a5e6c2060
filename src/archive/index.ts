/** Reading untrusted Lambda packages (zips and directories) in memory, under caps. */
export { DEFAULT_LIMITS } from './budget.js';
export type { ArchiveLimits, OpenedPackage, PackageEntry } from './budget.js';
export { openZip } from './zip.js';
export { openDirectory } from './directory.js';
