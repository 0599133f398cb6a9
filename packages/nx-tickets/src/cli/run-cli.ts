import { resolve } from 'node:path';
import { NxTicketsError } from '@nx-tickets/core';
import yargs, { type Argv } from 'yargs';
import type { CliIo } from './cli-io.js';
import { describeError } from './describe-error.js';
import { runPlanCommand, type PlanCommandFlags } from './plan-command.js';
import { PLAN_FORMATS } from './plan-request.js';

const planOptions = <T>(parser: Argv<T>) =>
  parser
    .positional('keys', { type: 'string', array: true, describe: 'Ticket keys to plan (PROJ-123, #42)' })
    .option('epic', { type: 'string', describe: 'Plan the open tickets of this epic' })
    .option('sprint', { type: 'string', describe: 'Plan a sprint: current, a sprint name or an id' })
    .option('all-ready', { type: 'boolean', describe: 'Plan every ticket whose status is ready' })
    .option('with-dependencies', { type: 'boolean', describe: 'Add the open tickets the selection depends on' })
    .option('json', { type: 'boolean', describe: 'Print only the plan document as JSON (same as --format json)' })
    .option('format', { type: 'string', choices: PLAN_FORMATS, describe: 'Output format' })
    .option('base', { type: 'string', describe: 'Base branch (default: config baseBranch, nx.json defaultBase, main)' })
    .option('max-threads', { type: 'number', describe: 'Tickets run at the same time in the simulated schedule' });

/**
 * The `nx-tickets` command line: parse `argv`, run the command, turn every error into a sentence.
 * Never throws and never exits the process.
 *
 * @returns the exit code: 0 ok, 1 unexpected failure, 2 bad input or config.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: PlanCommandFlags | undefined;
  let implicit = false;
  let printed = '';
  try {
    const record = (isDefault: boolean) => (args: Record<string, unknown>): void => {
      command = toPlanFlags(args, io.cwd);
      implicit = isDefault;
    };
    const parser = yargs()
      .scriptName('nx-tickets')
      .usage('$0 [command] [options]\n\nPlan tickets that can safely run in parallel in an Nx workspace.')
      .command('plan [keys..]', 'Print the plan for the selected tickets; nothing is changed', planOptions, record(false))
      .command('$0 [keys..]', 'Same as `plan` in this version (running tickets arrives later)', planOptions, record(true))
      .option('cwd', { type: 'string', default: io.cwd, defaultDescription: 'the current directory', describe: 'Directory inside the Nx workspace' })
      .option('color', { type: 'boolean', describe: 'Colour the output (--no-color turns it off; NO_COLOR is honoured)' })
      .option('verbose', { type: 'boolean', describe: 'Print stack traces of errors' })
      .strict()
      .help()
      .version(false)
      .wrap(Math.min(100, process.stdout.columns || 100))
      .fail((message, error) => {
        throw error ?? new NxTicketsError('NX_TICKETS_INVALID_ARGUMENTS', message, { hint: 'Run nx-tickets --help to see the commands and options.' });
      });
    await parser.parseAsync([...argv], {}, (_error, _args, output) => {
      printed = output;
    });
    if (printed !== '') io.stdout.write(printed.endsWith('\n') ? printed : `${printed}\n`);
    if (!command) return 0;
    const word = implicit ? command.keys?.find((key) => /^[a-z][a-z-]*$/.test(String(key))) : undefined;
    if (word !== undefined) {
      throw new NxTicketsError('NX_TICKETS_INVALID_ARGUMENTS', `Unknown command "${String(word)}".`, { hint: 'This version has one command, plan: run nx-tickets plan KEY… or nx-tickets --help.' });
    }
    if (implicit) io.stderr.write('note: this version of nx-tickets only plans; `nx-tickets KEY…` prints the plan and runs nothing.\n');
    return await runPlanCommand(command, io);
  } catch (error) {
    const { text, exitCode } = describeError(error, argv.includes('--verbose'));
    io.stderr.write(text);
    return exitCode;
  }
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
    color: pick('color'),
  };
}
