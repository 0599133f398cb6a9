import { describe, expect, test } from 'vitest';
import { cutTitle, REPORT_SCRIPT } from './report-client.js';

describe('cutTitle', () => {
  test('cuts at a whole character: an emoji sequence at the edge is kept whole or left out', () => {
    const title = `${'a'.repeat(38)}👩‍💻 pairing`;
    expect(cutTitle(title, 40)).toBe(`${'a'.repeat(38)}👩‍💻…`);
    expect(cutTitle(`${'a'.repeat(39)}👩‍💻 pairing`, 40)).toBe(`${'a'.repeat(39)}…`);
    expect(cutTitle('short', 40)).toBe('short');
  });

  test('is the function the report page runs', () => {
    expect(REPORT_SCRIPT).toContain(cutTitle.toString());
    expect(REPORT_SCRIPT).toContain('cutTitle(n.title, 40)');
  });
});
