const INFRASTRUCTURE_CODES = new Set(['NX_TICKETS_WORKER_CRASHED', 'NX_TICKETS_NX_DATABASE_BUSY', 'NX_TICKETS_GITHUB_RATE_LIMITED']);

/** A failure of the machinery rather than of the ticket's work. */
export function isInfrastructureFailure(failure: { code?: string; message: string }): boolean {
  if (failure.code !== undefined && INFRASTRUCTURE_CODES.has(failure.code)) return true;
  return failure.code === 'NX_TICKETS_GIT_FAILED' && /\.lock'|index\.lock|config\.lock|commondir|cannot lock ref/i.test(failure.message);
}
