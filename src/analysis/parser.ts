import { createRequire } from 'node:module';
import * as TreeSitter from 'web-tree-sitter';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { AnalysisError, describeCause } from '../core/errors.js';

let ready: Promise<Language> | null = null;

/** Initialises the WASM runtime once per thread and loads the Python grammar, checking its ABI. */
export function loadPython(): Promise<Language> {
  ready ??= (async () => {
    const grammar = createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
    let language: Language;
    try {
      await Parser.init();
      language = await Language.load(grammar);
    } catch (err) {
      throw new AnalysisError(`cannot load the tree-sitter Python grammar (${grammar}): ${describeCause(err)}`, { cause: err });
    }
    // Read after init: the runtime fills these in when its WASM module starts.
    checkAbi(language.abiVersion, TreeSitter.MIN_COMPATIBLE_VERSION, TreeSitter.LANGUAGE_VERSION);
    return language;
  })();
  // A failed start-up may be retried (e.g. after the grammar is reinstalled).
  ready.catch(() => (ready = null));
  return ready;
}

export function checkAbi(abi: number, min: number | undefined, max: number | undefined): void {
  if (min === undefined || max === undefined) return;
  if (abi < min || abi > max) {
    throw new AnalysisError(
      `tree-sitter-python grammar ABI ${abi} is not supported by web-tree-sitter (supports ${min}..${max}); ` +
        'install matching versions of tree-sitter-python and web-tree-sitter',
    );
  }
}

export async function createPythonParser(): Promise<Parser> {
  const language = await loadPython();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Parses `source` and always frees the tree (WASM memory) when `fn` returns or throws. */
export function withParsedTree<T>(parser: Parser, source: string, fn: (tree: Tree) => T): T {
  const tree = parser.parse(source);
  if (tree === null) throw new AnalysisError('tree-sitter returned no tree');
  try {
    return fn(tree);
  } finally {
    tree.delete();
  }
}
