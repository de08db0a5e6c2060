export interface InterruptDeps {
  /** Where SIGINT is received; default `process`. */
  signals?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  /** Default `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * First Ctrl-C: `onFirst` (stop scheduling, finish or abort in-flight work, write a partial report
 * marked incomplete). Second Ctrl-C: exit at once with 130 (128 + SIGINT). Returns the uninstaller.
 */
export function installInterruptHandler(onFirst: () => void, deps: InterruptDeps = {}): () => void {
  const signals = deps.signals ?? process;
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) {
      onFirst();
      return;
    }
    exit(130);
  };
  signals.on('SIGINT', handler);
  return () => {
    signals.off('SIGINT', handler);
  };
}
