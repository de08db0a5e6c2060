import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigError, describeCause } from '../core/errors.js';
import type { Report } from '../core/types.js';
import { validateReport } from './schema.js';

const FLUSH_AT = 1 << 20;

/**
 * Writes `chunks` to a temp file beside `file`, fsyncs and renames it over `file`, so readers never see a
 * partial file. On any error (including one thrown by the chunk generator) the temp file is removed.
 * Chunks are batched into ~1 MiB writes: no whole-document string is built.
 */
export async function writeAtomic(file: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o644);
  let closed = false;
  try {
    let buf = '';
    for await (const chunk of chunks) {
      buf += chunk;
      if (buf.length >= FLUSH_AT) {
        await handle.write(buf);
        buf = '';
      }
    }
    if (buf.length > 0) await handle.write(buf);
    await handle.sync();
    await handle.close();
    closed = true;
    await rename(tmp, file);
  } catch (err) {
    if (!closed) await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/**
 * Yields the same text as `JSON.stringify(value, null, 2)`, but streams arrays and objects down to `depth`
 * levels so a report with 100k findings is written item by item.
 */
export function* jsonChunks(value: unknown, depth = 3, indent = ''): Generator<string> {
  if (depth <= 0 || value === null || typeof value !== 'object') {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    yield indent === '' ? text : text.replace(/\n/g, '\n' + indent);
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield inner;
      // JSON.stringify writes undefined array items as null.
      yield* jsonChunks(value[i] === undefined ? null : value[i], depth - 1, inner);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    return yield indent + ']';
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) return yield '{}';
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    yield `${inner}${JSON.stringify(k)}: `;
    yield* jsonChunks(v, depth - 1, inner);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield indent + '}';
}

/** Writes a pretty JSON document atomically, streamed (see jsonChunks). */
export async function writeJsonAtomic(file: string, value: unknown, depth = 3): Promise<void> {
  await writeAtomic(file, (function* () {
    yield* jsonChunks(value, depth);
    yield '\n';
  })());
}

/** Writes the report (schemaVersion 1) as pretty JSON, atomically. Output equals JSON.stringify(report, null, 2) + newline. */
export async function writeJsonReport(report: Report, file: string): Promise<void> {
  await writeJsonAtomic(file, report, 2);
}

/** Reads and parses a JSON file; ConfigError naming the file when it is missing or not JSON. */
export async function readJsonFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `${file}: ${what} not found` : `${file}: cannot read ${what}: ${describeCause(err)}`, { cause: err });
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (err) {
    throw new ConfigError(`${file}: ${what} is not valid JSON: ${describeCause(err)}`, { cause: err });
  }
}

/** Reads a JSON report and validates it against docs/report-schema.json; ConfigError on bad input. */
export async function readReport(file: string): Promise<Report> {
  return validateReport(await readJsonFile(file, 'report'), file);
}
