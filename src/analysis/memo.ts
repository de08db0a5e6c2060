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
  const memo = new Map<string, Promise<FileAnalysis>>();
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
        memo.delete(key);
        memo.set(key, known);
        return known;
      }
      const result = pool.analyze(file, bytes);
      memo.set(key, result);
      result.catch(() => memo.delete(key));
      if (memo.size > maxEntries) memo.delete(memo.keys().next().value!);
      return result;
    },
    close: () => pool.close(),
  };
}
