import { createHash } from 'node:crypto';
import type { FileAnalysis } from '../core/types.js';
import type { AnalysisPool } from './pool.js';

/** About 100 bytes of key plus a small result each: tens of MB at most. */
export const DEFAULT_MEMO_ENTRIES = 100_000;

/**
 * Fleets vendor the same libraries over and over (one boto3 release in hundreds of packages), and a
 * file's analysis depends only on its bytes, so each distinct content is parsed once per run. The key
 * is SHA-256, not the zip's CRC-32: a crafted file must not borrow a clean file's result.
 * Least recently used entries go first once `maxEntries` is reached.
 */
export function withContentMemo(pool: AnalysisPool, maxEntries = DEFAULT_MEMO_ENTRIES): AnalysisPool & { readonly hits: number } {
  const memo = new LruMap<Promise<FileAnalysis>>(maxEntries);
  let hits = 0;
  return {
    size: pool.size,
    get hits() {
      return hits;
    },
    analyze(file: string, bytes: Uint8Array): Promise<FileAnalysis> {
      const key = createHash('sha256').update(bytes).digest('base64');
      const known = memo.get(key);
      if (known) {
        hits++;
        return known;
      }
      const result = pool.analyze(file, bytes);
      memo.set(key, result);
      result.catch(() => memo.delete(key));
      return result;
    },
    close: () => pool.close(),
  };
}

/** A Map that forgets its least recently used entry once it holds `max`. */
export class LruMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  delete(key: string): void {
    this.map.delete(key);
  }
}

/**
 * File results by PackageEntry.contentKey: an entry seen before in this thread is neither inflated,
 * pre-filtered nor parsed again. `null` records a file the pre-filter ruled out.
 */
export type EntryMemo = LruMap<FileAnalysis | null>;

export function createEntryMemo(maxEntries = DEFAULT_MEMO_ENTRIES): EntryMemo {
  return new LruMap<FileAnalysis | null>(maxEntries);
}
