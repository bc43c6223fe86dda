import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolRequestSchema, type CallToolResult, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { routeToolCalls, type RoutedCall } from '../../server/call-route.js';
import { waitFor } from '../helpers/temp.js';

interface Wire {
  received: JSONRPCMessage[];
  send(message: Record<string, unknown>): Promise<void>;
  calls: RoutedCall[];
  /** Ends the routed call at `index` with `outcome` (a result, or an Error to reject with). */
  finish(index: number, outcome: CallToolResult | Error): void;
  close(): Promise<void>;
}

const open: Wire[] = [];
afterEach(async () => {
  for (const wire of open.splice(0)) await wire.close();
});

/** A real SDK server on an in-memory transport with the route installed; the test speaks raw JSON-RPC. */
async function startWire(): Promise<Wire> {
  const server = new Server({ name: 't', version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler(CallToolRequestSchema, () => ({ content: [{ type: 'text', text: 'from the SDK path' }] }));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const received: JSONRPCMessage[] = [];
  clientSide.onmessage = (message) => void received.push(message);
  await clientSide.start();
  await server.connect(serverSide);
  const calls: RoutedCall[] = [];
  const endings: Array<(outcome: CallToolResult | Error) => void> = [];
  routeToolCalls(serverSide, {
    call: (call) => {
      calls.push(call);
      return new Promise((resolve, reject) => {
        endings.push((outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)));
      });
    },
    notify: (notification) => server.notification(notification),
  });
  const wire: Wire = {
    received,
    calls,
    send: (message) => clientSide.send({ jsonrpc: '2.0', ...message } as JSONRPCMessage),
    finish: (index, outcome) => endings[index]!(outcome),
    close: () => clientSide.close(),
  };
  open.push(wire);
  return wire;
}

const ok = (text: string): CallToolResult => ({ content: [{ type: 'text', text }] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the direct route for tools/call', () => {
  it('answers a plain call with its own id, passing name, arguments and progress token through', async () => {
    const wire = await startWire();
    await wire.send({
      id: 'a-1',
      method: 'tools/call',
      params: { name: 'x', arguments: { n: 1 }, _meta: { progressToken: 7 } },
    });
    await waitFor(() => wire.calls.length === 1, 2000, 'the routed call');
    expect(wire.calls[0]).toMatchObject({ name: 'x', arguments: { n: 1 }, progressToken: 7 });
    wire.finish(0, ok('direct'));
    await waitFor(() => wire.received.length === 1, 2000, 'the answer');
    expect(wire.received[0]).toEqual({ jsonrpc: '2.0', id: 'a-1', result: ok('direct') });
  });

  it.each([
    ['arguments that are not an object', { name: 'x', arguments: 'text' }],
    ['a name that is not a string', { name: 5 }],
    ['a progress token that is neither string nor number', { name: 'x', _meta: { progressToken: {} } }],
    ['params that are not an object', [1]],
  ])('refuses %s with InvalidParams, saying what is wrong', async (_label, params) => {
    const wire = await startWire();
    await wire.send({ id: 2, method: 'tools/call', params });
    await waitFor(() => wire.received.length === 1, 2000, 'the answer');
    expect(wire.calls).toHaveLength(0);
    expect(wire.received[0]).toMatchObject({
      id: 2,
      error: { code: -32602, message: expect.stringMatching(/must be/) },
    });
  });

  it('leaves a task-augmented call to the SDK', async () => {
    const wire = await startWire();
    await wire.send({ id: 3, method: 'tools/call', params: { name: 'x', task: { ttl: 1000 } } });
    await waitFor(() => wire.received.length === 1, 2000, 'the answer');
    expect(wire.calls).toHaveLength(0);
  });

  it('aborts a cancelled call with the reason and sends no answer, and stops its progress', async () => {
    const wire = await startWire();
    await wire.send({ id: 4, method: 'tools/call', params: { name: 'x', _meta: { progressToken: 'p' } } });
    await waitFor(() => wire.calls.length === 1, 2000, 'the routed call');
    const call = wire.calls[0]!;
    await call.sendNotification({ method: 'notifications/progress', params: { progressToken: 'p', progress: 1 } });
    await wire.send({ method: 'notifications/cancelled', params: { requestId: 4, reason: 'user stopped it' } });
    await waitFor(() => call.cancellation.signal.aborted, 2000, 'the abort');
    expect(call.cancellation.signal.reason).toBe('user stopped it');
    await call.sendNotification({ method: 'notifications/progress', params: { progressToken: 'p', progress: 2 } });
    wire.finish(0, ok('too late'));
    await settle();
    expect(wire.received).toEqual([
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'p', progress: 1 } },
    ]);
  });

  it('aborts a signal listened to before the cancel, and one first read after it, alike', async () => {
    const wire = await startWire();
    await wire.send({ id: 8, method: 'tools/call', params: { name: 'x' } });
    await wire.send({ id: 9, method: 'tools/call', params: { name: 'y' } });
    await waitFor(() => wire.calls.length === 2, 2000, 'the routed calls');
    const [early, late] = wire.calls as [RoutedCall, RoutedCall];
    const heard: unknown[] = [];
    early.cancellation.signal.addEventListener('abort', () => heard.push(early.cancellation.signal.reason));
    expect(early.cancellation.signal.aborted).toBe(false);
    for (const requestId of [8, 9]) {
      await wire.send({ method: 'notifications/cancelled', params: { requestId, reason: `stop ${requestId}` } });
    }
    await waitFor(() => heard.length === 1, 2000, 'the abort event');
    expect(heard).toEqual(['stop 8']);
    expect(late.cancellation.signal.aborted).toBe(true);
    expect(late.cancellation.signal.reason).toBe('stop 9');
  });

  it('answers a call whose handler failed with a JSON-RPC internal error', async () => {
    const wire = await startWire();
    await wire.send({ id: 5, method: 'tools/call', params: { name: 'x' } });
    await waitFor(() => wire.calls.length === 1, 2000, 'the routed call');
    wire.finish(0, new Error('boom'));
    await waitFor(() => wire.received.length === 1, 2000, 'the answer');
    expect(wire.received[0]).toEqual({ jsonrpc: '2.0', id: 5, error: { code: -32603, message: 'boom' } });
  });

  it('aborts every running call when the connection closes', async () => {
    const wire = await startWire();
    await wire.send({ id: 6, method: 'tools/call', params: { name: 'x' } });
    await wire.send({ id: 7, method: 'tools/call', params: { name: 'y' } });
    await waitFor(() => wire.calls.length === 2, 2000, 'the routed calls');
    await wire.close();
    await waitFor(() => wire.calls.every((call) => call.cancellation.signal.aborted), 2000, 'the aborts');
  });

  it('passes other methods to the SDK', async () => {
    const wire = await startWire();
    await wire.send({ id: 8, method: 'ping' });
    await waitFor(() => wire.received.length === 1, 2000, 'the answer');
    expect(wire.received[0]).toEqual({ jsonrpc: '2.0', id: 8, result: {} });
  });
});
