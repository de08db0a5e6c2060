/**
 * Presigned URLs and credentials must never reach a log, an event, an error message or a report.
 * Every message that leaves the fleet/fetch code goes through `redact`.
 */

const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
const SIGNING_PARAM_RE = /\b(X-Amz-(?:Signature|Credential|Security-Token|SignedHeaders|Date|Expires)|Signature|AWSAccessKeyId|x-amz-security-token)=[^&\s"'<>]+/gi;
const ACCESS_KEY_RE = /\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g;
const AUTH_HEADER_RE = /\b(Authorization|X-Amz-Security-Token)\s*[:=]\s*[^\n]+/gi;

export const REDACTED_URL = '[url redacted]';
export const REDACTED = '[redacted]';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes URLs, AWS signing parameters, access key ids, auth headers and the given secret values. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  // Exact secrets first: a secret may be embedded in a URL or header that the patterns would only partly cover.
  const list = [...secrets].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
  for (const s of list) out = out.replace(new RegExp(escapeRe(s), 'g'), REDACTED);
  return out
    .replace(URL_RE, REDACTED_URL)
    .replace(SIGNING_PARAM_RE, (_m, key: string) => `${key}=${REDACTED}`)
    .replace(AUTH_HEADER_RE, (_m, key: string) => `${key}: ${REDACTED}`)
    .replace(ACCESS_KEY_RE, REDACTED);
}

/** Collects the secrets seen during one audit (resolved credentials, URLs) so every message can be scrubbed of them. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(...values: (string | undefined | null)[]): void {
    for (const v of values) if (v && v.length >= 6) this.secrets.add(v);
  }

  redact(text: string): string {
    return redact(text, this.secrets);
  }

  /** A message for an unknown thrown value, already scrubbed. */
  message(err: unknown): string {
    const raw = err instanceof Error ? err.message : String(err);
    return this.redact(raw);
  }
}
