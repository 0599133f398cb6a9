import { fallbackIdentity } from '../adapters/git/index.js';

const identities = new WeakMap<object, Promise<string[]>>();

/**
 * The stand-in author of a run's commits (`-c user.name=… -c user.email=…` where git has none, see
 * `fallbackIdentity`), read once per run: every ticket commits in the same repository.
 *
 * @param run the run's context (the key of the cache) and its workspace root.
 */
export function identityOf(run: { root: string }): Promise<string[]> {
  let identity = identities.get(run);
  if (!identity) identities.set(run, (identity = fallbackIdentity(run.root)));
  return identity;
}
