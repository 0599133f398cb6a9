import type { StatusSync } from '@nx-tickets/core';
import { createStatusSync } from '../adapters/create-status-sync.js';
import type { ResolvedConfig } from '../config/index.js';

/** `{ statusSync }` for the run's source, or `{}` with `--no-sync` (`sync === false`) or a source with nowhere to write. */
export async function statusSyncOf(root: string, config: ResolvedConfig, sync: boolean | undefined): Promise<{ statusSync?: StatusSync }> {
  if (sync === false) return {};
  const statusSync = await createStatusSync(root, config);
  return statusSync ? { statusSync } : {};
}
