/** Typed errors that carry the target they concern and the underlying cause. The CLI maps them to exit codes. */

export class AuditError extends Error {
  readonly target: string | null;
  readonly code: string;
  constructor(code: string, message: string, options: { target?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.target = options.target ?? null;
  }
}

/** Bad flags or config file: exit 2. */
export class ConfigError extends AuditError {
  constructor(message: string, options: { target?: string | null; cause?: unknown } = {}) {
    super('config', message, options);
  }
}

/** Corrupt, hostile or oversized package: the target ends as `error`. */
export class ArchiveError extends AuditError {
  constructor(message: string, options: { target?: string | null; cause?: unknown } = {}) {
    super('archive', message, options);
  }
}

/** AWS denied or could not be reached for an account, region or function. */
export class AccessError extends AuditError {
  constructor(message: string, options: { target?: string | null; cause?: unknown } = {}) {
    super('access', message, options);
  }
}

/** Download failed after retries, or its bytes did not match the expected size/hash. */
export class FetchError extends AuditError {
  constructor(message: string, options: { target?: string | null; cause?: unknown } = {}) {
    super('fetch', message, options);
  }
}

/** The analyser itself could not start (e.g. grammar ABI mismatch). */
export class AnalysisError extends AuditError {
  constructor(message: string, options: { target?: string | null; cause?: unknown } = {}) {
    super('analysis', message, options);
  }
}

export function describeCause(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
