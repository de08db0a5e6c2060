import { Parser } from 'web-tree-sitter';
import { AnalysisError, describeCause } from '../core/errors.js';
import type { FileAnalysis } from '../core/types.js';
import { detectAp01 } from '../rules/ap01/detect.js';
import { decodeWith, detectEncoding } from './encoding.js';
import { loadPython, withParsedTree } from './parser.js';
import { skipWithoutParsing } from './prefilter.js';
import { importStatements, python2Statements } from './python.js';
import { firstSyntaxProblem, SourceLines } from './source.js';

export { decodePython } from './encoding.js';
export { mightContainFinding } from './prefilter.js';
export { withParsedTree } from './parser.js';

export interface PythonAnalyzer {
  analyze(file: string, bytes: Uint8Array): FileAnalysis;
  dispose(): void;
}

/** One parser per analyzer, reused for every file; not shared between threads. */
export async function createAnalyzer(): Promise<PythonAnalyzer> {
  const language = await loadPython();
  const parser = new Parser();
  parser.setLanguage(language);
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
          const lines = new SourceLines(text);
          return {
            findings: detectAp01({ text, root, lines, imports: importStatements(root, text) }),
            parseError: firstSyntaxProblem(root, lines, python2Statements(root, text)),
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
      parser.delete();
    },
  };
}
