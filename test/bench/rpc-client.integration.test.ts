import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError, StdioRpcClient } from '../../bench/rpc-client.js';
import { SERVER_ENTRY, serverEnv } from '../helpers/spawn-server.js';

/**
 * A scripted server for what Gatehouse never does: it answers the initialize, holds the next three
 * requests, pings the client, and once the client has answered the ping it answers the three in reverse
 * order (each carrying the ping's answer), after a line that is not JSON-RPC, in one write cut through the
 * middle of a multi-byte character. The request after that makes it exit with code 3.
 */
const SCRIPTED = `
const held = [];
let buffered = '';
const send = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  for (let nl; (nl = buffered.indexOf('\\n')) >= 0; buffered = buffered.slice(nl + 1)) {
    const m = JSON.parse(buffered.slice(0, nl));
    if (m.method === 'initialize') {
      send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: {}, serverInfo: { name: 's', version: '1' } } });
    } else if (m.id === 'ping-1') {
      const answers = held.reverse().map((r) => JSON.stringify({ jsonrpc: '2.0', id: r.id, result: { echo: r.params.arguments.text, ping: m } }) + '\\n');
      const out = Buffer.from('not json-rpc\\n' + answers.join(''));
      const cut = out.indexOf(Buffer.from('€')) + 1;
      process.stdout.write(out.subarray(0, cut));
      setTimeout(() => process.stdout.write(out.subarray(cut)), 20);
    } else if (m.method === 'tools/call') {
      if (held.length === 3) process.exit(3);
      held.push(m);
      if (held.length === 3) send({ jsonrpc: '2.0', id: 'ping-1', method: 'ping' });
    }
  }
});
`;

describe('StdioRpcClient', () => {
  let home: string;
  let clients: StdioRpcClient[] = [];

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-rpc-'));
  });

  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    clients = [];
    fs.rmSync(home, { recursive: true, force: true });
  });

  const start = async (args: string[], env: Record<string, string> = {}) => {
    const client = await StdioRpcClient.start({ command: process.execPath, args, env });
    clients.push(client);
    return client;
  };

  it('drives the built server: calls in flight matched by id, a large answer read whole', async () => {
    const root = path.join(home, 'root');
    fs.mkdirSync(root);
    // Multi-byte characters across the pipe's 64 KB chunks must come out whole.
    const text = 'é€😀 line\n'.repeat(20_000);
    fs.writeFileSync(path.join(root, 'big.txt'), text);
    fs.writeFileSync(path.join(root, 'small.txt'), 'small');
    const client = await start([SERVER_ENTRY, root], serverEnv(path.join(home, 'gh')));
    const calls = [
      client.request('tools/call', { name: 'read_text_file', arguments: { path: path.join(root, 'big.txt') } }),
      client.request('tools/call', { name: 'read_text_file', arguments: { path: path.join(root, 'small.txt') } }),
      client.request('tools/call', { name: 'get_file_info', arguments: { path: path.join(root, 'small.txt') } }),
    ];
    const [big, small, info] = (await Promise.all(calls)) as Array<{ content: Array<{ text: string }> }>;
    expect(big!.content[0]!.text).toBe(text);
    expect(small!.content[0]!.text).toBe('small');
    expect(info!.content[0]!.text).toMatch(/size: 5\b/);
    expect(client.protocolErrors()).toBe(0);
  });

  it('rejects a JSON-RPC error answer with its code', async () => {
    const client = await start([SERVER_ENTRY], serverEnv(home));
    await expect(client.request('no/such/method')).rejects.toMatchObject({ code: -32601, method: 'no/such/method' });
    await expect(client.request('no/such/method')).rejects.toBeInstanceOf(RpcError);
  });

  it('matches answers out of order and split mid-character, skips stray lines, answers pings', async () => {
    const client = await start(['-e', SCRIPTED]);
    const texts = ['one €', 'two €', 'three €'];
    const answers = await Promise.all(
      texts.map((text) => client.request('tools/call', { name: 'echo', arguments: { text } })),
    );
    const pong = { jsonrpc: '2.0', id: 'ping-1', result: {} };
    expect(answers).toEqual(texts.map((echo) => ({ echo, ping: pong })));
    expect(client.protocolErrors()).toBe(1);
  });

  it('fails the calls in flight, and every later one, when the server exits', async () => {
    const client = await start(['-e', SCRIPTED]);
    await Promise.all(['a', 'b', 'c'].map((text) => client.request('tools/call', { name: 'e', arguments: { text } })));
    await expect(client.request('tools/call', { name: 'e', arguments: { text: 'd' } })).rejects.toThrow(
      /the server exited \(code 3\)/,
    );
    await expect(client.request('tools/list')).rejects.toThrow(/the server exited/);
  });
});
