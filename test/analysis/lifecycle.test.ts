import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tree } from 'web-tree-sitter';
import { createAnalyzer } from '../../src/analysis/index.js';
import { checkAbi, createPythonParser, withParsedTree } from '../../src/analysis/parser.js';
import { AnalysisError } from '../../src/core/errors.js';

/** Counts Tree.prototype.delete calls while `fn` runs. */
async function countDeletes(fn: () => Promise<void> | void): Promise<{ deleted: number }> {
  const original = Tree.prototype.delete;
  let deleted = 0;
  Tree.prototype.delete = function (this: Tree) {
    deleted++;
    original.call(this);
  };
  try {
    await fn();
  } finally {
    Tree.prototype.delete = original;
  }
  return { deleted };
}

describe('tree lifecycle', () => {
  it('withParsedTree deletes the tree when the callback returns', async () => {
    const parser = await createPythonParser();
    const { deleted } = await countDeletes(() => {
      const kind = withParsedTree(parser, 'import threading\n', (tree) => tree.rootNode.firstNamedChild?.type);
      assert.equal(kind, 'import_statement');
    });
    assert.equal(deleted, 1);
    parser.delete();
  });

  it('withParsedTree deletes the tree when the callback throws', async () => {
    const parser = await createPythonParser();
    let seen: Tree | null = null;
    const { deleted } = await countDeletes(() => {
      assert.throws(
        () =>
          withParsedTree(parser, 'x = 1\n', (tree) => {
            seen = tree;
            throw new Error('boom');
          }),
        /boom/,
      );
    });
    assert.equal(deleted, 1);
    assert.ok(seen !== null);
    parser.delete();
  });

  it('the analyzer frees one tree per parsed file and none for pre-filtered files', async () => {
    const analyzer = await createAnalyzer();
    const { deleted } = await countDeletes(() => {
      for (let i = 0; i < 5; i++) analyzer.analyze('a.py', Buffer.from(`import threading\nx${i} = threading.Lock()\n`));
      for (let i = 0; i < 3; i++) analyzer.analyze('b.py', Buffer.from('import os\n'));
    });
    assert.equal(deleted, 5);
    analyzer.dispose();
    assert.throws(() => analyzer.analyze('c.py', Buffer.from('import threading\n')), AnalysisError);
  });
});

describe('grammar ABI check', () => {
  it('accepts the range and rejects outside it with an AnalysisError', () => {
    assert.doesNotThrow(() => checkAbi(14, 13, 15));
    assert.throws(() => checkAbi(16, 13, 15), (e: unknown) => e instanceof AnalysisError && /ABI 16.*13\.\.15/.test(e.message));
    assert.throws(() => checkAbi(12, 13, 15), AnalysisError);
  });
});
