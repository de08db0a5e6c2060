/**
 * Edge validation of reports and baseline files against docs/report-schema.json and docs/baseline-schema.json.
 * The schemas are read from disk (not imported) because tsconfig.build's rootDir is src/: a JSON import of docs/
 * would not compile into dist/. The package root is found by walking up from this module to package.json,
 * which works from src/ (tsx) and dist/ alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ConfigError } from '../core/errors.js';
import type { BaselineFile, Report } from '../core/types.js';

// ajv and ajv-formats are CommonJS with `exports.default`; under NodeNext the default import is module.exports.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export type SchemaName = 'report-schema.json' | 'baseline-schema.json';

let root: string | undefined;

/** Directory holding lambda-audit's package.json. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown };
      if (pkg.name === 'lambda-audit') return (root = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('lambda-audit package root (package.json) not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function schemaPath(name: SchemaName): string {
  return join(packageRoot(), 'docs', name);
}

export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaPath(name), 'utf8')) as Record<string, unknown>;
}

interface Validators {
  report: ValidateFunction<Report>;
  baseline: ValidateFunction<BaselineFile>;
}

let validators: Validators | undefined;

function getValidators(): Validators {
  if (validators) return validators;
  const ajv = new Ajv2020({ allErrors: false, strict: true, strictTypes: false });
  addFormats(ajv);
  ajv.addSchema(loadSchema('baseline-schema.json'));
  ajv.addSchema(loadSchema('report-schema.json'));
  const report = ajv.getSchema<Report>('https://lambda-audit.invalid/schemas/report-schema.json');
  const baseline = ajv.getSchema<BaselineFile>('https://lambda-audit.invalid/schemas/baseline-schema.json');
  if (!report || !baseline) throw new Error('lambda-audit schemas did not compile');
  return (validators = { report, baseline });
}

/** `/findings/3/status must be equal to one of the allowed values: open, acknowledged, suppressed` */
export function describeSchemaError(err: ErrorObject): string {
  const where = err.instancePath === '' ? '(top level)' : err.instancePath;
  const params = err.params as Record<string, unknown>;
  let detail = err.message ?? 'is invalid';
  if (Array.isArray(params['allowedValues'])) detail += ': ' + params['allowedValues'].map(String).join(', ');
  else if (typeof params['additionalProperty'] === 'string') detail += `: '${params['additionalProperty']}'`;
  else if ('allowedValue' in params) detail += `: ${JSON.stringify(params['allowedValue'])}`;
  return `${where} ${detail}`;
}

function check<T>(validate: ValidateFunction<T>, value: unknown, source: string, what: string): T {
  if (validate(value)) return value;
  const first = validate.errors?.[0];
  throw new ConfigError(`${source}: not a valid ${what}: ${first ? describeSchemaError(first) : 'schema validation failed'}`);
}

/** Throws ConfigError naming `source` and the first schema error. */
export function validateReport(value: unknown, source: string): Report {
  if (isObject(value) && 'schemaVersion' in value && value['schemaVersion'] !== 1) {
    throw new ConfigError(`${source}: unsupported report schemaVersion ${JSON.stringify(value['schemaVersion'])} (this version reads 1)`);
  }
  return check(getValidators().report, value, source, 'lambda-audit report');
}

/** Throws ConfigError naming `source` and the first schema error. */
export function validateBaselineFile(value: unknown, source: string): BaselineFile {
  return check(getValidators().baseline, value, source, 'lambda-audit baseline file');
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
