import { fail, toPullJson, type FakePullRequest, type FakeRepoState, type OperationRequest } from './fake-github.js';
import type { FakeResponse } from './faults.js';

/** A handler of one operation (by operation id), after the spec check. */
export type OperationHandler = (s: FakeRepoState, req: OperationRequest) => Promise<FakeResponse>;

const pull = (s: FakeRepoState, req: OperationRequest) => s.pulls.find((p) => p.number === Number(req.params.pull_number));

/** `owner:branch` or `branch` → branch. */
const headBranch = (head: string) => head.slice(head.indexOf(':') + 1);

/**
 * Pull request operations: list, get, create (422 when an open one exists for the head), update,
 * request reviewers, update-branch (a real merge of the base into the head on the bare repository)
 * and merge (a real merge, squash or rebase onto the base, guarded by `sha`, obeying the repository's
 * allowed methods).
 */
export const pullOperations: Record<string, OperationHandler> = {
  'repos/get': async (s) => ({
    status: 200,
    body: {
      id: 1,
      name: s.repo,
      full_name: `${s.owner}/${s.repo}`,
      private: false,
      default_branch: s.defaultBranch,
      html_url: `${s.baseUrl}/${s.owner}/${s.repo}`,
      allow_merge_commit: s.settings.allowMergeCommit,
      allow_squash_merge: s.settings.allowSquashMerge,
      allow_rebase_merge: s.settings.allowRebaseMerge,
    },
  }),
  'pulls/list': async (s, req) => {
    const state = (req.query.state as string | undefined) ?? 'open';
    const head = req.query.head === undefined ? undefined : headBranch(String(req.query.head));
    const found = s.pulls.filter((p) => (state === 'all' || p.state === state) && (head === undefined || p.head === head));
    return { status: 200, body: await Promise.all(found.map((p) => toPullJson(s, p))) };
  },
  'pulls/get': async (s, req) => {
    const pr = pull(s, req);
    return pr ? { status: 200, body: await toPullJson(s, pr) } : fail(404, 'Not Found');
  },
  'pulls/create': async (s, req) => {
    const b = req.body as { title?: string; head: string; base: string; body?: string; draft?: boolean };
    const head = headBranch(b.head);
    if (!(await s.origin.branchHead(head))) return fail(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (!(await s.origin.branchHead(b.base))) return fail(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    if (s.pulls.some((p) => p.head === head && p.state === 'open')) {
      return fail(422, 'Validation Failed', [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${s.owner}:${head}.` }]);
    }
    const pr: FakePullRequest = {
      number: s.nextNumber(),
      title: b.title ?? head,
      body: b.body ?? '',
      head,
      base: b.base,
      state: 'open',
      draft: b.draft === true,
      merged: false,
      mergeCommitSha: null,
      labels: [],
      reviewers: [],
      author: req.login,
    };
    s.pulls.push(pr);
    return { status: 201, body: await toPullJson(s, pr) };
  },
  'pulls/update': async (s, req) => {
    const pr = pull(s, req);
    if (!pr) return fail(404, 'Not Found');
    const b = req.body as { title?: string; body?: string; state?: 'open' | 'closed'; base?: string };
    if (b.title !== undefined) pr.title = b.title;
    if (b.body !== undefined) pr.body = b.body;
    if (b.base !== undefined) pr.base = b.base;
    if (b.state === 'closed' && pr.state === 'open') Object.assign(pr, { state: 'closed', closedHeadSha: await s.origin.branchHead(pr.head) });
    if (b.state === 'open' && !pr.merged) pr.state = 'open';
    return { status: 200, body: await toPullJson(s, pr) };
  },
  'pulls/request-reviewers': async (s, req) => {
    const pr = pull(s, req);
    if (!pr) return fail(404, 'Not Found');
    const reviewers = (req.body.reviewers as string[] | undefined) ?? [];
    if (reviewers.includes(pr.author)) return fail(422, 'Review cannot be requested from pull request author.');
    for (const r of reviewers) if (!pr.reviewers.includes(r)) pr.reviewers.push(r);
    return { status: 201, body: await toPullJson(s, pr) };
  },
  'pulls/update-branch': async (s, req) => {
    const pr = pull(s, req);
    if (!pr || pr.state !== 'open') return fail(422, 'Validation Failed');
    const headSha = (await s.origin.branchHead(pr.head)) as string;
    const expected = req.body.expected_head_sha as string | undefined;
    if (expected !== undefined && expected !== headSha) return fail(422, 'expected head sha didn’t match current head ref.');
    const baseSha = (await s.origin.branchHead(pr.base)) as string;
    if (await s.origin.isAncestor(baseSha, headSha)) return fail(422, 'There are no new commits on the base branch.');
    const merged = await s.origin.mergeBaseInto(pr.head, headSha, pr.base);
    if (!merged.ok) return fail(422, 'merge conflict between base and head');
    return { status: 202, body: { message: 'Updating pull request branch.', url: `${s.baseUrl}/repos/${s.owner}/${s.repo}/pulls/${pr.number}` } };
  },
  'pulls/merge': async (s, req) => mergePull(s, req),
};

async function mergePull(s: FakeRepoState, req: OperationRequest): Promise<FakeResponse> {
  const pr = pull(s, req);
  if (!pr) return fail(404, 'Not Found');
  if (pr.state !== 'open') return fail(405, 'Pull Request is not mergeable');
  if (pr.draft) return fail(405, 'Pull Request is still a draft');
  const method = (req.body.merge_method as 'merge' | 'squash' | 'rebase' | undefined) ?? 'merge';
  const allowed = { merge: s.settings.allowMergeCommit, squash: s.settings.allowSquashMerge, rebase: s.settings.allowRebaseMerge }[method];
  if (!allowed) return fail(405, `${{ merge: 'Merge commits', squash: 'Squash merges', rebase: 'Rebase merges' }[method]} are not allowed on this repository.`);
  const headSha = (await s.origin.branchHead(pr.head)) as string;
  if (req.body.sha !== undefined && req.body.sha !== headSha) return fail(409, 'Head branch was modified. Review and try the merge again.');
  const checks = s.checks.get(headSha) ?? [];
  if (checks.some((c) => c.status !== 'completed' || !['success', 'neutral', 'skipped'].includes(c.conclusion ?? ''))) return fail(405, 'Required status check is expected.');
  const baseSha = (await s.origin.branchHead(pr.base)) as string;
  const title = (req.body.commit_title as string | undefined) ?? (method === 'squash' ? `${pr.title} (#${pr.number})` : `Merge pull request #${pr.number} from ${s.owner}/${pr.head}`);
  const message = [title, (req.body.commit_message as string | undefined) ?? (method === 'squash' ? pr.body : pr.title)].filter(Boolean).join('\n\n');
  const result = await s.origin.merge(pr.base, baseSha, headSha, method, message).catch(() => undefined);
  if (!result) return fail(405, 'Base branch was modified. Review and try the merge again.');
  if (!result.ok) return fail(405, 'Pull Request is not mergeable');
  Object.assign(pr, { state: 'closed', merged: true, mergeCommitSha: result.sha, closedHeadSha: headSha });
  if (pr.base === s.defaultBranch) closeLinkedIssues(s, pr.body);
  return { status: 200, body: { sha: result.sha, merged: true, message: 'Pull Request successfully merged' } };
}

/** GitHub closes `Closes #N` / `Fixes #N` / `Resolves #N` issues when the PR lands on the default branch. */
function closeLinkedIssues(s: FakeRepoState, body: string): void {
  for (const match of body.matchAll(/\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+#(\d+)\b/gi)) {
    const issue = s.issues.find((i) => i.number === Number(match[1]));
    if (issue) issue.state = 'closed';
  }
}
