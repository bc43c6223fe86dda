import { describe, expect, it } from 'vitest';
import { checkMessage, findIdInFragment } from '../../../server/transport/jsonrpc-check.js';

describe('checkMessage()', () => {
  it('passes requests, notifications and responses on', () => {
    for (const message of [
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'x' } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 3, result: {} },
      { jsonrpc: '2.0', id: 4, error: { code: 1, message: 'x' } },
    ]) {
      expect(checkMessage(message)).toEqual({ kind: 'message', message });
    }
  });

  const rejected: Array<[string, unknown, string | number | null]> = [
    ['params that are a string', { jsonrpc: '2.0', id: 5, method: 'tools/call', params: 'oops' }, 5],
    ['params that are an array', { jsonrpc: '2.0', id: 'r', method: 'tools/call', params: [1] }, 'r'],
    ['a wrong jsonrpc version', { jsonrpc: '1.0', id: 6, method: 'ping' }, 6],
    ['a method that is not a string', { jsonrpc: '2.0', id: 7, method: 42 }, 7],
    ['an object id', { jsonrpc: '2.0', id: { x: 1 }, method: 'ping' }, null],
    ['a batch', [{ jsonrpc: '2.0', id: 1, method: 'ping' }], null],
    ['a bare number', 42, null],
    ['an object with nothing in it', {}, null],
  ];

  it.each(rejected)('answers %s with an Invalid Request error for its id', (_name, value, id) => {
    expect(checkMessage(value)).toMatchObject({ kind: 'reject', id, code: -32600 });
  });

  it('ignores a malformed notification, which has no one to answer', () => {
    expect(checkMessage({ jsonrpc: '2.0', method: 'notifications/x', params: 'bad' }).kind).toBe('ignore');
  });
});

describe('findIdInFragment()', () => {
  it('finds a numeric or string id at the start or the end of a huge line', () => {
    expect(findIdInFragment('{"jsonrpc":"2.0","id":12,"method":"tools/call"', '')).toBe(12);
    expect(findIdInFragment('{"jsonrpc":"2.0","method":"x","params":{"a":"', '"},"id":"req-9"}')).toBe('req-9');
    expect(findIdInFragment('{"method":"x"', 'aaaa')).toBeNull();
  });
});
