/** One Nx task of a ticket's verification, as its log shows it. */
export interface VerifiedTask {
  /** `project:target`, e.g. `web:test`. */
  id: string;
  /** Nx took the result from its cache (local or remote) instead of running the command. */
  cached: boolean;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const TASK_LINE = /^\s*>\s+nx run ([^\s]+)(.*)$/;
const CACHED = /\[(?:local cache|remote cache|existing outputs match the cache[^\]]*)\]/;

/**
 * The Nx tasks of a verify step's log (`nx affected` output: `> nx run web:test [local cache]`),
 * each with whether it came from the cache. Pure; the log is plain text, ANSI codes are ignored.
 */
export function parseVerifyLog(text: string): VerifiedTask[] {
  const tasks = new Map<string, VerifiedTask>();
  for (const raw of text.split('\n')) {
    const match = TASK_LINE.exec(raw.replace(ANSI, ''));
    if (!match) continue;
    const id = (match[1] as string).replace(/[:,]+$/, '');
    const cached = CACHED.test(match[2] ?? '');
    tasks.set(id, { id, cached: cached || (tasks.get(id)?.cached ?? false) });
  }
  return [...tasks.values()];
}

/** Text without ANSI escape codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * The end of a log for an excerpt: at most `maxLines` lines and `maxChars` characters, ANSI codes
 * removed. `truncated` says whether anything was cut.
 */
export function tailLog(text: string, maxLines = 40, maxChars = 4000): { text: string; truncated: boolean } {
  const clean = stripAnsi(text).replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  let lines = clean.split('\n');
  let truncated = false;
  if (lines.length > maxLines) {
    lines = lines.slice(-maxLines);
    truncated = true;
  }
  let out = lines.join('\n');
  if (out.length > maxChars) {
    out = out.slice(-maxChars);
    truncated = true;
  }
  return { text: out, truncated };
}
