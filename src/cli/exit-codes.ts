/** Documented in README ("Exit codes"). */
export const EXIT = {
  /** Audit complete, nothing that --fail-on counts. */
  ok: 0,
  /** Findings that --fail-on counts (default: open own-code violations). */
  violations: 1,
  /** Bad flags, bad config, unreadable input report. */
  usage: 2,
  /** Audit incomplete: a target, account or region ended in error, or the run was interrupted. */
  incomplete: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
