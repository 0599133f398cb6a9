import { describe, expect, test } from 'vitest';
import { summariseGraphFailure } from './summarise-graph-failure.js';

describe('summariseGraphFailure', () => {
  test('keeps the meaningful lines of a plugin error without code frames and absolute paths', () => {
    const reason = [
      'Failed to process project graph.',
      'An error occurred while processing files for the @nx/vite/plugin plugin.',
      '  - apps/web/vite.config.ts:',
      "      Cannot find module 'vite' from /repo/apps/web",
      '        1 | import x',
      '          | ^',
      '    at Object.<anonymous> (/repo/node_modules/x.js:1:1)',
    ].join('\n');
    expect(summariseGraphFailure(reason, '/repo')).toBe("An error occurred while processing files for the @nx/vite/plugin plugin; Cannot find module 'vite' from apps/web");
  });

  test('names a missing @nx/devkit plainly', () => {
    expect(summariseGraphFailure("Cannot find module '@nx/devkit'\nRequire stack:\n- /x/package.json", '/x')).toBe(
      '@nx/devkit is not installed in the workspace (install nx and @nx/devkit)',
    );
  });
});
