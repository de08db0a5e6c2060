/** Server-side SVG bar charts: they show without JavaScript and cost nothing at load time. */
import { escapeHtml, fmt } from './escape.js';

export interface Stack {
  ownOpen: number;
  ownOther: number;
  vendored: number;
}

export interface ChartRow {
  label: string;
  /** Filter the findings table applies when the bar is clicked (string-table index), or null. */
  filter: { key: string; value: number } | null;
  stack: Stack;
}

const SEGMENTS: ReadonlyArray<{ key: keyof Stack; cls: string; name: string }> = [
  { key: 'ownOpen', cls: 'seg-open', name: 'own, open' },
  { key: 'ownOther', cls: 'seg-ack', name: 'own, acknowledged or suppressed' },
  { key: 'vendored', cls: 'seg-vend', name: 'vendored' },
];

const MAX_ROWS = 10;
const W = 500;
const LABEL_W = 210;
const VALUE_W = 64;
const ROW_H = 24;
const BAR_H = 14;

function total(s: Stack): number {
  return s.ownOpen + s.ownOther + s.vendored;
}

function truncate(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

/** Rows sorted by total, the tail folded into one "others" row so a 200-account fleet stays readable. */
function topRows(rows: readonly ChartRow[]): ChartRow[] {
  const sorted = [...rows].sort((a, b) => total(b.stack) - total(a.stack) || (a.label < b.label ? -1 : 1));
  if (sorted.length <= MAX_ROWS) return sorted;
  const head = sorted.slice(0, MAX_ROWS - 1);
  const rest = sorted.slice(MAX_ROWS - 1);
  const stack: Stack = { ownOpen: 0, ownOther: 0, vendored: 0 };
  for (const r of rest) for (const s of SEGMENTS) stack[s.key] += r.stack[s.key];
  head.push({ label: `${fmt(rest.length)} others`, filter: null, stack });
  return head;
}

export function barChart(id: string, title: string, rows: readonly ChartRow[]): string {
  const shown = topRows(rows);
  const max = Math.max(1, ...shown.map((r) => total(r.stack)));
  const barW = W - LABEL_W - VALUE_W;
  const height = Math.max(1, shown.length) * ROW_H + 4;
  const body = shown
    .map((r, i) => {
      const y = i * ROW_H + 4;
      let x = LABEL_W;
      const segs = SEGMENTS.map((s) => {
        const v = r.stack[s.key];
        if (v === 0) return '';
        const w = Math.max(1, (v / max) * barW);
        const rect = `<rect class="${s.cls}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}"><title>${escapeHtml(`${r.label}: ${fmt(v)} ${s.name}`)}</title></rect>`;
        x += w;
        return rect;
      }).join('');
      const filter = r.filter === null ? '' : ` data-filter="${escapeHtml(r.filter.key)}" data-value="${r.filter.value}" tabindex="0" role="button"`;
      const label = `<text class="lbl" x="${LABEL_W - 8}" y="${y + BAR_H - 3}" text-anchor="end">${escapeHtml(truncate(r.label, 30))}<title>${escapeHtml(r.label)}</title></text>`;
      const value = `<text class="val" x="${(x + 6).toFixed(1)}" y="${y + BAR_H - 3}">${fmt(total(r.stack))}</text>`;
      return `<g class="bar"${filter} aria-label="${escapeHtml(`${r.label}: ${fmt(total(r.stack))} findings`)}">${label}${segs}${value}</g>`;
    })
    .join('');
  const empty = shown.length === 0 ? `<text class="lbl" x="8" y="18">No findings</text>` : '';
  return (
    `<figure class="chart" id="${id}"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}" preserveAspectRatio="xMinYMin meet">${body}${empty}</svg></figure>`
  );
}

export function legend(): string {
  return `<ul class="legend">${SEGMENTS.map((s) => `<li><span class="sw ${s.cls}"></span>${escapeHtml(s.name)}</li>`).join('')}</ul>`;
}
