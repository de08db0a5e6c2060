import { existsSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig, parseConfig, type AuditConfig } from '../config/index.js';
import { AuditError, ConfigError, describeCause } from '../core/errors.js';
import type { EventSink } from '../core/events.js';
import type { Report } from '../core/types.js';
import { TOOL } from '../core/tool.js';
import { applyBaseline, createBaseline, loadBaseline, writeBaseline } from '../report/baseline.js';
import { readReport } from '../report/json.js';
import { shouldFail, type FailOn } from '../report/summary.js';
import { runLocalScan } from '../scan/local-scan.js';
import { runFleetAudit } from '../scan/fleet-audit.js';
import { startDemo } from '../demo/run.js';
import { colorEnabled, createPlainProgress, formatSummary, installInterruptHandler, runReview, startProgressUi } from '../tui/index.js';
import { EXIT } from './exit-codes.js';
import { FORMATS, writeOutputs, type Format } from './outputs.js';

interface OutputFlags {
  json?: string;
  html?: string;
  sarif?: string;
  csv?: string;
  outDir?: string;
}

interface RunFlags extends OutputFlags {
  config?: string;
  tui: boolean;
  quiet?: boolean;
  progress?: 'plain' | 'json';
  baseline?: string;
  failOn?: FailOn;
  review: boolean;
}

interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
const positive = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} takes a whole number ≥ 1, got "${value}"`);
  return n;
};

function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('--json <file>', 'write the JSON report (the source of truth) to exactly FILE')
    .option('--html <file>', 'write the self-contained HTML report to FILE')
    .option('--sarif <file>', 'write SARIF 2.1.0 to FILE')
    .option('--csv <file>', 'write CSV (one row per finding per function) to FILE')
    .option('--out-dir <dir>', 'write every format under timestamped names in DIR');
}

function addRunOptions(cmd: Command): Command {
  return addOutputOptions(cmd)
    .option('--config <file>', 'config file (default ./lambda-audit.config.json when present)')
    .option('--no-tui', 'plain progress on stderr even on a terminal')
    .option('--no-review', 'do not open the interactive review after the scan')
    .option('-q, --quiet', 'print only the summary')
    .addOption(new Option('--progress <format>', 'progress on stderr as plain text or NDJSON events').choices(['plain', 'json']))
    .option('--baseline <file>', 'previous JSON report or baseline file: mark findings new/unchanged, list fixed ones')
    .addOption(new Option('--fail-on <what>', 'which findings make the exit code 1').choices(['own', 'new', 'any', 'none']));
}

/** Flags override the config file. */
function mergeConfig(config: AuditConfig, flags: Record<string, unknown>): AuditConfig {
  const merged: Record<string, unknown> = { ...config, concurrency: { ...config.concurrency }, limits: { ...config.limits } };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) merged[key] = value;
  };
  set('accounts', flags.accounts === undefined ? undefined : flags.accounts === 'all' ? 'all' : list(String(flags.accounts)));
  set('excludeAccounts', flags.excludeAccounts === undefined ? undefined : list(String(flags.excludeAccounts)));
  set('regions', flags.regions === undefined ? undefined : flags.regions === 'all' ? 'all' : list(String(flags.regions)));
  set('roleName', flags.roleName);
  set('externalId', flags.externalId);
  set('profile', flags.profile);
  set('functionFilter', flags.functionFilter);
  set('cacheDir', flags.cacheDir);
  if (flags.cache === false) merged.cache = false;
  set('failOn', flags.failOn);
  set('baseline', flags.baseline);
  set('outDir', flags.outDir);
  const concurrency = merged.concurrency as Record<string, unknown>;
  if (flags.concurrency !== undefined) concurrency.analysis = flags.concurrency;
  if (flags.downloads !== undefined) concurrency.downloads = flags.downloads;
  if (flags.accountConcurrency !== undefined) concurrency.accounts = flags.accountConcurrency;
  return parseConfig(merged, 'flags');
}

function makeSink(flags: RunFlags, io: Io, mode: 'local' | 'fleet'): { sink: EventSink; finish: () => Promise<void>; interactive: boolean } {
  // Ink prints only its last frame when CI is set, so CI runs on a terminal get plain progress.
  const interactive = flags.tui && io.stdout.isTTY === true && !io.env.CI && flags.progress !== 'json' && !flags.quiet;
  if (interactive) {
    const ui = startProgressUi({ stdout: io.stdout, mode });
    return { sink: ui.sink, finish: ui.finish, interactive };
  }
  const plain = createPlainProgress({ stderr: io.stderr, quiet: flags.quiet === true, json: flags.progress === 'json' });
  return { sink: plain.sink, finish: async () => plain.close(), interactive };
}

async function finishRun(report: Report, config: AuditConfig, flags: RunFlags, io: Io, interactive: boolean): Promise<number> {
  let result = report;
  const baselineFile = config.baseline;
  if (baselineFile !== null) {
    if (existsSync(baselineFile)) {
      result = applyBaseline(result, await loadBaseline(baselineFile));
    } else {
      if (!flags.quiet) io.stderr.write(`lambda-audit: baseline ${baselineFile} does not exist yet: every finding counts as new\n`);
      result = applyBaseline(result, { schemaVersion: 1, kind: 'lambda-audit-baseline', createdAt: result.startedAt, entries: [] });
    }
  }
  const files: Partial<Record<Format, string>> = {};
  for (const format of FORMATS) {
    const file = flags[format];
    if (file) files[format] = file;
  }
  const anyExplicit = Object.keys(files).length > 0;
  const outDir = flags.outDir ?? (anyExplicit ? null : config.outDir);
  const written = await writeOutputs(result, { files, outDir, formats: config.formats });
  io.stdout.write(formatSummary(result, Object.fromEntries(written), { color: colorEnabled(io.stdout, io.env) }) + '\n');
  if (interactive && flags.review && process.stdin.isTTY === true) await runReview({ report: result, baselineFile });
  if (result.summary.interrupted) return EXIT.incomplete;
  if (shouldFail(result, config.failOn)) return EXIT.violations;
  return result.summary.complete ? EXIT.ok : EXIT.incomplete;
}

async function withInterrupt<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const uninstall = installInterruptHandler(() => controller.abort());
  try {
    return await run(controller.signal);
  } finally {
    uninstall();
  }
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command()
    .name('lambda-audit')
    .description('Audit Python AWS Lambda functions for threading primitives (rule AP-01).')
    .version(TOOL.version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  addRunOptions(
    program
      .command('scan-local')
      .description('scan Lambda deployment packages (.zip) or unpacked folders on disk')
      .argument('<path...>', 'zip files or directories'),
  )
    .option('--handler <handler>', 'Lambda handler of the packages, e.g. app.lambda_handler')
    .option('--concurrency <n>', 'analysis worker threads', positive('--concurrency'))
    .action(async (paths: string[], flags: RunFlags & Record<string, unknown>) => {
      const { config: fileConfig } = await loadConfig(flags.config);
      const config = mergeConfig(fileConfig, flags);
      const out = makeSink(flags, io, 'local');
      let report: Report;
      try {
        report = await withInterrupt((signal) =>
          runLocalScan(
            {
              paths,
              handler: typeof flags.handler === 'string' ? flags.handler : null,
              ownPaths: config.ownPaths,
              vendoredPaths: config.vendoredPaths,
              limits: { maxTotalBytes: config.limits.maxTotalBytes, maxFileBytes: config.limits.maxFileBytes, maxEntries: config.limits.maxEntries, maxNestingDepth: 2 },
              concurrency: config.concurrency.analysis,
              signal,
            },
            out.sink,
          ),
        );
      } finally {
        await out.finish();
      }
      code = await finishRun(report, config, flags, io, out.interactive);
    });

  const addFleetOptions = (cmd: Command): Command =>
    addRunOptions(cmd)
      .option('--accounts <ids>', 'all (default) or a comma-separated list of account ids')
      .option('--exclude-accounts <ids>', 'comma-separated account ids to leave out')
      .option('--regions <regions>', 'all (default: enabled regions) or a comma-separated list')
      .option('--role-name <name>', 'role to assume in each account (default LambdaAuditReadOnly)')
      .option('--external-id <id>', 'sts:ExternalId for AssumeRole')
      .option('--profile <name>', 'AWS profile of the starting principal')
      .option('--function-filter <glob>', 'only functions whose name matches')
      .option('--cache-dir <dir>', 'analysis cache folder')
      .option('--no-cache', 'do not read or write the analysis cache')
      .option('--concurrency <n>', 'analysis worker threads', positive('--concurrency'))
      .option('--downloads <n>', 'downloads in flight', positive('--downloads'))
      .option('--account-concurrency <n>', 'accounts audited in parallel', positive('--account-concurrency'));

  const runFleet = async (flags: RunFlags & Record<string, unknown>, endpoint: string | undefined, config: AuditConfig): Promise<void> => {
    const out = makeSink(flags, io, 'fleet');
    let report: Report;
    try {
      report = await withInterrupt((signal) => runFleetAudit({ config, endpoint, signal }, out.sink));
    } finally {
      await out.finish();
    }
    code = await finishRun(report, config, flags, io, out.interactive);
  };

  addFleetOptions(program.command('scan').description('audit every Python Lambda function of the AWS Organization')).action(
    async (flags: RunFlags & Record<string, unknown>) => {
      const { config: fileConfig } = await loadConfig(flags.config);
      await runFleet(flags, undefined, mergeConfig(fileConfig, flags));
    },
  );

  addFleetOptions(
    program.command('demo').description('run `scan` against the built-in demo organization on a local AWS emulator (no AWS account needed)'),
  ).action(async (flags: RunFlags & Record<string, unknown>) => {
    const { config: fileConfig } = await loadConfig(flags.config);
    // Without an explicit --cache-dir every demo run downloads and analyses afresh, so the demo shows the whole pipeline.
    const config = mergeConfig({ ...fileConfig, cache: flags.cacheDir !== undefined }, flags);
    const emulator = await startDemo(io.env);
    try {
      await runFleet(flags, emulator.url, config);
    } finally {
      await emulator.stop();
    }
  });

  program
    .command('report')
    .description('re-render formats from a saved JSON report, with no AWS access')
    .argument('<report>', 'a JSON report written by lambda-audit');
  addOutputOptions(program.commands.at(-1)!).action(async (file: string, flags: OutputFlags) => {
    const report = await readReport(file);
    const files: Partial<Record<Format, string>> = {};
    for (const format of FORMATS) if (flags[format]) files[format] = flags[format];
    if (Object.keys(files).length === 0 && !flags.outDir) throw new ConfigError('report: name at least one of --html, --sarif, --csv, --json or --out-dir');
    const written = await writeOutputs(report, { files, outDir: flags.outDir ?? null, formats: FORMATS });
    for (const [format, path] of written) io.stdout.write(`${format}: ${path}\n`);
  });

  program
    .command('baseline')
    .description('write a baseline (tech-debt snapshot) from a JSON report')
    .argument('<report>', 'a JSON report written by lambda-audit')
    .option('--out <file>', 'baseline file to write', 'lambda-audit.baseline.json')
    .action(async (file: string, flags: { out: string }) => {
      const report = await readReport(file);
      const baseline = createBaseline(report);
      await writeBaseline(flags.out, baseline);
      io.stdout.write(`baseline: ${flags.out} (${baseline.entries.length} findings)\n`);
    });

  program
    .command('review')
    .description('review findings of a saved JSON report in the terminal')
    .argument('<report>', 'a JSON report written by lambda-audit')
    .option('--baseline <file>', 'baseline file that acknowledge/suppress marks are written to')
    .option('--config <file>', 'config file (its "baseline" key names the baseline file)')
    .action(async (file: string, flags: { baseline?: string; config?: string }) => {
      if (io.stdout.isTTY !== true || process.stdin.isTTY !== true) {
        throw new ConfigError('review needs a terminal; use `lambda-audit report` to render files instead');
      }
      const { config } = await loadConfig(flags.config);
      const report = await readReport(file);
      await runReview({ report, baselineFile: flags.baseline ?? config.baseline });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof ConfigError) {
      io.stderr.write(`lambda-audit: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof AuditError) {
      io.stderr.write(`lambda-audit: ${err.message}\n`);
      return EXIT.incomplete;
    }
    throw err;
  }
}
