import type { OutputStream } from './cli-io.js';

/** What Nx puts in `FORCE_COLOR` for every task it runs when the user did not set it. */
const NX_TASK_FORCE_COLOR = 'true';

/**
 * Whether to colour output:
 * 1. `--no-color` turns it off and `--color` on: a flag given for this command wins (as
 *    no-color.org says command-line arguments may override `NO_COLOR`);
 * 2. a non-empty `NO_COLOR` turns it off;
 * 3. `FORCE_COLOR` (other than `0` / `false`) turns it on — except the `FORCE_COLOR=true` that Nx
 *    sets for every task (`nx run-tickets`, recognised by `NX_TASK_TARGET_PROJECT`), which is not
 *    the user's wish; a user forces colour through Nx with `FORCE_COLOR=1` or `--color`;
 * 4. otherwise only a terminal that is not `TERM=dumb` gets colour (through Nx: when Nx runs the
 *    task on a pseudo-terminal, i.e. its own output is a terminal).
 *
 * @param flag the `--color` / `--no-color` flag, `undefined` when not given.
 */
export function useColor(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>, stream: OutputStream): boolean {
  if (flag !== undefined) return flag;
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  const force = env['FORCE_COLOR'];
  const setByNx = env['NX_TASK_TARGET_PROJECT'] !== undefined && force === NX_TASK_FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false' && !setByNx) return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}
