import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HistoryEntry } from '@nx-tickets/core';
import { TICKETS_DIR } from '../execution/run-store.js';

/** Where the history is, relative to the workspace root: `.nx/tickets/history.jsonl`. */
export const HISTORY_FILE = join(TICKETS_DIR, 'history.jsonl');

/** `.nx/tickets/history.jsonl` of a workspace (absolute). */
export function historyFile(root: string): string {
  return join(root, HISTORY_FILE);
}

/** Append one run's line to the workspace's history. */
export async function appendHistory(root: string, entry: HistoryEntry): Promise<void> {
  const file = historyFile(root);
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(entry)}\n`);
}

/** What {@link readHistory} found: the entries, and the numbers of lines it could not read. */
export interface HistoryRead {
  entries: HistoryEntry[];
  /** 1-based line numbers that are not a version-1 history entry (skipped). */
  skippedLines: number[];
}

/** The workspace's history, oldest line first; no file is an empty history. */
export async function readHistory(root: string): Promise<HistoryRead> {
  const text = await readFile(historyFile(root), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const entries: HistoryEntry[] = [];
  const skippedLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value = JSON.parse(line) as HistoryEntry;
      if (value?.version === 1 && typeof value.runId === 'string' && Array.isArray(value.tickets)) entries.push(value);
      else skippedLines.push(i + 1);
    } catch {
      skippedLines.push(i + 1);
    }
  });
  return { entries, skippedLines };
}
