import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

const accountId = z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits');
const positiveInt = z.number().int().positive();

/** Every key is documented in README ("Configuration") and shown in config.example.json. */
export const configSchema = z
  .object({
    $comment: z.string().optional(),
    accounts: z.union([z.literal('all'), z.array(accountId)]).default('all'),
    excludeAccounts: z.array(accountId).default([]),
    regions: z.union([z.literal('all'), z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region looks like eu-west-1'))]).default('all'),
    roleName: z.string().min(1).default('LambdaAuditReadOnly'),
    externalId: z.string().min(2).nullable().default(null),
    profile: z.string().min(1).nullable().default(null),
    functionFilter: z.string().min(1).default('*'),
    concurrency: z
      .object({
        accounts: positiveInt.default(4),
        downloads: positiveInt.default(8),
        analysis: positiveInt.default(2),
        getFunctionPerSecond: positiveInt.max(100).default(50),
        callsPerSecond: positiveInt.max(15).default(10),
      })
      .strict()
      .default({ accounts: 4, downloads: 8, analysis: 2, getFunctionPerSecond: 50, callsPerSecond: 10 }),
    limits: z
      .object({
        maxTotalBytes: positiveInt.default(262_144_000),
        maxFileBytes: positiveInt.default(67_108_864),
        maxEntries: positiveInt.default(100_000),
        maxDownloadBytes: positiveInt.default(262_144_000),
        downloadTimeoutMs: positiveInt.default(120_000),
        downloadRetries: z.number().int().min(0).max(10).default(4),
      })
      .strict()
      .default({
        maxTotalBytes: 262_144_000,
        maxFileBytes: 67_108_864,
        maxEntries: 100_000,
        maxDownloadBytes: 262_144_000,
        downloadTimeoutMs: 120_000,
        downloadRetries: 4,
      }),
    cacheDir: z.string().min(1).nullable().default(null),
    cache: z.boolean().default(true),
    ownPaths: z.array(z.string().min(1)).default([]),
    vendoredPaths: z.array(z.string().min(1)).default([]),
    failOn: z.enum(['own', 'new', 'any', 'none']).default('own'),
    baseline: z.string().min(1).nullable().default(null),
    outDir: z.string().min(1).default('reports'),
    formats: z.array(z.enum(['json', 'html', 'sarif', 'csv'])).default(['json', 'html', 'sarif', 'csv']),
  })
  .strict();

export type AuditConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export const DEFAULT_CONFIG_FILE = 'lambda-audit.config.json';

export function parseConfig(input: unknown, source: string): AuditConfig {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new ConfigError(`${source}: ${where}: ${issue?.message ?? 'invalid configuration'}`, { target: source });
  }
  return result.data;
}

/** Reads `file`, or `./lambda-audit.config.json` when present, else the defaults. */
export async function loadConfig(file: string | null | undefined): Promise<{ config: AuditConfig; source: string | null }> {
  const path = file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  if (path === null) return { config: parseConfig({}, 'defaults'), source: null };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { target: path, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(cause as Error).message}`, { target: path, cause });
  }
  return { config: parseConfig(json, path), source: path };
}
