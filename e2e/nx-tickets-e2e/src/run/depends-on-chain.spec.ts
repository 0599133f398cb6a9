import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, type RunWorkspace, type TicketStateFile } from './run-workspace.js';

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha' }],
    tickets: [
      { key: 'CH-1', title: 'Add the parser', files: ['libs/alpha/src/parser.ts'] },
      { key: 'CH-2', title: 'Add the checker', files: ['libs/alpha/src/checker.ts'], dependsOn: ['CH-1'] },
      { key: 'CH-3', title: 'Add the printer', files: ['libs/alpha/src/printer.ts'], dependsOn: ['CH-2'] },
    ],
    changes: {
      'CH-1': [{ file: 'libs/alpha/src/parser.ts', write: 'export const parse = (text: string) => text.split(" ");\n' }],
      // Each checks that its worktree holds the work of the ticket it depends on.
      'CH-2': [
        { file: 'libs/alpha/src/parser.ts', contains: 'export const parse' },
        { file: 'libs/alpha/src/checker.ts', write: "import { parse } from './parser';\nexport const check = (text: string) => parse(text).length > 0;\n" },
      ],
      'CH-3': [
        { file: 'libs/alpha/src/checker.ts', contains: 'export const check' },
        { file: 'libs/alpha/src/printer.ts', write: "import { parse } from './parser';\nexport const print = (text: string) => parse(text).join('\\n');\n" },
      ],
    },
  });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run with a dependsOn chain', () => {
  test('starts each ticket from the branch head of the one it depends on and merges them in order', async () => {
    const result = await ws.nxTickets(['run', 'CH-3', 'CH-1', 'CH-2']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);

    const state = await ws.state();
    const ticket = (key: string) => state.tickets[key] as TicketStateFile;
    const [one, two, three] = [ticket('CH-1'), ticket('CH-2'), ticket('CH-3')];
    expect([one.status, two.status, three.status]).toEqual(['merged', 'merged', 'merged']);
    expect(one.startPoint).toBe(state.baseStart);
    expect(one.stackedOn).toBeUndefined();

    // Stacked: started from the dependency's branch head (its commit before the merge train took it).
    const events = await ws.events();
    const builtHead = (key: string) => events.find((e) => e.type === 'ticket:built' && e.ticket === key)?.['head'];
    expect(two.stackedOn).toEqual({ key: 'CH-1', head: builtHead('CH-1') });
    expect(two.startPoint).toBe(builtHead('CH-1'));
    expect(three.stackedOn).toEqual({ key: 'CH-2', head: builtHead('CH-2') });
    expect(three.startPoint).toBe(builtHead('CH-2'));

    const merged = events.filter((e) => e.type === 'ticket:merged').map((e) => e.ticket);
    expect(merged).toEqual(['CH-1', 'CH-2', 'CH-3']);
    const subjects = (await ws.git(['log', '--format=%s', `${state.baseStart}..main`])).trim().split('\n').reverse();
    expect(subjects).toEqual(['CH-1: Add the parser', 'CH-2: Add the checker', 'CH-3: Add the printer']);
    expect(state.baseHead).toBe((await ws.git(['rev-parse', 'main'])).trim());
    expect(three.mergedSha).toBe(state.baseHead);

    const files = (await ws.git(['ls-tree', '-r', '--name-only', 'main', 'libs/alpha/src'])).trim().split('\n');
    expect(files).toEqual(expect.arrayContaining(['libs/alpha/src/parser.ts', 'libs/alpha/src/checker.ts', 'libs/alpha/src/printer.ts']));
    expect(await ws.git(['ls-tree', '-r', 'main'])).toBe(await ws.sequentialTree(state.baseStart, ['CH-1', 'CH-2', 'CH-3']));
  });
});
