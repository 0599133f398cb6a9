import type { OutputStream } from './cli-io.js';

/**
 * Whether to colour output: `--no-color` and a non-empty `NO_COLOR` turn it off, `--color` and
 * `FORCE_COLOR` (other than `0`) turn it on, otherwise only a terminal that is not `TERM=dumb` gets colour.
 *
 * @param flag the `--color` / `--no-color` flag, `undefined` when not given.
 */
export function useColor(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>, stream: OutputStream): boolean {
  if (flag === false || (env['NO_COLOR'] ?? '') !== '') return false;
  if (flag === true) return true;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}
