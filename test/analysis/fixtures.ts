/** Reads the detection fixtures and their inline `# expect: [kind] primitive; …` comments. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FileAnalysis } from '../../src/core/types.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/detection/', import.meta.url));

export interface Fixture {
  name: string;
  bytes: Buffer;
  /** `line kind primitive` keys; kind `*` when the fixture leaves it open. */
  expected: string[];
}

const KINDS = new Set(['import', 'call', 'subclass', 'dynamic-import']);

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(FIXTURE_DIR + name);
      // latin1 maps every byte to one char, so line numbers hold for any encoding the fixtures use.
      const lines = bytes.toString('latin1').split(/\r\n?|\n/);
      const utf8 = bytes.toString('utf8').split(/\r\n?|\n/);
      const expected: string[] = [];
      lines.forEach((_, i) => {
        const m = /#\s*expect:\s*(.*)$/.exec(utf8[i] ?? '');
        if (!m) return;
        for (const item of m[1]!.split(';')) {
          const words = item.trim().normalize('NFKC').split(/\s+/);
          if (words.length > 2 || words[0] === '') throw new Error(`${name}:${i + 1}: malformed expectation ${JSON.stringify(item)}`);
          const [kind, primitive] = words.length > 1 && KINDS.has(words[0]!) ? [words[0]!, words[1]!] : ['*', words[0]!];
          expected.push(`${i + 1} ${kind} ${primitive}`);
        }
      });
      return { name, bytes, expected: expected.sort() };
    });
}

/** Actual findings as keys, using `*` for the kind where the expectation leaves it open. */
export function actualKeys(result: FileAnalysis, expected: readonly string[]): string[] {
  const open = new Set(expected.filter((e) => e.split(' ')[1] === '*').map((e) => e.replace(' * ', ' ')));
  return result.findings
    .map((f) => (open.has(`${f.line} ${f.primitive}`) ? `${f.line} * ${f.primitive}` : `${f.line} ${f.kind} ${f.primitive}`))
    .sort();
}

/** The fixture without its expectation comments, so the pre-filter cannot see tokens they spell. */
export function withoutExpectations(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/#\s*expect:[^\r\n]*/g, ''), 'latin1');
}
