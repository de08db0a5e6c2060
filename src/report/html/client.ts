/**
 * Browser code of the HTML report. `clientMain` is serialised with Function#toString into the page,
 * so it must stay self-contained: no imports at run time (type imports only), no outer references.
 * Untrusted text reaches the DOM only through Text nodes (append/textContent), never as markup.
 */
import type { Payload } from './model.js';

export function clientMain(): void {
  const doc = document;
  doc.documentElement.classList.add('js');
  const dataEl = doc.getElementById('report-data');
  if (dataEl === null) return;
  const P = JSON.parse(dataEl.textContent ?? '') as Payload;
  const S = P.s;
  const G = P.g;
  const T = P.t;
  const nGroups = G.id.length;
  const nTargets = T.id.length;
  const nf = new Intl.NumberFormat('en-US');
  const fmt = (n: number): string => nf.format(n);
  const str = (i: number | undefined): string => (i === undefined || i < 0 ? '' : (S[i] ?? ''));
  const sIdx = (s: string): number => S.indexOf(s);

  type Child = Node | string | null | undefined | false;
  function h<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string | null, ...children: Child[]): HTMLElementTagNameMap[K] {
    const e = doc.createElement(tag);
    if (cls) e.className = cls;
    for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
    return e;
  }
  function byId<E extends HTMLElement>(id: string): E | null {
    return doc.getElementById(id) as E | null;
  }

  // ---- Derived per-group data -------------------------------------------------------------
  const ST_OPEN = sIdx('open');
  const ST_ACK = sIdx('acknowledged');
  const ST_SUP = sIdx('suppressed');
  const VENDORED = sIdx('vendored');
  const statusBit = (s: number): number => (s === ST_OPEN ? 1 : s === ST_ACK ? 2 : s === ST_SUP ? 4 : 8);
  const statusMask = new Uint8Array(nGroups);
  for (let g = 0; g < nGroups; g++) {
    let m = 0;
    for (let k = G.memberStart[g]!; k < G.memberStart[g + 1]!; k++) m |= statusBit(G.memberStatus[k]!);
    statusMask[g] = m;
  }
  const memberCount = (g: number): number => G.memberStart[g + 1]! - G.memberStart[g]!;
  /** Worst status first: open, acknowledged, suppressed. */
  const statusRank = (g: number): number => {
    const m = statusMask[g]!;
    return m & 1 ? 0 : m & 2 ? 1 : m & 4 ? 2 : 3;
  };
  const statusLabel = (g: number): string => {
    const m = statusMask[g]!;
    if (m === 1) return 'open';
    if (m === 2) return 'acknowledged';
    if (m === 4) return 'suppressed';
    return m & 1 ? 'open (mixed)' : 'mixed';
  };

  let rankCache: Int32Array | null = null;
  /** Sort rank of every string-table entry, so sorting compares integers. */
  function rank(): Int32Array {
    if (rankCache !== null) return rankCache;
    const lower = S.map((s) => s.toLowerCase());
    const order = S.map((_, i) => i).sort((a, b) => (lower[a]! < lower[b]! ? -1 : lower[a]! > lower[b]! ? 1 : 0));
    const r = new Int32Array(S.length);
    order.forEach((si, pos) => {
      r[si] = pos;
    });
    rankCache = r;
    return r;
  }
  const rk = (i: number): number => (i < 0 ? -1 : rank()[i]!);

  let hay: string[] | null = null;
  function haystack(): string[] {
    if (hay !== null) return hay;
    hay = new Array<string>(nGroups);
    for (let g = 0; g < nGroups; g++) {
      const names = new Set<string>();
      for (let k = G.memberStart[g]!; k < G.memberStart[g + 1]!; k++) {
        const t = G.memberTarget[k]!;
        names.add(str(T.functionName[t]) || str(T.id[t]));
      }
      hay[g] = [str(G.file[g]), str(G.snippet[g]), str(G.function[g]), str(G.package[g]), str(G.primitive[g]), G.id[g], ...names].join('\n').toLowerCase();
    }
    return hay;
  }

  // ---- Generic paged table ----------------------------------------------------------------
  interface Paged {
    set(items: ArrayLike<number>): void;
  }
  function pagedTable(body: HTMLElement, nav: HTMLElement, noun: string, row: (i: number) => HTMLTableRowElement, pageSizes: number[] | null): Paged {
    let items: ArrayLike<number> = [];
    let page = 0;
    let size = 100;
    const btn = (label: string, aria: string, target: () => number, disabled: boolean): HTMLButtonElement => {
      const b = h('button', 'btn small', label);
      b.type = 'button';
      b.setAttribute('aria-label', aria);
      b.disabled = disabled;
      b.addEventListener('click', () => {
        page = target();
        draw();
        body.closest('section')?.scrollIntoView({ block: 'start' });
      });
      return b;
    };
    function draw(): void {
      const pages = Math.max(1, Math.ceil(items.length / size));
      page = Math.min(page, pages - 1);
      const start = page * size;
      const end = Math.min(items.length, start + size);
      const rows: HTMLTableRowElement[] = [];
      for (let k = start; k < end; k++) rows.push(row(items[k]!));
      if (rows.length === 0) {
        const td = h('td', 'empty', `No ${noun} match the filters.`);
        td.colSpan = 12;
        rows.push(h('tr', null, td));
      }
      body.replaceChildren(...rows);
      const info = h('span', 'page-info', items.length === 0 ? `0 ${noun}` : `${fmt(start + 1)}–${fmt(end)} of ${fmt(items.length)} ${noun}`);
      const parts: Node[] = [
        btn('«', 'First page', () => 0, page === 0),
        btn('‹ Prev', 'Previous page', () => page - 1, page === 0),
        h('span', 'page-no', `Page ${fmt(page + 1)} of ${fmt(pages)}`),
        btn('Next ›', 'Next page', () => page + 1, page >= pages - 1),
        btn('»', 'Last page', () => pages - 1, page >= pages - 1),
        info,
      ];
      if (pageSizes !== null) {
        const sel = h('select', null, ...pageSizes.map((n) => {
          const o = h('option', null, `${n} per page`);
          o.value = String(n);
          o.selected = n === size;
          return o;
        }));
        sel.setAttribute('aria-label', 'Rows per page');
        sel.addEventListener('change', () => {
          size = Number(sel.value);
          page = 0;
          draw();
        });
        parts.push(sel);
      }
      nav.replaceChildren(...parts);
      nav.hidden = items.length <= size && pageSizes === null;
    }
    return {
      set(list) {
        items = list;
        page = 0;
        draw();
      },
    };
  }

  function badge(text: string, cls: string): HTMLElement {
    return h('span', `badge ${cls}`, text);
  }
  const statusClass = (label: string): string => `st-${label.split(' ')[0]}`;

  function targetLabel(t: number): string {
    return str(T.functionName[t]) || str(T.id[t]);
  }
  function accountLabel(t: number): string {
    const a = str(T.account[t]);
    const n = str(T.accountName[t]);
    return n && a ? `${n} (${a})` : a || n;
  }

  // ---- Findings: filters, sorting, table ----------------------------------------------------
  const fOrigin = byId<HTMLSelectElement>('f-origin');
  const fStatus = byId<HTMLSelectElement>('f-status');
  const fAccount = byId<HTMLSelectElement>('f-account');
  const fRegion = byId<HTMLSelectElement>('f-region');
  const fPrimitive = byId<HTMLSelectElement>('f-primitive');
  const fBaseline = byId<HTMLSelectElement>('f-baseline');
  const fText = byId<HTMLInputElement>('f-text');
  const findingsBody = byId('findings-body');
  const findingsPager = byId('findings-pager');
  const findingsCount = byId('findings-count');
  const hasBaseline = fBaseline !== null;

  function fillSelect(sel: HTMLSelectElement | null, entries: Array<{ value: number; label: string; count: number }>): void {
    if (sel === null) return;
    entries.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
    for (const e of entries) {
      const o = h('option', null, `${e.label} (${fmt(e.count)})`);
      o.value = String(e.value);
      sel.append(o);
    }
  }
  function countBy(key: (g: number, k: number) => number, perMember: boolean, label: (v: number) => string): Array<{ value: number; label: string; count: number }> {
    const counts = new Map<number, number>();
    for (let g = 0; g < nGroups; g++) {
      for (let k = G.memberStart[g]!; k < G.memberStart[g + 1]!; k++) {
        const v = key(g, k);
        counts.set(v, (counts.get(v) ?? 0) + 1);
        if (!perMember) break;
      }
    }
    return [...counts].map(([value, count]) => ({ value, count, label: label(value) }));
  }

  // Option counts are findings (members), the unit the summary uses.
  fillSelect(fOrigin, countBy((g) => G.origin[g]!, false, (v) => (v === VENDORED ? 'Vendored' : 'Own code')).map((e) => ({ ...e, count: countMembers((g) => G.origin[g] === e.value) })));
  fillSelect(fStatus, countBy((_, k) => G.memberStatus[k]!, true, str));
  const accountNames = new Map<number, string>();
  for (let t = 0; t < nTargets; t++) if (!accountNames.has(T.account[t]!)) accountNames.set(T.account[t]!, T.account[t]! < 0 ? '(no account)' : accountLabel(t));
  fillSelect(fAccount, countBy((_, k) => T.account[G.memberTarget[k]!]!, true, (v) => accountNames.get(v) ?? str(v)));
  fillSelect(fRegion, countBy((_, k) => T.region[G.memberTarget[k]!]!, true, (v) => (v < 0 ? '(no region)' : str(v))));
  fillSelect(fPrimitive, countBy((g) => G.primitive[g]!, false, str).map((e) => ({ ...e, count: countMembers((g) => G.primitive[g] === e.value) })));
  fillSelect(fBaseline, countBy((g) => G.baseline[g]!, false, (v) => (v < 0 ? '(none)' : str(v))).map((e) => ({ ...e, count: countMembers((g) => G.baseline[g] === e.value) })));
  function countMembers(pred: (g: number) => boolean): number {
    let n = 0;
    for (let g = 0; g < nGroups; g++) if (pred(g)) n += memberCount(g);
    return n;
  }

  type SortKey = 'status' | 'primitive' | 'location' | 'origin' | 'targets' | 'baseline';
  let sortKey: SortKey = 'status';
  let sortDir = 1;
  let sorted: Int32Array = new Int32Array(0);
  function byLocation(a: number, b: number): number {
    return rk(G.file[a]!) - rk(G.file[b]!) || G.line[a]! - G.line[b]! || a - b;
  }
  const comparators: Record<SortKey, (a: number, b: number) => number> = {
    status: (a, b) => statusRank(a) - statusRank(b) || (G.origin[a] === VENDORED ? 1 : 0) - (G.origin[b] === VENDORED ? 1 : 0) || byLocation(a, b),
    primitive: (a, b) => rk(G.primitive[a]!) - rk(G.primitive[b]!) || byLocation(a, b),
    location: byLocation,
    origin: (a, b) => (G.origin[a] === VENDORED ? 1 : 0) - (G.origin[b] === VENDORED ? 1 : 0) || rk(G.package[a]!) - rk(G.package[b]!) || byLocation(a, b),
    targets: (a, b) => memberCount(a) - memberCount(b) || byLocation(a, b),
    baseline: (a, b) => rk(G.baseline[b]!) - rk(G.baseline[a]!) || byLocation(a, b),
  };
  function resort(): void {
    const cmp = comparators[sortKey];
    const dir = sortDir;
    const order = new Int32Array(nGroups);
    for (let g = 0; g < nGroups; g++) order[g] = g;
    order.sort((a, b) => dir * cmp(a, b));
    sorted = order;
    doc.querySelectorAll<HTMLButtonElement>('#findings-table button.sort').forEach((b) => {
      const th = b.parentElement;
      if (th === null) return;
      th.setAttribute('aria-sort', b.dataset['sort'] === sortKey ? (dir === 1 ? 'ascending' : 'descending') : 'none');
    });
  }

  const selValue = (sel: HTMLSelectElement | null): number | null => (sel === null || sel.value === 'all' ? null : Number(sel.value));
  function anyMember(g: number, pred: (t: number) => boolean): boolean {
    for (let k = G.memberStart[g]!; k < G.memberStart[g + 1]!; k++) if (pred(G.memberTarget[k]!)) return true;
    return false;
  }

  let matching: Int32Array = new Int32Array(0);
  function applyFilters(): void {
    const origin = selValue(fOrigin);
    const status = selValue(fStatus);
    const account = selValue(fAccount);
    const region = selValue(fRegion);
    const primitive = selValue(fPrimitive);
    const baseline = selValue(fBaseline);
    const q = (fText?.value ?? '').trim().toLowerCase();
    const statusB = status === null ? 0 : statusBit(status);
    const hs = q === '' ? null : haystack();
    const out = new Int32Array(nGroups);
    let n = 0;
    let findings = 0;
    for (let i = 0; i < nGroups; i++) {
      const g = sorted[i]!;
      if (origin !== null && G.origin[g] !== origin) continue;
      if (primitive !== null && G.primitive[g] !== primitive) continue;
      if (baseline !== null && G.baseline[g] !== baseline) continue;
      if (status !== null && (statusMask[g]! & statusB) === 0) continue;
      if (account !== null && !anyMember(g, (t) => T.account[t] === account)) continue;
      if (region !== null && !anyMember(g, (t) => T.region[t] === region)) continue;
      if (hs !== null && !hs[g]!.includes(q)) continue;
      out[n++] = g;
      findings += memberCount(g);
    }
    matching = out.subarray(0, n);
    if (findingsCount !== null) {
      findingsCount.dataset['count'] = String(n);
      findingsCount.textContent =
        n === nGroups ? `${fmt(n)} locations · ${fmt(findings)} findings` : `${fmt(n)} of ${fmt(nGroups)} locations match · ${fmt(findings)} findings`;
    }
    findingsTable?.set(matching);
  }

  function findingRow(g: number): HTMLTableRowElement {
    const st = statusLabel(g);
    const loc = h('button', 'link', `${str(G.file[g])}:${G.line[g]}`);
    loc.type = 'button';
    loc.title = `${str(G.file[g])}:${G.line[g]}:${G.column[g]}`;
    const n = memberCount(g);
    const first = G.memberTarget[G.memberStart[g]!]!;
    const vend = G.origin[g] === VENDORED;
    const tr = h(
      'tr',
      null,
      // Open vendored code is information, not a violation: same word, muted colour.
      h('td', null, badge(st, vend ? 'st-info' : statusClass(st))),
      h('td', null, h('code', 'prim', str(G.primitive[g])), h('span', 'kind', str(G.kind[g]))),
      h('td', 'loc', loc),
      h('td', 'code-col', h('code', 'snippet', str(G.snippet[g]))),
      h('td', null, vend ? badge('vendored', 'o-vend') : badge('own', 'o-own'), vend && G.package[g]! >= 0 ? h('span', 'pkg', str(G.package[g])) : null),
      h('td', 'num', h('span', 'n', fmt(n)), h('span', 'fn', n === 1 ? targetLabel(first) : `${targetLabel(first)} +${fmt(n - 1)}`)),
      hasBaseline ? h('td', null, G.baseline[g]! >= 0 ? badge(str(G.baseline[g]), `b-${str(G.baseline[g])}`) : '') : null,
    );
    tr.dataset['g'] = String(g);
    return tr;
  }

  const findingsTable = findingsBody !== null && findingsPager !== null ? pagedTable(findingsBody, findingsPager, 'locations', findingRow, [50, 100, 250, 500]) : null;

  doc.querySelectorAll<HTMLButtonElement>('#findings-table button.sort').forEach((b) => {
    b.addEventListener('click', () => {
      const key = b.dataset['sort'] as SortKey;
      if (key === sortKey) sortDir = -sortDir;
      else {
        sortKey = key;
        sortDir = key === 'targets' ? -1 : 1;
      }
      resort();
      applyFilters();
    });
  });
  for (const sel of [fOrigin, fStatus, fAccount, fRegion, fPrimitive, fBaseline]) sel?.addEventListener('change', applyFilters);
  let textTimer: number | undefined;
  fText?.addEventListener('input', () => {
    window.clearTimeout(textTimer);
    textTimer = window.setTimeout(applyFilters, nGroups > 5000 ? 150 : 40);
  });
  const filtersForm = byId<HTMLFormElement>('filters');
  filtersForm?.addEventListener('submit', (e) => e.preventDefault());
  filtersForm?.addEventListener('reset', () => window.setTimeout(applyFilters, 0));
  findingsBody?.addEventListener('click', (e) => {
    const tr = (e.target as Element).closest('tr');
    const g = tr?.dataset['g'];
    if (g !== undefined) openDetail(Number(g), tr!.querySelector('button'));
  });

  // Bars in the server-rendered charts carry a filter (string index) to apply.
  doc.querySelectorAll<SVGGElement>('#charts g.bar[data-filter]').forEach((bar) => {
    const go = (): void => {
      const sel = byId<HTMLSelectElement>(`f-${bar.dataset['filter'] ?? ''}`);
      if (sel === null) return;
      sel.value = bar.dataset['value'] ?? 'all';
      applyFilters();
      byId('findings')?.scrollIntoView({ block: 'start' });
    };
    bar.addEventListener('click', go);
    bar.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        go();
      }
    });
  });

  // ---- Detail dialog ----------------------------------------------------------------------
  const dialog = byId<HTMLDialogElement>('detail');
  function kv(rows: Array<[string, Child]>): HTMLElement {
    const dl = h('dl', 'kv');
    for (const [k, v] of rows) if (v !== null && v !== '' && v !== undefined && v !== false) dl.append(h('dt', null, k), h('dd', null, v));
    return dl;
  }
  function openDetail(g: number, opener: HTMLElement | null): void {
    if (dialog === null) return;
    const st = statusLabel(g);
    const vend = G.origin[g] === VENDORED;
    const line = G.line[g]!;
    const close = h('button', 'btn close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close details');
    close.addEventListener('click', () => dialog.close());
    const title = h('h2', null, str(G.primitive[g]));
    title.id = 'detail-title';

    const gutterRow = (n: string, code: string, cls: string): HTMLElement => h('div', `cl ${cls}`, h('span', 'ln', n), h('code', null, code));
    const codeBlock = h(
      'figure',
      'source',
      h('figcaption', null, `${str(G.file[g])}:${line}:${G.column[g]}`),
      h('div', 'lines', gutterRow(line > 1 ? '⋮' : '', '', 'ctx'), gutterRow(String(line), str(G.snippet[g]), 'hl'), gutterRow('⋮', '', 'ctx')),
    );

    const n = memberCount(g);
    const shown = Math.min(n, 200);
    const trs: HTMLTableRowElement[] = [];
    for (let k = G.memberStart[g]!; k < G.memberStart[g]! + shown; k++) {
      const t = G.memberTarget[k]!;
      const s = str(G.memberStatus[k]);
      trs.push(h('tr', null, h('td', null, targetLabel(t)), h('td', 'nowrap', accountLabel(t)), h('td', 'nowrap', str(T.region[t])), h('td', 'num', String(G.memberLine[k])), h('td', null, badge(s, statusClass(s)))));
    }
    const members = h(
      'div',
      'table-wrap',
      h(
        'table',
        'data compact',
        h('thead', null, h('tr', null, h('th', null, 'Function'), h('th', null, 'Account'), h('th', null, 'Region'), h('th', 'num', 'Line'), h('th', null, 'Status'))),
        h('tbody', null, ...trs),
      ),
    );

    const rule = P.rule;
    const remediation = h(
      'section',
      'remediation',
      h('h3', null, 'Remediation'),
      h('p', null, rule.remediation),
      h('ul', null, ...rule.remediationOptions.map((o) => h('li', null, o))),
      h('h4', null, 'Policy exceptions'),
      h('ul', 'exceptions', ...rule.exceptions.map((x) => h('li', null, x))),
      h('p', 'policy-ref', `${rule.id} · ${rule.policy.document} v${rule.policy.version}`),
    );

    dialog.replaceChildren(
      h('header', 'dlg-head', h('div', null, h('p', 'eyebrow', badge(st, statusClass(st)), ' ', vend ? badge('vendored', 'o-vend') : badge('own', 'o-own'), ' ', str(G.kind[g])), title), close),
      h(
        'div',
        'dlg-body',
        h('p', 'msg', str(G.message[g])),
        vend ? h('p', 'note', 'Vendored code in package ', h('strong', 'pkg-name', str(G.package[g]) || 'unknown'), ': reported as information, not a violation.') : null,
        codeBlock,
        kv([
          ['Function', `${str(G.function[g])} (${str(G.scope[g])} scope)`],
          ['Package', vend ? str(G.package[g]) : null],
          ['Reason', str(G.reason[g])],
          ['First seen', str(G.firstSeen[g])],
          ['Baseline', str(G.baseline[g])],
          ['Fingerprint', h('code', null, G.id[g] ?? '')],
        ]),
        h('h3', null, `Functions (${fmt(n)})`),
        members,
        n > shown ? h('p', 'sub', `and ${fmt(n - shown)} more`) : null,
        remediation,
      ),
    );
    dialog.dataset['g'] = String(g);
    if (!dialog.open) dialog.showModal();
    close.focus();
    dialog.addEventListener('close', () => opener?.focus(), { once: true });
  }
  dialog?.addEventListener('click', (e) => {
    // A click on the backdrop lands on the dialog element itself.
    if (e.target === dialog) dialog.close();
  });

  // ---- Targets ----------------------------------------------------------------------------
  const tStatus = byId<HTMLSelectElement>('t-status');
  const tText = byId<HTMLInputElement>('t-text');
  const tBody = byId('targets-body');
  const tPager = byId('targets-pager');
  const tCount = byId('targets-count');
  const tOrder: number[] = [];
  for (let t = 0; t < nTargets; t++) tOrder.push(t);
  const tRank = (t: number): number => ({ error: 0, skipped: 1 })[str(T.status[t])] ?? 2;
  tOrder.sort((a, b) => tRank(a) - tRank(b) || T.findings[b]! - T.findings[a]! || a - b);
  {
    const counts = new Map<number, number>();
    for (let t = 0; t < nTargets; t++) counts.set(T.status[t]!, (counts.get(T.status[t]!) ?? 0) + 1);
    fillSelect(tStatus, [...counts].map(([value, count]) => ({ value, count, label: str(value) })));
  }
  function targetRow(t: number): HTMLTableRowElement {
    const st = str(T.status[t]);
    const why = [str(T.reason[t]), str(T.notes[t])].filter((x) => x !== '').join('\n');
    const name = h('td', 'tname', targetLabel(t));
    if (T.functionName[t]! >= 0) name.title = str(T.id[t]);
    return h(
      'tr',
      `t-${st}`,
      name,
      h('td', 'nowrap', accountLabel(t)),
      h('td', 'nowrap', str(T.region[t])),
      h('td', 'nowrap', str(T.runtime[t]) || str(T.kind[t])),
      h('td', null, badge(st, `ts-${st}`)),
      h('td', 'why', why),
      h('td', 'num', fmt(T.sourceFiles[t]!)),
      h('td', 'num', fmt(T.findings[t]!)),
    );
  }
  const targetsTable = tBody !== null && tPager !== null ? pagedTable(tBody, tPager, 'targets', targetRow, null) : null;
  let tHay: string[] | null = null;
  function applyTargets(): void {
    const status = selValue(tStatus);
    const q = (tText?.value ?? '').trim().toLowerCase();
    if (q !== '' && tHay === null) {
      tHay = [];
      for (let t = 0; t < nTargets; t++) tHay.push([T.id, T.functionName, T.account, T.accountName, T.region, T.runtime, T.reason, T.notes].map((c) => str(c[t])).join('\n').toLowerCase());
    }
    const out = tOrder.filter((t) => (status === null || T.status[t] === status) && (q === '' || tHay![t]!.includes(q)));
    if (tCount !== null) {
      tCount.dataset['count'] = String(out.length);
      tCount.textContent = `${fmt(out.length)} of ${fmt(nTargets)} targets`;
    }
    targetsTable?.set(out);
  }
  tStatus?.addEventListener('change', applyTargets);
  tText?.addEventListener('input', applyTargets);
  byId<HTMLFormElement>('t-filters')?.addEventListener('submit', (e) => e.preventDefault());

  // ---- Errors and fixed findings ------------------------------------------------------------
  const targetById = new Map<string, number>();
  for (let t = 0; t < nTargets; t++) targetById.set(str(T.id[t]), t);
  const eBody = byId('errors-body');
  const ePager = byId('errors-pager');
  if (eBody !== null && ePager !== null) {
    const E = P.e;
    const errRow = (i: number): HTMLTableRowElement => {
      const scope = str(E.target[i]);
      const t = targetById.get(scope);
      const where = t === undefined ? scope || '(audit)' : [targetLabel(t), accountLabel(t), str(T.region[t])].filter((x) => x !== '').join(' · ');
      return h('tr', null, h('td', null, h('code', null, str(E.code[i]))), h('td', null, where), h('td', 'why', str(E.message[i])));
    };
    pagedTable(eBody, ePager, 'errors', errRow, null).set(E.code.map((_, i) => i));
  }
  const fxBody = byId('fixed-body');
  const fxPager = byId('fixed-pager');
  const FX = P.fx;
  if (fxBody !== null && fxPager !== null && FX !== null) {
    const fixedRow = (i: number): HTMLTableRowElement => {
      const s = str(FX.status[i]);
      return h(
        'tr',
        null,
        h('td', null, str(FX.owner[i])),
        h('td', 'loc', str(FX.file[i])),
        h('td', null, h('code', 'prim', str(FX.primitive[i]))),
        h('td', null, badge(s, statusClass(s))),
        h('td', null, str(FX.firstSeen[i]).slice(0, 10)),
        h('td', null, h('code', 'fp', (FX.id[i] ?? '').slice(0, 12))),
      );
    };
    pagedTable(fxBody, fxPager, 'fixed findings', fixedRow, null).set(FX.id.map((_, i) => i));
  }

  resort();
  applyFilters();
  applyTargets();
  doc.body.dataset['ready'] = '1';
}
