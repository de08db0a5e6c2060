const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For text and quoted attribute values in server-rendered markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Never rounds up to 100 % while something is missing. */
export function percent(ratio: number): string {
  if (ratio >= 1) return '100%';
  return `${(Math.floor(ratio * 1000) / 10).toFixed(1)}%`;
}
