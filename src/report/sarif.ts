/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
import type { Finding, Report, Target } from '../core/types.js';
import { AP01, type RuleMeta } from '../rules/ap01/meta.js';
import { fingerprintOwner } from '../core/fingerprint.js';
import { writeJsonAtomic } from './json.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export type SarifLevel = 'none' | 'note' | 'warning' | 'error';
export type SarifPropertyBag = Record<string, unknown> & { tags?: string[] };

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
  properties: SarifPropertyBag;
}

export interface SarifLogicalLocation {
  name: string;
  fullyQualifiedName: string;
  kind: string;
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string };
    region: { startLine: number; startColumn?: number; snippet?: { text: string } };
  };
  logicalLocations?: SarifLogicalLocation[];
}

export interface SarifSuppression {
  kind: 'inSource' | 'external';
  status: 'accepted';
  justification: string;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  fingerprints: Record<string, string>;
  suppressions?: SarifSuppression[];
  baselineState?: 'new' | 'unchanged';
  provenance?: { firstDetectionTimeUtc: string };
  properties: SarifPropertyBag;
}

export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  descriptor?: { id: string };
  locations?: SarifLocation[];
}

export interface SarifRun {
  tool: { driver: { name: string; version: string; semanticVersion: string; rules: SarifReportingDescriptor[] } };
  automationDetails: { id: string; description: SarifMessage };
  invocations: Array<{
    executionSuccessful: boolean;
    startTimeUtc: string;
    endTimeUtc: string;
    toolExecutionNotifications: SarifNotification[];
  }>;
  results: SarifResult[];
  properties: SarifPropertyBag;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

function ruleDescriptor(rule: RuleMeta): SarifReportingDescriptor {
  const markdown = [
    `**${rule.title}** (${rule.id})`,
    '',
    rule.fullDescription,
    '',
    '### Remediation',
    '',
    rule.remediation,
    '',
    ...rule.remediationOptions.map((o) => `- ${o}`),
    '',
    '### Exceptions',
    '',
    ...rule.exceptions.map((e) => `- ${e}`),
    '',
    `Policy: ${rule.policy.document} (version ${rule.policy.version}).`,
  ].join('\n');
  const text = [
    `${rule.title} (${rule.id})`,
    rule.fullDescription,
    `Remediation: ${rule.remediation}`,
    ...rule.remediationOptions.map((o) => `* ${o}`),
    'Exceptions:',
    ...rule.exceptions.map((e) => `* ${e}`),
    `Policy: ${rule.policy.document} (version ${rule.policy.version}).`,
  ].join('\n');
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.shortDescription },
    fullDescription: { text: rule.fullDescription },
    help: { text, markdown },
    defaultConfiguration: { level: 'error' },
    properties: {
      tags: ['aws-lambda', 'python', 'threading', 'anti-pattern', 'maintainability'],
      precision: 'very-high',
      'problem.severity': 'error',
      policy: rule.policy.document,
      policyVersion: rule.policy.version,
    },
  };
}

/**
 * A relative URI reference for a package path. Each segment is percent-encoded, which keeps `!` (nested
 * archives, `.requirements.zip!/pkg/mod.py`: `!` is a legal sub-delim) and escapes spaces, `#`, `?`, `%`, `:`
 * and non-ASCII, so the result always matches the schema's `uri-reference` format.
 */
export function packagePathUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** The ARN for function and layer targets (built from the fleet fields if the id is not one), else the id. */
export function targetArn(target: Target | undefined, fallback: string): string {
  if (!target) return fallback;
  if (target.id.startsWith('arn:')) return target.id;
  if (target.kind === 'function' && target.region && target.account && target.functionName) {
    return `arn:aws:lambda:${target.region}:${target.account}:function:${target.functionName}`;
  }
  return target.id;
}

/**
 * open own code → error (a violation); vendored → note (information, per the policy's exception);
 * own acknowledged/suppressed → warning, carried as a suppression so viewers show it as dismissed.
 */
export function sarifLevel(f: Pick<Finding, 'origin' | 'status'>): SarifLevel {
  if (f.origin === 'vendored') return 'note';
  return f.status === 'open' ? 'error' : 'warning';
}

/**
 * Both kinds are `inSource`: the analyser reads them from comments in the code (`# Tech debt: …`, suppression
 * comments). A review mark from the baseline also lands here, because Finding does not record where its status
 * came from.
 */
export function sarifSuppressions(f: Pick<Finding, 'status' | 'reason'>): SarifSuppression[] | undefined {
  if (f.status === 'suppressed') return [{ kind: 'inSource', status: 'accepted', justification: f.reason ?? 'suppressed' }];
  if (f.status === 'acknowledged') return [{ kind: 'inSource', status: 'accepted', justification: `tech debt: ${f.reason ?? 'acknowledged'}` }];
  return undefined;
}

function where(target: Target | undefined, fallback: string): string {
  if (target?.functionName) return `${target.functionName} (${[target.account, target.region].filter(Boolean).join(' ')})`;
  return target?.id ?? fallback;
}

function defined(bag: Record<string, unknown>): SarifPropertyBag {
  return Object.fromEntries(Object.entries(bag).filter(([, v]) => v !== undefined));
}

function toResult(f: Finding, target: Target | undefined): SarifResult {
  const arn = targetArn(target, f.target);
  const resourceName = target ? fingerprintOwner(target) : f.target;
  const result: SarifResult = {
    ruleId: f.rule,
    ruleIndex: 0,
    level: sarifLevel(f),
    message: {
      text:
        `${f.message} ${f.origin === 'vendored' ? `Vendored package ${f.package ?? 'unknown'}` : 'Own code'}, ` +
        `${f.function === '<module>' ? 'module scope' : `in ${f.function}`}, ${where(target, f.target)}.`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: packagePathUri(f.file) },
          region: { startLine: f.line, startColumn: f.column, snippet: { text: f.snippet } },
        },
        logicalLocations: [
          { name: resourceName, fullyQualifiedName: arn, kind: 'resource' },
          { name: f.function, fullyQualifiedName: `${f.file}:${f.function}`, kind: f.function === '<module>' ? 'module' : 'function' },
        ],
      },
    ],
    partialFingerprints: { primaryLocationLineHash: `${f.id}:1` },
    fingerprints: { 'lambda-audit/v1': f.id },
    properties: defined({
      account: target?.account,
      accountName: target?.accountName,
      region: target?.region,
      functionName: target?.functionName,
      target: f.target,
      origin: f.origin,
      package: f.package,
      primitive: f.primitive,
      kind: f.kind,
      scope: f.scope,
      status: f.status,
      fingerprint: f.id,
      baseline: f.baseline,
      firstSeen: f.firstSeen,
      tags: [f.origin, f.kind, f.scope],
    }),
  };
  const suppressions = sarifSuppressions(f);
  if (suppressions) result.suppressions = suppressions;
  if (f.baseline) result.baselineState = f.baseline;
  if (f.firstSeen) result.provenance = { firstDetectionTimeUtc: f.firstSeen };
  return result;
}

function notifications(report: Report): SarifNotification[] {
  const out: SarifNotification[] = report.errors.map((e) => ({
    level: 'error',
    message: { text: `${e.target ?? 'audit'}: ${e.message}` },
    descriptor: { id: e.code },
  }));
  for (const t of report.targets) {
    for (const p of t.parseErrors) {
      out.push({
        level: 'warning',
        message: { text: `${t.id}: ${p.file} did not parse cleanly (still scanned): ${p.message}` },
        descriptor: { id: 'parse-error' },
        locations: [{ physicalLocation: { artifactLocation: { uri: packagePathUri(p.file) }, region: { startLine: p.line ?? 1 } } }],
      });
    }
  }
  return out;
}

export function toSarif(report: Report): SarifLog {
  const targets = new Map(report.targets.map((t) => [t.id, t]));
  const run: SarifRun = {
    tool: { driver: { name: 'lambda-audit', version: report.tool.version, semanticVersion: report.tool.version, rules: [ruleDescriptor(AP01)] } },
    // GitHub takes everything before the last `/` as the analysis category, so uploads of later audits
    // replace earlier ones (and close fixed alerts) instead of piling up per date.
    automationDetails: {
      id: `lambda-audit/${AP01.id}/${report.startedAt}`,
      description: { text: `lambda-audit ${AP01.id} audit started ${report.startedAt}` },
    },
    invocations: [
      {
        executionSuccessful: report.summary.complete,
        startTimeUtc: report.startedAt,
        endTimeUtc: report.finishedAt,
        toolExecutionNotifications: notifications(report),
      },
    ],
    results: report.findings.map((f) => toResult(f, targets.get(f.target))),
    properties: defined({ summary: report.summary, fixed: report.fixed?.length }),
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** Atomic; results are streamed one by one. */
export async function writeSarif(report: Report, file: string): Promise<void> {
  await writeJsonAtomic(file, toSarif(report), 5);
}
