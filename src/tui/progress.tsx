import { useSyncExternalStore } from 'react';
import { render } from 'ink';
import type { AuditEvent, EventSink } from '../core/events.js';
import {
  computeRates,
  downloadedBytes,
  initialProgressState,
  progressReducer,
  type ProgressState,
  type RateSample,
} from './progress-state.js';
import { ProgressView, type ProgressSnapshot } from './progress-view.js';
import { colorEnabled } from './sanitize.js';
import { useTerminalSize, type TerminalSize } from './terminal-size.js';

export interface ProgressStoreOptions {
  mode: 'local' | 'fleet';
  /** Minimum time between two published snapshots (renders). */
  intervalMs?: number;
  /** Republish this often even without events, so elapsed time and ETA move. */
  idleRefreshMs?: number;
  now?: () => number;
}

/**
 * Holds the reducer state outside React. Events only update the state; a timer publishes a
 * snapshot at most every `intervalMs`, so thousands of events cost a handful of renders.
 */
export class ProgressStore {
  private state: ProgressState;
  private snapshot: ProgressSnapshot;
  private dirty = false;
  private lastPublish = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly samples: RateSample[] = [];
  private readonly intervalMs: number;
  private readonly idleRefreshMs: number;
  private readonly now: () => number;
  events = 0;
  publishes = 0;

  constructor(opts: ProgressStoreOptions) {
    this.intervalMs = opts.intervalMs ?? 100;
    this.idleRefreshMs = opts.idleRefreshMs ?? 1000;
    this.now = opts.now ?? Date.now;
    this.state = initialProgressState(opts.mode);
    this.snapshot = this.makeSnapshot(this.now());
  }

  readonly dispatch = (event: AuditEvent): void => {
    this.events++;
    this.state = progressReducer(this.state, event);
    this.dirty = true;
  };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ProgressSnapshot => this.snapshot;

  getState(): ProgressState {
    return this.state;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    // The scan's own work keeps the process alive; a forgotten finish() must not.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  tick(): void {
    const now = this.now();
    if (this.dirty || now - this.lastPublish >= this.idleRefreshMs) this.publish(now);
  }

  publish(now = this.now()): void {
    this.dirty = false;
    this.lastPublish = now;
    this.snapshot = this.makeSnapshot(now);
    this.publishes++;
    for (const l of this.listeners) l();
  }

  private makeSnapshot(now: number): ProgressSnapshot {
    const s = this.state;
    this.samples.push({ at: now, done: s.done, bytes: downloadedBytes(s) });
    while (this.samples.length > 2 && this.samples[0]!.at < now - 15_000) this.samples.shift();
    return { state: s, rates: computeRates(this.samples, Math.max(0, s.planned - s.done)), now };
  }
}

export interface LiveProgressProps {
  store: ProgressStore;
  stdout: NodeJS.WriteStream;
  color: boolean;
  size?: Partial<TerminalSize>;
}

export function LiveProgress({ store, stdout, color, size }: LiveProgressProps) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { columns, rows } = useTerminalSize(stdout, size);
  return <ProgressView snapshot={snapshot} columns={columns} rows={rows} color={color} />;
}

export interface ProgressUi {
  sink: EventSink;
  finish(): Promise<void>;
  /** Counters for tests and benchmarks: events received, snapshots published, frames Ink rendered. */
  stats(): { events: number; publishes: number; renders: number };
}

export function startProgressUi(opts: {
  stdout: NodeJS.WriteStream;
  mode: 'local' | 'fleet';
  intervalMs?: number;
  env?: NodeJS.ProcessEnv;
}): ProgressUi {
  const store = new ProgressStore({ mode: opts.mode, ...(opts.intervalMs !== undefined ? { intervalMs: opts.intervalMs } : {}) });
  let renders = 0;
  const color = colorEnabled(opts.stdout, opts.env);
  // No useInput here, so stdin stays in cooked mode and Ctrl-C reaches the process as SIGINT
  // (see installInterruptHandler); exitOnCtrlC false so Ink never swallows or acts on it itself.
  const app = render(<LiveProgress store={store} stdout={opts.stdout} color={color} />, {
    stdout: opts.stdout,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 10,
    onRender: () => {
      renders++;
    },
  });
  store.start();
  let finished: Promise<void> | null = null;
  return {
    sink: store.dispatch,
    stats: () => ({ events: store.events, publishes: store.publishes, renders }),
    finish() {
      finished ??= (async () => {
        store.stop();
        store.publish();
        // Let React commit the last snapshot before unmounting: Ink keeps the last frame on screen.
        await new Promise<void>((r) => setTimeout(r, 20));
        app.unmount();
        await app.waitUntilExit();
      })();
      return finished;
    },
  };
}
