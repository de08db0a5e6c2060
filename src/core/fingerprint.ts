import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Target } from './types.js';

export interface FingerprintInput {
  rule: string;
  /** Function name or layer name (not the ARN: stable across accounts and regions), or the local target's base name. */
  owner: string;
  /** Posix path inside the package. */
  file: string;
  /** The source line of the finding. */
  lineText: string;
  /** 0-based index among findings of this file with the same rule, owner, file and normalised text. */
  occurrence: number;
}

/** Whitespace-insensitive so re-indentation and trailing spaces keep the fingerprint. */
export function normaliseLineText(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Stable across line shifts and redeploys: no line number, account, region or ARN goes in. */
export function fingerprint(input: FingerprintInput): string {
  const h = createHash('sha256');
  h.update([input.rule, input.owner, input.file, normaliseLineText(input.lineText), String(input.occurrence)].join('\u0000'));
  return h.digest('hex').slice(0, 32);
}

/** Assigns occurrence indexes in line order, so identical lines in one file get distinct fingerprints. */
export function fingerprintAll<T extends { file: string; line: number; column: number; snippet: string }>(
  rule: string,
  owner: string,
  items: readonly T[],
): string[] {
  const order = items.map((_, i) => i).sort((a, b) => {
    const x = items[a]!;
    const y = items[b]!;
    return x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line || x.column - y.column;
  });
  const seen = new Map<string, number>();
  const out: string[] = new Array<string>(items.length);
  for (const i of order) {
    const it = items[i]!;
    const key = `${it.file}\u0000${normaliseLineText(it.snippet)}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    out[i] = fingerprint({ rule, owner, file: it.file, lineText: it.snippet, occurrence: n });
  }
  return out;
}

/**
 * The name a target's fingerprints are built from: the function name, the layer name (without its
 * version, so a new layer version keeps fingerprints), or a local target's base name without `.zip`
 * (so a moved checkout keeps them). Never an ARN, account or region.
 */
export function fingerprintOwner(target: Pick<Target, 'id' | 'kind' | 'functionName'>): string {
  if (target.kind === 'function') {
    if (target.functionName) return target.functionName;
    return /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(target.id)?.[1] ?? target.id;
  }
  if (target.kind === 'layer') return /^arn:[^:]+:lambda:[^:]*:[^:]*:layer:([^:]+)/.exec(target.id)?.[1] ?? target.id;
  return basename(target.id.replace(/[\\/]+$/, '')).replace(/\.zip$/i, '');
}
