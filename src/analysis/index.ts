import { Parser, Query, type Node } from 'web-tree-sitter';
import { AnalysisError, describeCause } from '../core/errors.js';
import type { FileAnalysis } from '../core/types.js';
import { detectAp01 } from '../rules/ap01/detect.js';
import { decodeWith, detectEncoding } from './encoding.js';
import { loadPython, withParsedTree } from './parser.js';
import { skipWithoutParsing } from './prefilter.js';
import { firstSyntaxProblem, SourceLines } from './source.js';

export { decodePython } from './encoding.js';
export { mightContainFinding } from './prefilter.js';
export { withParsedTree } from './parser.js';

export interface PythonAnalyzer {
  analyze(file: string, bytes: Uint8Array): FileAnalysis;
  dispose(): void;
}

/** Imports bind names; Python 2 statements are valid to the grammar but are syntax errors for Lambda's Python 3. */
const QUERY = `
(import_statement) @import
(import_from_statement) @import
(print_statement) @py2
(exec_statement) @py2
`;

/** One parser and one compiled query per analyzer; not shared between threads. */
export async function createAnalyzer(): Promise<PythonAnalyzer> {
  const language = await loadPython();
  const parser = new Parser();
  parser.setLanguage(language);
  const query = new Query(language, QUERY);
  let disposed = false;
  return {
    analyze(file, bytes) {
      if (disposed) throw new AnalysisError('analyzer used after dispose()');
      const skip = skipWithoutParsing(bytes);
      if (skip !== null) return skip;
      const enc = detectEncoding(bytes);
      const text = decodeWith(bytes, enc);
      try {
        return withParsedTree(parser, text, (tree) => {
          const root = tree.rootNode;
          const imports: Node[] = [];
          const python2: Node[] = [];
          for (const c of query.captures(root)) (c.name === 'py2' ? python2 : imports).push(c.node);
          const lines = new SourceLines(text);
          return {
            findings: detectAp01({ text, root, lines, imports }),
            parseError: firstSyntaxProblem(root, lines, python2),
            encoding: enc.encoding,
            parsed: true,
          };
        });
      } catch (err) {
        throw new AnalysisError(`${file}: analysis failed: ${describeCause(err)}`, { cause: err });
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      query.delete();
      parser.delete();
    },
  };
}
