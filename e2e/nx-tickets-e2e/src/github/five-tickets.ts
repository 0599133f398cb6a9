/** The five tickets of the GitHub e2e tests and their prepared changes (see `IMPLEMENT_SCRIPT`). */
const SHARED = 'libs/alpha/src/shared.ts';
/**
 * Five tickets: G-1 and G-2 edit one file (merged in plan order), G-4 is stacked on G-3 (it
 * depends on it and starts from its branch), G-5 stands alone. The repository allows squash
 * merges only, so G-4 must replay only its own commit once G-3 was squashed.
 */
export const FIVE = {
  tickets: [
    { key: 'G-1', title: 'First line of shared', files: [SHARED] },
    { key: 'G-2', title: 'Second line of shared', files: [SHARED] },
    { key: 'G-3', title: 'Add the parser', files: ['libs/beta/src/parser.ts'] },
    { key: 'G-4', title: 'Add the checker', files: ['libs/beta/src/checker.ts'], dependsOn: ['G-3'] },
    { key: 'G-5', title: 'Add the solo file', files: ['libs/alpha/src/solo.ts'] },
  ],
  changes: {
    'G-1': [{ file: SHARED, write: 'export const one = 1;\n' }],
    'G-2': [{ file: SHARED, find: 'export const one = 1;\n', replace: 'export const one = 1;\nexport const two = 2;\n' }],
    'G-3': [{ file: 'libs/beta/src/parser.ts', write: 'export const parse = (text: string) => text.split(" ");\n' }],
    'G-4': [
      { file: 'libs/beta/src/parser.ts', contains: 'export const parse' },
      { file: 'libs/beta/src/checker.ts', write: "import { parse } from './parser';\nexport const check = (t: string) => parse(t).length > 0;\n" },
    ],
    'G-5': [{ file: 'libs/alpha/src/solo.ts', write: 'export const solo = true;\n' }],
  },
};
