export { sanitizeForTerminal, colorEnabled } from './sanitize.js';
export { progressReducer, initialProgressState, computeRates, type ProgressState } from './progress-state.js';
export { startProgressUi, ProgressStore, type ProgressUi } from './progress.js';
export { createPlainProgress, formatSummary, type PlainProgressOptions, type SummaryFormatOptions } from './plain.js';
export { runReview, NO_BASELINE_MESSAGE, type ReviewOptions, type MarkFn } from './review.js';
export { installInterruptHandler } from './interrupt.js';
