import { describe, expect, it } from 'vitest';
import { GatehouseError, isErrorPayload, toErrorPayload } from '../../server/errors.js';

describe('toErrorPayload()', () => {
  it('derives the category from the code', () => {
    expect(toErrorPayload(new GatehouseError('ACCESS_DENIED', 'no'))).toEqual({
      category: 'client_error',
      code: 'ACCESS_DENIED',
      message: 'no',
      retryAfterMs: null,
    });
    expect(toErrorPayload(new GatehouseError('DATABASE_BUSY', 'busy', { retryAfterMs: 250 }))).toMatchObject({
      category: 'external_error',
      retryAfterMs: 250,
    });
  });

  it('lets an I/O failure be marked external', () => {
    const error = new GatehouseError('INTERNAL_ERROR', 'disk full', { category: 'external_error' });
    expect(toErrorPayload(error).category).toBe('external_error');
  });

  it('appends the hint to the message', () => {
    expect(toErrorPayload(new GatehouseError('NOT_FOUND', 'No such file.', { hint: 'Check the path.' })).message).toBe(
      'No such file. Check the path.',
    );
  });

  it('hides everything about an unexpected exception', () => {
    const payload = toErrorPayload(new Error('secret at /home/ana/.ssh/id_rsa'));
    expect(payload.code).toBe('INTERNAL_ERROR');
    expect(payload.category).toBe('server_error');
    expect(JSON.stringify(payload)).not.toMatch(/secret|ssh/);
  });
});

describe('isErrorPayload()', () => {
  it('recognises a payload that crossed a process boundary and nothing else', () => {
    expect(isErrorPayload(JSON.parse(JSON.stringify(toErrorPayload(new GatehouseError('PAUSED', 'p')))))).toBe(true);
    expect(isErrorPayload({ code: 'NOPE', message: 'x' })).toBe(false);
    expect(isErrorPayload(null)).toBe(false);
  });
});
