import type { RuleMeta } from '../../rules/ap01/meta.js';
import type { Report } from '../../core/types.js';
import type { Payload, PayloadFixed, PayloadGroups, PayloadTargets } from './model.js';

class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  ref(value: string | null | undefined): number {
    if (value === null || value === undefined) return -1;
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

function emptyColumns<K extends string>(keys: readonly K[]): Record<K, number[]> {
  const out = {} as Record<K, number[]>;
  for (const k of keys) out[k] = [];
  return out;
}

export function buildPayload(report: Report, rule: RuleMeta): Payload {
  const st = new StringTable();
  const targetIndex = new Map<string, number>();
  const findingsPerTarget = new Array<number>(report.targets.length).fill(0);
  report.targets.forEach((t, i) => targetIndex.set(t.id, i));

  // Findings whose target is missing from targets[] still show, under a synthetic target.
  const extraTargets: string[] = [];
  const targetOf = (id: string): number => {
    let i = targetIndex.get(id);
    if (i === undefined) {
      i = report.targets.length + extraTargets.length;
      extraTargets.push(id);
      targetIndex.set(id, i);
      findingsPerTarget.push(0);
    }
    return i;
  };

  const groupIndex = new Map<string, number>();
  const members: number[][] = [];
  const groupKeys = ['primitive', 'kind', 'file', 'function', 'scope', 'origin', 'package', 'reason', 'snippet', 'message', 'baseline', 'firstSeen', 'line', 'column'] as const;
  const gcols = emptyColumns(groupKeys);
  const ids: string[] = [];
  report.findings.forEach((f, fi) => {
    const ti = targetOf(f.target);
    findingsPerTarget[ti] = (findingsPerTarget[ti] ?? 0) + 1;
    let g = groupIndex.get(f.id);
    if (g === undefined) {
      g = ids.length;
      groupIndex.set(f.id, g);
      ids.push(f.id);
      members.push([]);
      gcols.primitive.push(st.ref(f.primitive));
      gcols.kind.push(st.ref(f.kind));
      gcols.file.push(st.ref(f.file));
      gcols.function.push(st.ref(f.function));
      gcols.scope.push(st.ref(f.scope));
      gcols.origin.push(st.ref(f.origin));
      gcols.package.push(st.ref(f.package));
      gcols.reason.push(st.ref(f.reason));
      gcols.snippet.push(st.ref(f.snippet));
      gcols.message.push(st.ref(f.message));
      gcols.baseline.push(st.ref(f.baseline));
      gcols.firstSeen.push(st.ref(f.firstSeen));
      gcols.line.push(f.line);
      gcols.column.push(f.column);
    } else if (gcols.reason[g] === -1 && f.reason !== null) {
      gcols.reason[g] = st.ref(f.reason);
    }
    members[g]!.push(fi);
  });

  const g: PayloadGroups = { id: ids, ...gcols, memberStart: [], memberTarget: [], memberStatus: [], memberLine: [] };
  for (const list of members) {
    g.memberStart.push(g.memberTarget.length);
    for (const fi of list) {
      const f = report.findings[fi]!;
      g.memberTarget.push(targetIndex.get(f.target)!);
      g.memberStatus.push(st.ref(f.status));
      g.memberLine.push(f.line);
    }
  }
  g.memberStart.push(g.memberTarget.length);

  const targetKeys = ['id', 'kind', 'status', 'reason', 'account', 'accountName', 'region', 'functionName', 'runtime', 'sourceFiles', 'bytes', 'notes', 'findings'] as const;
  const t: PayloadTargets = emptyColumns(targetKeys);
  report.targets.forEach((x, i) => {
    const notes = [...x.notes, ...x.parseErrors.map((p) => `parse error: ${p.file}${p.line === null ? '' : `:${p.line}`}: ${p.message}`)];
    t.id.push(st.ref(x.id));
    t.kind.push(st.ref(x.kind));
    t.status.push(st.ref(x.status));
    t.reason.push(st.ref(x.reason));
    t.account.push(st.ref(x.account));
    t.accountName.push(st.ref(x.accountName));
    t.region.push(st.ref(x.region));
    t.functionName.push(st.ref(x.functionName));
    t.runtime.push(st.ref(x.runtime));
    t.sourceFiles.push(x.sourceFiles);
    t.bytes.push(x.bytes);
    t.notes.push(notes.length === 0 ? -1 : st.ref(notes.join('\n')));
    t.findings.push(findingsPerTarget[i] ?? 0);
  });
  extraTargets.forEach((id, k) => {
    t.id.push(st.ref(id));
    t.kind.push(st.ref('unknown'));
    t.status.push(st.ref('scanned'));
    for (const key of ['reason', 'account', 'accountName', 'region', 'functionName', 'runtime', 'notes'] as const) t[key].push(-1);
    t.sourceFiles.push(0);
    t.bytes.push(0);
    t.findings.push(findingsPerTarget[report.targets.length + k] ?? 0);
  });

  const e = { target: [] as number[], code: [] as number[], message: [] as number[] };
  for (const x of report.errors) {
    e.target.push(st.ref(x.target));
    e.code.push(st.ref(x.code));
    e.message.push(st.ref(x.message));
  }

  let fx: PayloadFixed | null = null;
  if (report.fixed !== undefined) {
    const cols = emptyColumns(['file', 'primitive', 'owner', 'status', 'reason', 'firstSeen'] as const);
    for (const x of report.fixed) {
      cols.file.push(st.ref(x.file));
      cols.primitive.push(st.ref(x.primitive));
      cols.owner.push(st.ref(x.owner));
      cols.status.push(st.ref(x.status));
      cols.reason.push(st.ref(x.reason));
      cols.firstSeen.push(st.ref(x.firstSeen));
    }
    fx = { id: report.fixed.map((x) => x.id), ...cols };
  }

  return {
    v: 1,
    s: st.strings,
    rule: { ...rule, remediationOptions: [...rule.remediationOptions], exceptions: [...rule.exceptions], policy: { ...rule.policy } },
    t,
    g,
    e,
    fx,
  };
}

/**
 * JSON that is inert inside a `<script type="application/json">`: no `</script>` or `<!--` can
 * close or confuse the element, and U+2028/2029 stay escaped for older parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
