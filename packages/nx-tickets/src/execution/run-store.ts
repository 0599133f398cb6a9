import { appendFile, mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NxTicketsError, type Plan, type RunState, type StepName, type Ticket } from '@nx-tickets/core';
import writeFileAtomic from 'write-file-atomic';

/** Where runs live inside the workspace. */
export const TICKETS_DIR = join('.nx', 'tickets');

/** One event of a run, as written to `events.jsonl` and printed by `--json`. */
export interface RunEvent {
  type: string;
  /** ms since the epoch. */
  at: number;
  ticket?: string;
  [field: string]: unknown;
}

/**
 * A run's files: `.nx/tickets/runs/<runId>/state.json` (written atomically — temp file + rename, by
 * `write-file-atomic` — after every transition), `events.jsonl` (one event per line, appended) and
 * `logs/<KEY>/<step>.log`.
 */
export class RunStore {
  readonly dir: string;

  constructor(readonly root: string, readonly runId: string) {
    this.dir = join(root, TICKETS_DIR, 'runs', runId);
  }

  /** Log file of one step of one ticket (the folder is created by the writer). */
  logFile(key: string, step: StepName): string {
    return join(this.dir, 'logs', safeKey(key), `${step}.log`);
  }

  /**
   * Write the state atomically (temp file + rename): a reader never sees a half-written file, and
   * a runner killed at any moment leaves the old state or the new one. Not fsynced: what a killed
   * process wrote stays in the OS's cache, and a run writes its state some ten times per ticket.
   */
  async writeState(state: RunState): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(join(this.dir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`, { fsync: false });
  }

  /** Append one event line. */
  async appendEvent(event: RunEvent): Promise<void> {
    await this.appendEvents([event]);
  }

  /** Append events, one line each, in order, with one write. */
  async appendEvents(events: readonly RunEvent[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await appendFile(join(this.dir, 'events.jsonl'), events.map((event) => `${JSON.stringify(event)}\n`).join(''));
  }

  /**
   * Read a run's state.
   * @throws NxTicketsError `NX_TICKETS_RUN_NOT_FOUND` when the run has no readable state, or one of another version.
   */
  async readState(): Promise<RunState> {
    const folder = join(TICKETS_DIR, 'runs', this.runId);
    let state: RunState;
    try {
      state = JSON.parse(await readFile(join(this.dir, 'state.json'), 'utf8')) as RunState;
    } catch (cause) {
      throw new NxTicketsError('NX_TICKETS_RUN_NOT_FOUND', `Run ${this.runId} has no readable state in ${folder}.`, {
        hint: `Remove ${folder} to forget that run, or start a new one with \`nx-tickets run KEY…\`.`,
        cause,
      });
    }
    if (state?.version !== 1) {
      throw new NxTicketsError('NX_TICKETS_RUN_NOT_FOUND', `Run ${this.runId} was written by another version of nx-tickets (state version ${JSON.stringify(state?.version)}).`, {
        hint: `Continue it with the version that started it, or remove ${folder} and start a new run.`,
      });
    }
    return state;
  }

  /** Keep the run's tickets (for `TICKET_FILE` and per-ticket commands when the run resumes). */
  async writeTickets(tickets: readonly Ticket[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(join(this.dir, 'tickets.json'), `${JSON.stringify(tickets, null, 2)}\n`);
  }

  /** The run's tickets by key (empty when the file is missing). */
  async readTickets(): Promise<Map<string, Ticket>> {
    try {
      const list = JSON.parse(await readFile(join(this.dir, 'tickets.json'), 'utf8')) as Ticket[];
      return new Map(list.map((t) => [t.key, t]));
    } catch {
      return new Map();
    }
  }

  /** Keep the plan the run started from (`plan.json`): the run view and the history read it. */
  async writePlan(plan: Plan): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(join(this.dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
  }

  /** The plan the run started from, or `undefined` for a run that did not keep it. */
  async readPlan(): Promise<Plan | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, 'plan.json'), 'utf8')) as Plan;
    } catch {
      return undefined;
    }
  }

  /** The lines of `events.jsonl` (a line cut short by a crash is skipped). */
  async readEvents(): Promise<RunEvent[]> {
    const text = await readFile(join(this.dir, 'events.jsonl'), 'utf8').catch(() => '');
    return text.split('\n').flatMap((line) => {
      try {
        return line.trim() === '' ? [] : [JSON.parse(line) as RunEvent];
      } catch {
        return [];
      }
    });
  }

  /** Every run id in the workspace, oldest first (ids sort by creation time). */
  static async listRuns(root: string): Promise<string[]> {
    try {
      return (await readdir(join(root, TICKETS_DIR, 'runs'))).sort();
    } catch {
      return [];
    }
  }
}

/** A ticket key as a folder name: `#42` → `issue-42`; anything else outside `[A-Za-z0-9_-]` → `-`. */
export function safeKey(key: string): string {
  return key.startsWith('#') ? `issue-${key.slice(1)}` : key.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** A new run id: sortable UTC time plus a random suffix, e.g. `20261129-104512-3fa9`. */
export function newRunId(now: Date, random: () => number = Math.random): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${Math.floor(random() * 0xffff).toString(16).padStart(4, '0')}`;
}
