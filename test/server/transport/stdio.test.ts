import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GatehouseStdioTransport } from '../../../server/transport/stdio.js';

function start() {
  const input = new PassThrough();
  const output = new PassThrough();
  const transport = new GatehouseStdioTransport({ input, output, maxMessageBytes: () => 1 << 24 });
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  return { transport, lines: () => written.split('\n').filter(Boolean) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the stdio transport', () => {
  it('writes small and large answers of one turn, and of the next, each on a line of its own', async () => {
    const { transport, lines } = start();
    await transport.start();
    const big = (n: number) => ({
      jsonrpc: '2.0' as const,
      id: n,
      result: { content: [{ type: 'text' as const, text: `${n}:${'é"\n'.repeat(50_000)}` }] },
    });
    const small = { jsonrpc: '2.0' as const, id: 9, result: {} };
    await transport.send(big(1));
    await transport.send(small);
    await transport.send(big(2));
    await turn();
    await transport.send(big(3));
    await turn();
    await turn();
    expect(lines().map((line) => JSON.parse(line) as unknown)).toEqual([big(1), small, big(2), big(3)]);
    await transport.close();
  });

  it('runs work handed to afterWrite once the answers of its turn are written, and at once when closed', async () => {
    const events: string[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        events.push(`wrote ${chunk.toString('utf8').trim()}`);
        callback();
      },
    });
    const transport = new GatehouseStdioTransport({ input: new PassThrough(), output, maxMessageBytes: () => 1 << 24 });
    await transport.start();
    const errors: string[] = [];
    transport.onerror = (error) => errors.push(error.message);
    transport.afterWrite(() => events.push('after 1'));
    await transport.send({ jsonrpc: '2.0', id: 1, result: {} });
    transport.afterWrite(() => {
      throw new Error('broken bookkeeping');
    });
    transport.afterWrite(() => events.push('after 2'));
    expect(events).toEqual([]);
    await turn();
    // One write for the turn, then the work in the order given; a failing piece does not stop the rest.
    expect(events).toEqual(['wrote {"jsonrpc":"2.0","id":1,"result":{}}', 'after 1', 'after 2']);
    expect(errors).toEqual(['broken bookkeeping']);
    // With no answer waiting, the work still runs, on the next turn.
    transport.afterWrite(() => events.push('after 3'));
    await turn();
    expect(events.at(-1)).toBe('after 3');
    // Work still waiting when the transport closes runs then; after that, at once.
    transport.afterWrite(() => events.push('after 4'));
    await transport.close();
    expect(events.at(-1)).toBe('after 4');
    transport.afterWrite(() => events.push('after close'));
    expect(events.at(-1)).toBe('after close');
  });
});
