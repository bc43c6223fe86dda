import { PassThrough } from 'node:stream';
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
});
