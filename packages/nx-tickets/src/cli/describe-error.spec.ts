import { NxTicketsError } from '@nx-tickets/core';
import { describe, expect, test } from 'vitest';
import { describeError } from './describe-error.js';

describe('describeError', () => {
  test('prints the message and hint of an nx-tickets error and keeps its exit code', () => {
    const error = new NxTicketsError('NX_TICKETS_TICKET_NOT_FOUND', 'Ticket A-9 was not found.', { hint: 'Check tickets/.' });
    expect(describeError(error, false)).toEqual({ text: 'error: Ticket A-9 was not found.\nhint: Check tickets/.\n', exitCode: 2 });
  });

  test('recognises an nx-tickets error by its code after it lost its prototype', () => {
    const plain = { code: 'NX_TICKETS_LOCKED', message: 'Another run holds the lock.', exitCode: 3 };
    expect(describeError(plain, false)).toEqual({ text: 'error: Another run holds the lock.\n', exitCode: 3 });
  });

  test('reports an unexpected error in one sentence with exit code 1 and no stack', () => {
    const { text, exitCode } = describeError(new TypeError('x is undefined'), false);
    expect(exitCode).toBe(1);
    expect(text).toBe('error: nx-tickets failed unexpectedly: x is undefined\nhint: run again with --verbose to see the stack trace, and report it if it persists.\n');
  });

  test('adds the stack trace with verbose', () => {
    expect(describeError(new TypeError('x is undefined'), true).text).toContain('at ');
  });
});
