import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { Box, Text, render, useApp, useInput, useStdout, type Key } from 'ink';
import type { FindingStatus, Report } from '../core/types.js';
import { fingerprintOwner } from '../core/fingerprint.js';
import { markFinding, type ReviewMark } from '../report/baseline.js';
import {
  DEFAULT_FILTERS,
  ORIGINS,
  STATUSES,
  accountsAndRegions,
  applyMark,
  cycle,
  cycleNullable,
  detailLines,
  groupFindings,
  statusLabel,
  targetIndex,
  type FindingGroup,
  type LineStyle,
  type ReviewFilters,
} from './review-model.js';
import { colorEnabled, fit, fitStart, sanitizeForTerminal, truncate } from './sanitize.js';
import { useTerminalSize, type TerminalSize } from './terminal-size.js';

export type MarkFn = (file: string, mark: ReviewMark) => Promise<void>;
type Mode = 'list' | 'detail' | 'help';
type Prompt = { kind: 'search'; draft: string } | { kind: 'reason'; status: 'acknowledged' | 'suppressed'; draft: string };
type Message = { text: string; tone: 'info' | 'ok' | 'error' };

export const NO_BASELINE_MESSAGE = 'no baseline file configured (use --baseline FILE)';

const HELP: readonly string[] = [
  'Keys',
  '  ↑/↓  j/k      move the cursor (detail: scroll)',
  '  PgUp/PgDn    page        g/G  first/last',
  '  Enter        open the finding          Esc  back',
  '  o            origin: own → vendored → all',
  '  s            status: all → open → acknowledged → suppressed',
  '  a / r        cycle account / region',
  '  /            search (Enter apply, Esc cancel, empty clears)',
  '  A            acknowledge (tech debt) — asks for a reason',
  '  S            suppress — asks for a reason',
  '  U            reopen (clears the mark)',
  '  ?            this help                 q  quit',
  '',
  'Marks are written to the baseline file; function code is never edited.',
  'Rows: count × status, primitive, file:line, function, snippet. V = vendored.',
];

const STYLE_COLOR: Record<LineStyle, string | undefined> = {
  title: 'cyan',
  heading: 'yellow',
  text: undefined,
  code: 'green',
  dim: 'gray',
  warn: 'magenta',
};

interface RowProps {
  text: string;
  width: number;
  color: boolean;
  fg?: string | undefined;
  bold?: boolean;
  inverse?: boolean;
}

/** One terminal row: pre-cut by code points, then Ink truncates by display width, so nothing ever wraps. */
function Row({ text, width, color, fg, bold, inverse }: RowProps) {
  return (
    <Text wrap="truncate-end" color={color ? fg : undefined} bold={color ? bold : undefined} inverse={color ? inverse : undefined}>
      {truncate(text, width) || ' '}
    </Text>
  );
}

function groupOwner(g: FindingGroup): string {
  const t = g.targets[0];
  return t ? fingerprintOwner(t) : g.first.target;
}

function listRow(g: FindingGroup, selected: boolean, showOrigin: boolean): string {
  const f = g.first;
  const where = `${sanitizeForTerminal(f.file)}:${f.line}`;
  return [
    selected ? '›' : ' ',
    `${String(g.targets.length || g.findings.length).padStart(3)}×`,
    statusLabel(g.status).padEnd(4),
    showOrigin ? (f.origin === 'vendored' ? 'V' : ' ') : '',
    fit(sanitizeForTerminal(f.primitive), 22),
    fitStart(where, 22),
    // Same file and line in differently named functions are different groups: the name tells them apart.
    fit(sanitizeForTerminal(groupOwner(g)), 16),
    sanitizeForTerminal(f.snippet),
  ]
    .filter((x) => x !== '')
    .join(' ');
}

function filterLine(f: ReviewFilters): string {
  return [
    `o:${f.origin}`,
    `s:${f.status}`,
    `a:${f.account ?? 'all'}`,
    `r:${f.region ?? 'all'}`,
    f.search ? `/:"${sanitizeForTerminal(f.search)}"` : '/:-',
  ].join('  ');
}

/** Printable part of typed or pasted input. */
function typed(input: string, key: Key): string {
  if (key.ctrl || key.meta || key.escape || key.return || key.tab) return '';
  return sanitizeForTerminal(input);
}

export interface ReviewAppProps {
  report: Report;
  baselineFile: string | null;
  mark: MarkFn;
  color: boolean;
  /** Fixed size for tests; otherwise follows stdout. */
  size?: Partial<TerminalSize>;
}

export function ReviewApp(props: ReviewAppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const { columns, rows } = useTerminalSize(stdout, props.size);
  const color = props.color;
  const [report, setReport] = useState(props.report);
  const [filters, setFilters] = useState<ReviewFilters>(DEFAULT_FILTERS);
  const [cursor, setCursor] = useState(0);
  const [mode, setMode] = useState<Mode>('list');
  const [helpReturn, setHelpReturn] = useState<Mode>('list');
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [detailScroll, setDetailScroll] = useState(0);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [quitting, setQuitting] = useState(false);

  const targets = useMemo(() => targetIndex(report), [report]);
  const options = useMemo(() => accountsAndRegions(props.report), [props.report]);
  const groups = useMemo(() => groupFindings(report, filters, targets), [report, filters, targets]);
  const index = Math.min(cursor, Math.max(0, groups.length - 1));
  const selected: FindingGroup | undefined = groups[index];

  // Height rows-1: Ink clears the whole screen when a frame reaches the terminal height.
  const height = Math.max(6, rows - 1);
  const width = Math.max(20, columns);
  const listHeight = Math.max(1, height - 5);
  const detailHeight = Math.max(1, height - 4);
  const detail = useMemo(() => (selected && mode === 'detail' ? detailLines(selected, width) : []), [selected, mode, width]);
  const maxDetailScroll = Math.max(0, detail.length - detailHeight);

  useEffect(() => {
    // Render an empty frame first so quitting leaves no stale review on screen.
    if (quitting) exit();
  }, [quitting, exit]);

  const total = report.findings.length;

  async function doMark(status: FindingStatus, reason: string | null) {
    if (!selected) return;
    if (props.baselineFile === null) {
      setMessage({ text: NO_BASELINE_MESSAGE, tone: 'error' });
      return;
    }
    const g = selected;
    const target = targets.get(g.first.target);
    setBusy(true);
    try {
      await props.mark(props.baselineFile, {
        id: g.id,
        status,
        reason,
        finding: g.first,
        ...(target ? { owner: fingerprintOwner(target) } : {}),
      });
      setReport((r) => applyMark(r, g.id, status, reason));
      const n = g.targets.length;
      setMessage({
        text: `${status}: ${sanitizeForTerminal(g.first.primitive)} in ${n} function${n === 1 ? '' : 's'} → ${sanitizeForTerminal(props.baselineFile)}`,
        tone: 'ok',
      });
    } catch (err) {
      setMessage({ text: `could not write the baseline: ${sanitizeForTerminal(err instanceof Error ? err.message : String(err))}`, tone: 'error' });
    } finally {
      setBusy(false);
    }
  }

  function startMark(status: 'acknowledged' | 'suppressed' | 'open') {
    if (!selected) {
      setMessage({ text: 'no finding selected', tone: 'info' });
      return;
    }
    if (props.baselineFile === null) {
      setMessage({ text: NO_BASELINE_MESSAGE, tone: 'error' });
      return;
    }
    if (status === 'open') void doMark('open', null);
    else {
      setMessage(null);
      setPrompt({ kind: 'reason', status, draft: '' });
    }
  }

  function onPromptKey(p: Prompt, input: string, key: Key) {
    if (key.escape) {
      setPrompt(null);
      setMessage({ text: p.kind === 'search' ? 'search cancelled' : 'mark cancelled', tone: 'info' });
      return;
    }
    if (key.return) {
      const value = p.draft.trim();
      if (p.kind === 'search') {
        setFilters((f) => ({ ...f, search: value }));
        setCursor(0);
        setPrompt(null);
        setMessage(null);
        return;
      }
      if (!value) {
        setMessage({ text: 'a reason is required (Esc cancels)', tone: 'error' });
        return;
      }
      setPrompt(null);
      void doMark(p.status, value);
      return;
    }
    // Functional updates: several keys can arrive before the next render.
    if (key.backspace || key.delete) {
      setPrompt((q) => q && { ...q, draft: Array.from(q.draft).slice(0, -1).join('') });
      return;
    }
    const text = typed(input, key);
    if (text) setPrompt((q) => q && { ...q, draft: (q.draft + text).slice(0, 500) });
  }

  const onKey = (input: string, key: Key): void => {
    if (quitting) return;
    if (key.ctrl && input === 'c') {
      setQuitting(true);
      return;
    }
    if (prompt) {
      onPromptKey(prompt, input, key);
      return;
    }
    if (busy) return;
    if (mode === 'help') {
      if (input === '?' || key.escape) setMode(helpReturn);
      else if (input === 'q') setQuitting(true);
      return;
    }
    if (input === 'q') {
      setQuitting(true);
      return;
    }
    if (input === '?') {
      setHelpReturn(mode);
      setMode('help');
      return;
    }
    if (input === 'A') return startMark('acknowledged');
    if (input === 'S') return startMark('suppressed');
    if (input === 'U') return startMark('open');
    if (mode === 'detail') {
      if (key.escape || key.backspace || key.leftArrow) {
        setMode('list');
      } else if (key.downArrow || input === 'j') {
        setDetailScroll((s) => Math.min(maxDetailScroll, s + 1));
      } else if (key.upArrow || input === 'k') {
        setDetailScroll((s) => Math.max(0, s - 1));
      } else if (key.pageDown || input === ' ') {
        setDetailScroll((s) => Math.min(maxDetailScroll, s + detailHeight));
      } else if (key.pageUp) {
        setDetailScroll((s) => Math.max(0, s - detailHeight));
      }
      return;
    }
    // list
    const last = Math.max(0, groups.length - 1);
    const move = (delta: number) => setCursor((c) => Math.max(0, Math.min(last, Math.min(c, last) + delta)));
    if (key.downArrow || input === 'j') move(1);
    else if (key.upArrow || input === 'k') move(-1);
    else if (key.pageDown) move(listHeight);
    else if (key.pageUp) move(-listHeight);
    else if (input === 'g' || key.home) setCursor(0);
    else if (input === 'G' || key.end) setCursor(last);
    else if (key.return) {
      if (selected) {
        setDetailScroll(0);
        setMode('detail');
      }
    } else if (input === '/') setPrompt({ kind: 'search', draft: filters.search });
    else if (input === 'o') setFilters((f) => ({ ...f, origin: cycle(ORIGINS, f.origin) }));
    else if (input === 's') setFilters((f) => ({ ...f, status: cycle(STATUSES, f.status) }));
    else if (input === 'a' || input === 'r') {
      const values = input === 'a' ? options.accounts : options.regions;
      if (values.length === 0) setMessage({ text: `no ${input === 'a' ? 'accounts' : 'regions'} in this report`, tone: 'info' });
      else if (input === 'a') setFilters((f) => ({ ...f, account: cycleNullable(values, f.account) }));
      else setFilters((f) => ({ ...f, region: cycleNullable(values, f.region) }));
    } else if (key.escape) setMessage(null);
  };
  // Ink re-subscribes useInput handlers in a passive effect, which can run after the next key
  // arrives; a ref read at key time always sees the state of the last render.
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  const promptRef = useRef(prompt);
  promptRef.current = prompt;
  useInput(
    useCallback((input: string, key: Key) => {
      // Keys typed faster than a read (or sent together, as tmux does) arrive as one string; outside a
      // text prompt each character is a command of its own.
      const chars = Array.from(input);
      if (chars.length > 1 && !promptRef.current && !key.ctrl && !key.meta) {
        for (const c of chars) onKeyRef.current(c, { ...key, shift: /[A-Z]/.test(c) });
      } else {
        onKeyRef.current(input, key);
      }
    }, []),
  );

  if (quitting) return null;

  const header = `lambda-audit review · ${groups.length} group${groups.length === 1 ? '' : 's'} shown · ${total} findings · baseline: ${
    props.baselineFile ? sanitizeForTerminal(props.baselineFile) : 'none'
  }`;
  const second = prompt?.kind === 'search' ? `search: ${prompt.draft}█  (Enter apply · Esc cancel)` : filterLine(filters);
  const footer =
    prompt?.kind === 'reason'
      ? `${prompt.status === 'acknowledged' ? 'Acknowledge' : 'Suppress'} reason: ${prompt.draft}█  (${message?.tone === 'error' ? message.text : 'Enter confirm · Esc cancel'})`
      : busy
        ? 'writing the baseline…'
        : (message?.text ?? '');
  const footerColor = prompt?.kind === 'reason' ? 'yellow' : message?.tone === 'error' ? 'red' : message?.tone === 'ok' ? 'green' : undefined;
  const keys =
    mode === 'detail'
      ? '↑↓ scroll · Esc back · A ack · S suppress · U reopen · ? help · q quit'
      : mode === 'help'
        ? '? or Esc close · q quit'
        : '↑↓ move · Enter open · o/s/a/r filter · / search · A/S/U mark · ? help · q quit';

  let body: ReactElement[];
  if (mode === 'help') {
    body = HELP.slice(0, height - 3).map((line, i) => <Row key={i} text={line} width={width} color={color} fg={i === 0 ? 'cyan' : undefined} />);
  } else if (mode === 'detail') {
    const scroll = Math.min(detailScroll, maxDetailScroll);
    const visible = detail.slice(scroll, scroll + detailHeight);
    body = visible.map((l, i) => <Row key={i} text={l.text} width={width} color={color} fg={STYLE_COLOR[l.style]} bold={l.style === 'title'} />);
    if (scroll < maxDetailScroll && body.length > 0) {
      const more = `(${scroll + visible.length}/${detail.length} lines, ↓ for more)`;
      body[body.length - 1] = <Row key="more" text={more} width={width} color={color} fg="gray" />;
    }
  } else {
    // Keep the cursor inside the window: scroll in pages centred on it.
    const start = Math.max(0, Math.min(index - Math.floor(listHeight / 2), groups.length - listHeight));
    const window = groups.slice(start, start + listHeight);
    const showOrigin = filters.origin === 'all';
    body = [
      <Row key="h" text={`  ${'fns'.padStart(4)} stat ${showOrigin ? '  ' : ''}${fit('primitive', 22)} ${fit('file:line', 22)} ${fit('function', 16)} snippet`} width={width} color={color} fg="gray" />,
      ...window.map((g, i) => (
        <Row key={g.id} text={listRow(g, start + i === index, showOrigin)} width={width} color={color} inverse={start + i === index} fg={g.status === 'open' ? undefined : 'gray'} />
      )),
    ];
    if (groups.length === 0) body.push(<Row key="empty" text="  no findings match these filters (o s a r / change them)" width={width} color={color} />);
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Row text={header} width={width} color={color} bold fg="cyan" />
      <Row text={second} width={width} color={color} fg={prompt?.kind === 'search' ? 'yellow' : undefined} />
      <Box flexDirection="column" flexGrow={1} overflow="hidden">
        {body}
      </Box>
      <Row text={footer} width={width} color={color} fg={footerColor} />
      <Row text={keys} width={width} color={color} fg="gray" />
    </Box>
  );
}

export interface ReviewOptions {
  report: Report;
  baselineFile: string | null;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  /** Defaults to report/baseline.ts markFinding. */
  mark?: MarkFn;
}

/** Interactive review of a report's findings; resolves when the user quits. Needs a TTY on stdin. */
export async function runReview(opts: ReviewOptions): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (stdin.isTTY !== true) throw new Error('review needs an interactive terminal (stdin is not a TTY)');
  const app = render(
    <ReviewApp report={opts.report} baselineFile={opts.baselineFile} mark={opts.mark ?? ((file, mark) => markFinding(file, mark))} color={colorEnabled(stdout, opts.env)} />,
    // Ctrl-C is handled in the app (quit), not by Ink's default exit.
    { stdin, stdout, exitOnCtrlC: false, patchConsole: false },
  );
  await app.waitUntilExit();
}
