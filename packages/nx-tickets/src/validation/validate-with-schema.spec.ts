import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { validateWithSchema } from './validate-with-schema.js';

describe('validateWithSchema', () => {
  test('quotes a long wrong value cut at a whole character, emoji and wide ones too', () => {
    const schema = z.strictObject({ count: z.number() });
    const emoji = `${'a'.repeat(39)}👩‍💻 and more`;
    expect(validateWithSchema(schema, { count: emoji }).errors).toEqual([{ path: 'count', message: `expected a number, got "${'a'.repeat(39)}…"` }]);
    const wide = '日本語のタイトルはとても長いのでここで切られるはずです';
    const message = validateWithSchema(schema, { count: wide }).errors[0]?.message ?? '';
    expect(message).toBe('expected a number, got "日本語のタイトルはとても長いのでここで切…"');
    expect(validateWithSchema(schema, { count: 'short' }).errors[0]?.message).toBe('expected a number, got "short"');
  });
});
