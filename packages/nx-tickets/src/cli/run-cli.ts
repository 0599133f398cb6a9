import { resolve } from 'node:path';
import { NxTicketsError } from '@nx-tickets/core';
import yargs, { type Argv } from 'yargs';
import { createRequire } from 'node:module';
import type { CliIo } from './cli-io.js';
import { describeError } from './describe-error.js';
import type { PlanCommandFlags } from './plan-command.js';
import { PLAN_FORMATS } from './plan-request.js';

/** The selection options shared by `plan` and `run`; `verb` words the help for each. */
const selectionOptions = (verb: 'plan' | 'run' | 'merge') => <T>(parser: Argv<T>) =>
  parser
    .positional('keys', { type: 'string', array: true, describe: `Ticket keys to ${verb} (PROJ-123, #42)` })
    .option('epic', { type: 'string', describe: `${capitalise(verb)} the open tickets of this epic` })
    .option('sprint', { type: 'string', describe: `${capitalise(verb)} a sprint: current, a sprint name or an id` })
    .option('all-ready', { type: 'boolean', describe: 'Select every ticket whose status is ready' })
    .option('with-dependencies', { type: 'boolean', describe: 'Add the open tickets the selection depends on' })
    .option('json', { type: 'boolean', describe: verb === 'plan' ? 'Print only the plan document as JSON (same as --format json)' : 'Print the run events as JSON lines' })
    .option('format', { type: 'string', choices: PLAN_FORMATS, describe: 'Output format of the plan' })
    .option('base', { type: 'string', describe: 'Base branch (default: config baseBranch, nx.json defaultBase, main)' })
    .option('max-threads', { type: 'number', describe: verb === 'plan' ? 'Tickets at the same time in the simulated schedule' : 'Tickets running at the same time (worker threads)' });
const capitalise = (word: string): string => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
const planOptions = selectionOptions('plan');
const runOptions = selectionOptions('run');

/** This package's version, for `--version` (package.json is two folders up from `src/cli` and `dist/cli`). */
const PACKAGE_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * The `nx-tickets` command line: parse `argv`, run the command, turn every error into a sentence.
 * Never throws and never exits the process.
 *
 * @returns the exit code: 0 ok, 1 unexpected failure, 2 bad input or config.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let action: (() => Promise<number>) | undefined;
  let printed = '';
  try {
    const cwdOf = (args: Record<string, unknown>) => resolve(io.cwd, String(args['cwd']));
    const parser = yargs()
      .scriptName('nx-tickets')
      .usage('$0 [command] [options]\n\nPlan and run tickets in parallel in an Nx workspace: one worktree and branch per ticket, verified with nx affected, merged one after another.')
      .command('plan [keys..]', 'Print the plan for the selected tickets; nothing is changed', (parser) => planOptions(parser).option('shards', { type: 'number', describe: 'With --format github-matrix: at most this many shards (default: the plan\'s threads)' }), (args) => {
        action = async () => (await import('./plan-command.js')).runPlanCommand(toPlanFlags(args, io.cwd), io);
      })
      .command(['run [keys..]', '$0 [keys..]'], 'Run the selected tickets in parallel and merge them onto the base branch', (parser) => runOptions(parser).option('dry-run', { type: 'boolean', describe: 'Print the plan and stop' }).option('wait-checks', { type: 'boolean', describe: 'host github: wait for the check runs of each pull request to pass before merging it' }).option('sync', { type: 'boolean', default: true, describe: 'Write progress back to Jira / GitHub issues (--no-sync turns it off)' }).option('shard', { type: 'string', describe: 'Run only shard i of n (i/n, as plan --format github-matrix cuts them): build and push, no merge' }), (args) => {
        action = async () => (await import('./run-command.js')).runRunCommand({ ...toPlanFlags(args, io.cwd), dryRun: args['dryRun'] as boolean | undefined, sync: args['sync'] !== false, ...(args['waitChecks'] === true ? { waitChecks: true } : {}), ...optionalString('shard', args['shard']) }, io);
      })
      .command('merge [keys..]', 'Merge the ticket branches CI shards pushed (run --shard): fetch them from origin, merge train in plan order, push the base branch', (parser) => selectionOptions('merge')(parser).option('sync', { type: 'boolean', default: true, describe: 'Write progress back to Jira / GitHub issues (--no-sync turns it off)' }), (args) => {
        action = async () => (await import('./merge-command.js')).runMergeCommand({ ...toPlanFlags(args, io.cwd), sync: args['sync'] !== false }, io);
      })
      .command('resume [runId]', 'Continue an interrupted run (default: the latest) without repeating finished steps', (parser) => parser.positional('runId', { type: 'string', describe: 'Run id (see nx-tickets status)' }).option('json', { type: 'boolean', describe: 'Print events as JSON lines' }).option('sync', { type: 'boolean', default: true, describe: 'Write progress back to Jira / GitHub issues (--no-sync turns it off)' }), (args) => {
        action = async () => (await import('./run-command.js')).runContinueCommand({ cwd: cwdOf(args), ...optionalString('runId', args['runId']), json: args['json'] === true, sync: args['sync'] !== false, ...colorOf(args) }, io);
      })
      // `[keys..]`, not `<keys..>`: without a key, yargs' own message ("Not enough non-option arguments") says too little.
      .command('retry [keys..]', 'Re-queue failed, blocked or set-aside tickets of a run and continue it', (parser) => parser.positional('keys', { type: 'string', array: true, describe: 'Ticket keys' }).option('run', { type: 'string', describe: 'Run id (default: the latest)' }).option('json', { type: 'boolean', describe: 'Print events as JSON lines' }).option('sync', { type: 'boolean', default: true, describe: 'Write progress back to Jira / GitHub issues (--no-sync turns it off)' }), (args) => {
        const keys = ((args['keys'] as unknown[] | undefined) ?? []).map(String);
        if (keys.length === 0) {
          throw new NxTicketsError('NX_TICKETS_INVALID_ARGUMENTS', 'Name the tickets to retry: `nx-tickets retry KEY… [--run ID]`.', { hint: '`nx-tickets status` lists the failed, blocked and set-aside tickets of the latest run.', exitCode: 2 });
        }
        action = async () => (await import('./run-command.js')).runContinueCommand({ cwd: cwdOf(args), retry: keys, ...optionalString('runId', args['run']), json: args['json'] === true, sync: args['sync'] !== false, ...colorOf(args) }, io);
      })
      .command('clean', 'Remove the worktrees finished runs left behind (merged tickets; --all: failed and set-aside ones too)', (parser) => parser
        .option('all', { type: 'boolean', describe: 'Also remove the worktrees of failed, blocked and set-aside tickets of finished runs (their branches stay)' })
        .option('branches', { type: 'boolean', describe: 'Also delete the branches of merged tickets whose commits are all on the base branch' })
        .option('dry-run', { type: 'boolean', describe: 'Say what would be removed and change nothing' })
        .option('json', { type: 'boolean', describe: 'Print what was done as JSON' }), (args) => {
        action = async () => (await import('./clean-command.js')).runCleanCommand({ cwd: cwdOf(args), all: args['all'] === true, branches: args['branches'] === true, dryRun: args['dryRun'] === true, json: args['json'] === true, ...colorOf(args) }, io);
      })
      .command('status [runId]', 'Show the state of a run (default: the latest)', (parser) => parser.positional('runId', { type: 'string', describe: 'Run id' }).option('json', { type: 'boolean', describe: 'Print the run state as JSON' }), (args) => {
        action = async () => (await import('./run-command.js')).runStatusCommand({ cwd: cwdOf(args), ...optionalString('runId', args['runId']), json: args['json'] === true, ...colorOf(args) }, io);
      })
      .command('report [runId]', 'Write the run view of a run (default: the latest) as one self-contained HTML file', (parser) => parser.positional('runId', { type: 'string', describe: 'Run id' }).option('out', { type: 'string', describe: 'HTML file to write (default: report.html in the run\'s folder)' }).option('open', { type: 'boolean', describe: 'Open the file with the system\'s default application' }), (args) => {
        action = async () => (await import('./report-command.js')).runReportCommand({ cwd: cwdOf(args), ...optionalString('runId', args['runId']), ...optionalString('out', args['out']), open: args['open'] === true }, io);
      })
      .command('metrics', 'Show metrics per run and over time from the run history (.nx/tickets/history.jsonl)', (parser) => parser.option('json', { type: 'boolean', describe: 'Print the metrics as JSON' }), (args) => {
        action = async () => (await import('./metrics-command.js')).runMetricsCommand({ cwd: cwdOf(args), json: args['json'] === true, ...colorOf(args) }, io);
      })
      .option('cwd', { type: 'string', default: io.cwd, defaultDescription: 'the current directory', describe: 'Directory inside the Nx workspace' })
      .option('color', { type: 'boolean', describe: 'Colour the output (--no-color turns it off; NO_COLOR is honoured)' })
      .option('verbose', { type: 'boolean', describe: 'Print stack traces of errors' })
      .strict()
      .help()
      .version(PACKAGE_VERSION)
      .wrap(Math.min(100, process.stdout.columns || 100))
      .fail((message, error) => {
        throw error ?? new NxTicketsError('NX_TICKETS_INVALID_ARGUMENTS', message, { hint: 'Run nx-tickets --help to see the commands and options.' });
      });
    await parser.parseAsync([...argv], {}, (_error, _args, output) => {
      printed = output;
    });
    if (printed !== '') io.stdout.write(printed.endsWith('\n') ? printed : `${printed}\n`);
    return action ? await action() : 0;
  } catch (error) {
    const { text, exitCode } = describeError(error, argv.includes('--verbose'));
    io.stderr.write(text);
    return exitCode;
  }
}

function optionalString<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: String(value) } as Record<K, string>);
}

function colorOf(args: Record<string, unknown>): { color?: boolean } {
  return typeof args['color'] === 'boolean' ? { color: args['color'] } : {};
}

function toPlanFlags(args: Record<string, unknown>, cwd: string): PlanCommandFlags {
  const pick = <T>(name: string): T | undefined => args[name] as T | undefined;
  return {
    cwd: resolve(cwd, String(args['cwd'])),
    keys: pick<string[]>('keys') ?? [],
    epic: pick('epic'),
    sprint: pick('sprint'),
    allReady: pick('allReady'),
    withDependencies: pick('withDependencies'),
    json: pick('json'),
    format: pick('format'),
    base: pick('base'),
    maxThreads: pick('maxThreads'),
    shards: pick('shards'),
    color: pick('color'),
  };
}
