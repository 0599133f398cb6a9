import { describe, expect, test } from 'vitest';
import { buildPlanRequest } from './plan-request.js';

const errorOf = (run: () => unknown): { code?: string; message?: string; hint?: string; exitCode?: number } => {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; hint: string; exitCode: number };
  }
  throw new Error('expected an error');
};

describe('buildPlanRequest', () => {
  test('turns keys into a selection without duplicates, in the order given', () => {
    expect(buildPlanRequest({ keys: ['B-2', 'A-1', 'B-2', '#42'] })).toEqual({
      selection: { keys: ['B-2', 'A-1', '#42'] },
      overrides: {},
      format: 'text',
    });
  });

  test('passes epic, with-dependencies, base and max-threads through', () => {
    expect(buildPlanRequest({ epic: 'EPIC-10', withDependencies: true, base: 'develop', maxThreads: 4, json: true })).toEqual({
      selection: { keys: [], epic: 'EPIC-10', withDependencies: true },
      overrides: { base: 'develop', maxThreads: 4 },
      format: 'json',
    });
  });

  test('reads a numeric sprint id as text', () => {
    expect(buildPlanRequest({ sprint: 15 }).selection).toEqual({ keys: [], sprint: '15' });
  });

  test('refuses keys combined with --epic, naming both', () => {
    const error = errorOf(() => buildPlanRequest({ keys: ['A-1'], epic: 'EPIC-1' }));
    expect(error).toMatchObject({ code: 'NX_TICKETS_INVALID_ARGUMENTS', exitCode: 2 });
    expect(error.message).toBe('Choose one way to select tickets: ticket keys and --epic cannot be combined.');
  });

  test('refuses --sprint combined with --all-ready', () => {
    expect(errorOf(() => buildPlanRequest({ sprint: 'current', allReady: true })).message).toBe(
      'Choose one way to select tickets: --sprint and --all-ready cannot be combined.',
    );
  });

  test('refuses an empty selection with a hint listing the ways to select', () => {
    const error = errorOf(() => buildPlanRequest({ withDependencies: true }));
    expect(error.message).toBe('Nothing to plan: no tickets were selected.');
    expect(error.hint).toContain('--epic KEY');
  });

  test('refuses a malformed key by name', () => {
    expect(errorOf(() => buildPlanRequest({ keys: ['proj-1'] })).message).toBe('"proj-1" is not a ticket key.');
  });

  test('refuses a max-threads value below 1 or fractional', () => {
    expect(errorOf(() => buildPlanRequest({ keys: ['A-1'], maxThreads: 0 })).message).toContain('--max-threads 0');
    expect(errorOf(() => buildPlanRequest({ keys: ['A-1'], maxThreads: 1.5 })).message).toContain('--max-threads 1.5');
  });

  test('refuses a base that looks like an option', () => {
    expect(errorOf(() => buildPlanRequest({ keys: ['A-1'], base: '--upload-pack=x' })).message).toBe('--base "--upload-pack=x" is not a branch name.');
  });

  test('refuses formats that are not implemented and contradicting format flags', () => {
    expect(errorOf(() => buildPlanRequest({ keys: ['A-1'], format: 'xml' })).message).toBe('--format xml is not available.');
    expect(buildPlanRequest({ keys: ['A-1'], format: 'mermaid' }).format).toBe('mermaid');
    expect(errorOf(() => buildPlanRequest({ keys: ['A-1'], format: 'text', json: true })).message).toBe('--json and --format text contradict each other.');
  });
});
