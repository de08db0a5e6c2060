/**
 * Rule AP-01 vocabulary as data: which modules and names belong to the threading family, which calls
 * construct or start a primitive, and how aliases canonicalise. detect.ts reads only these tables.
 */

/** Importing any of these modules (or anything from them) is an `import` finding named after the module. */
export const THREADING_MODULES: readonly string[] = ['threading', '_thread', 'queue', 'dummy_threading', 'multiprocessing.dummy'];

/** Names that are threading primitives although their module is not (canonical spelling). */
export const THREADING_NAMES: readonly string[] = ['concurrent.futures.ThreadPoolExecutor', 'multiprocessing.pool.ThreadPool'];

/** Calls that construct or start a primitive (canonical spelling). */
export const CALL_PRIMITIVES: readonly string[] = [
  ...['Thread', 'Timer', 'Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition', 'Event', 'Barrier', 'local'].map(
    (n) => `threading.${n}`,
  ),
  '_thread.start_new_thread',
  '_thread.allocate_lock',
  ...['Queue', 'LifoQueue', 'PriorityQueue', 'SimpleQueue'].map((n) => `queue.${n}`),
  'concurrent.futures.ThreadPoolExecutor',
  'multiprocessing.pool.ThreadPool',
  'multiprocessing.dummy.Pool',
  'multiprocessing.dummy.Process',
];

/** Base classes whose subclasses are `subclass` findings. */
export const SUBCLASS_PRIMITIVES: readonly string[] = ['threading.Thread', 'threading.Timer'];

/** Functions whose literal first argument names a module to import: a `dynamic-import` finding when it is threading-family. */
export const DYNAMIC_IMPORTERS: readonly string[] = ['builtins.__import__', 'importlib.import_module', 'importlib.__import__'];

/** Prefix rewrites from other spellings to the canonical one (whole dotted segments only). */
export const CANONICAL_ALIASES: ReadonlyArray<readonly [from: string, to: string]> = [
  ['dummy_threading', 'threading'],
  ['concurrent.futures.thread.ThreadPoolExecutor', 'concurrent.futures.ThreadPoolExecutor'],
];

export function canonicalName(qualified: string): string {
  for (const [from, to] of CANONICAL_ALIASES) {
    if (qualified === from) return to;
    if (qualified.startsWith(from) && qualified.charCodeAt(from.length) === 46 /* . */) return to + qualified.slice(from.length);
  }
  return qualified;
}

/** The threading-family module `module` belongs to (itself or a parent), else null. */
export function threadingModuleOf(module: string): string | null {
  for (const m of THREADING_MODULES) {
    if (module === m || (module.startsWith(m) && module.charCodeAt(m.length) === 46)) return m;
  }
  return null;
}

const CALLS = new Set(CALL_PRIMITIVES);
const SUBCLASSES = new Set(SUBCLASS_PRIMITIVES);
const NAMES = new Set(THREADING_NAMES);
const IMPORTERS = new Set(DYNAMIC_IMPORTERS);

export const isCallPrimitive = (canonical: string): boolean => CALLS.has(canonical);
export const isSubclassPrimitive = (canonical: string): boolean => SUBCLASSES.has(canonical);
export const isThreadingName = (canonical: string): boolean => NAMES.has(canonical);
export const isDynamicImporter = (qualified: string): boolean => IMPORTERS.has(qualified);

/**
 * Every dotted prefix of every name above, in all spellings. A binding whose target is not in this set
 * can never lead to a finding, so its uses need not be looked at.
 */
const RELEVANT = new Set<string>();
for (const full of [...CALL_PRIMITIVES, ...SUBCLASS_PRIMITIVES, ...DYNAMIC_IMPORTERS, ...THREADING_NAMES]) {
  const spellings = [full];
  for (const [from, to] of CANONICAL_ALIASES) if (canonicalName(from + full.slice(to.length)) === full && full.startsWith(to)) spellings.push(from + full.slice(to.length));
  for (const s of spellings) {
    const parts = s.split('.');
    for (let i = 1; i <= parts.length; i++) RELEVANT.add(parts.slice(0, i).join('.'));
  }
}
export const isRelevantTarget = (qualified: string): boolean => RELEVANT.has(qualified);

/** Whether a star import of `module` binds `name` in a way that matters to AP-01. */
export function starExports(module: string, name: string): boolean {
  return RELEVANT.has(`${module}.${name}`);
}

/** The names a star import of `module` binds that matter to AP-01. */
export function starNames(module: string): string[] {
  const prefix = `${module}.`;
  const out: string[] = [];
  for (const q of RELEVANT) if (q.startsWith(prefix) && !q.includes('.', prefix.length)) out.push(q.slice(prefix.length));
  return out;
}
