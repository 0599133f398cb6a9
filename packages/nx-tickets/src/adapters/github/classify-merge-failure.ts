/** What the merge train does about a refused merge. */
export type MergeFailureKind = 'base-moved' | 'head-moved' | 'method-not-allowed' | 'draft' | 'conflict' | 'checks' | 'other';

/**
 * Classify an answer of `PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge`: 405 "Base branch was
 * modified" → `base-moved` (integrate again), 409 "Head branch was modified" → `head-moved` (verify
 * the new head), 405 "… are not allowed on this repository" → `method-not-allowed` (re-read the
 * settings), 405 "still a draft" → `draft`, 405 "not mergeable" → `conflict` (set aside), 405/422
 * about status checks or reviews → `checks`; anything else → `other`. Pure.
 */
export function classifyMergeFailure(status: number, message: string): MergeFailureKind {
  if (status === 409) return 'head-moved';
  if (status !== 405 && status !== 422) return 'other';
  if (/base branch was modified/i.test(message)) return 'base-moved';
  if (/head branch was modified/i.test(message)) return 'head-moved';
  if (/not allowed on this repository/i.test(message)) return 'method-not-allowed';
  if (/draft/i.test(message)) return 'draft';
  if (/status check|review|protected branch|required/i.test(message)) return 'checks';
  if (/not mergeable|conflict/i.test(message)) return 'conflict';
  return 'other';
}
