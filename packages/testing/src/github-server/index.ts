export * from './github-server.js';
export type { FakeCheckRun, FakeIssue, FakeMilestone, FakePullRequest, FakeRepoSettings, FakeRepoState } from './fake-github.js';
export type { Fault, FaultKind } from './faults.js';
export type { SpecViolation as GitHubSpecViolation } from './spec-checker.js';
