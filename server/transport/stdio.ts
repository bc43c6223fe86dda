/**
 * The server's stdio transport. It replaces the SDK's so that nothing a client sends can stop the
 * server: malformed lines and envelopes get JSON-RPC errors, and a line over the size cap is skipped
 * and answered instead of closing the transport (the SDK's ReadBuffer throws past 10 MiB).
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { checkMessage, findIdInFragment, JSONRPC_INVALID_REQUEST, JSONRPC_PARSE_ERROR } from './jsonrpc-check.js';
import { LineReader, type LineEvent } from './line-reader.js';
import { LARGE_STRING, messageJson } from './message-json.js';

const KEPT_BUFFERS = 2;
const MAX_KEPT_BUFFER = 8 * 1024 * 1024;

function roundUp(bytes: number): number {
  return 2 ** Math.ceil(Math.log2(bytes));
}

/** Options of the stdio transport. */
export interface StdioOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** The largest line accepted, read per line so a policy change applies at once. */
  maxMessageBytes: () => number;
  /** Told about each message that was answered with an error instead of being passed on. */
  onRejected?: (reason: string) => void;
}

/** A Transport over stdin/stdout with newline-delimited JSON-RPC. */
export class GatehouseStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Results may carry a ChunkedText: messageJson writes it piece by piece. */
  readonly writesChunkedText = true;

  private readonly input: NodeJS.ReadableStream;
  private readonly output: NodeJS.WritableStream;
  private readonly reader: LineReader;
  private closed = false;
  /** JSON text to send on the next flush, in fragments, and its length. */
  private outgoing: string[] = [];
  private outgoingLength = 0;
  private flushScheduled = false;
  /** Work to run once the answers queued before it are written (afterWrite). */
  private afterFlush: Array<() => void> = [];
  /** Output buffers free for reuse; one is in use until the write that holds it completes. */
  private spare: Buffer[] = [];
  /** stdout has handed the bytes to the OS when its write callback runs; another stream may still hold them. */
  private readonly keepBuffers: boolean;

  constructor(private readonly options: StdioOptions) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.keepBuffers = this.output === process.stdout;
    this.reader = new LineReader(options.maxMessageBytes);
  }

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.on('error', this.onStreamError);
    this.output.on('error', this.onStreamError);
  }

  private readonly onData = (chunk: Buffer | string) => {
    const events = this.reader.feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    for (const event of events) this.handle(event);
  };

  private readonly onEnd = () => void this.close();

  private readonly onStreamError = (error: Error) => {
    // EPIPE: the client went away. Either way there is no one left to answer.
    this.onerror?.(error);
    void this.close();
  };

  private handle(event: LineEvent): void {
    if (event.kind === 'oversized') {
      const reason = `message of ${event.bytes} bytes exceeds the limit of ${this.options.maxMessageBytes()} bytes`;
      this.reject(findIdInFragment(event.head, event.tail), JSONRPC_INVALID_REQUEST, `Invalid Request: ${reason}`);
      return;
    }
    if (event.text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(event.text);
    } catch {
      this.reject(null, JSONRPC_PARSE_ERROR, 'Parse error: the line is not valid JSON');
      return;
    }
    const checked = checkMessage(value);
    if (checked.kind === 'message') this.onmessage?.(checked.message);
    else if (checked.kind === 'reject') this.reject(checked.id, checked.code, checked.message);
    else this.options.onRejected?.(checked.reason);
  }

  private reject(id: string | number | null, code: number, message: string): void {
    this.options.onRejected?.(message);
    this.write({ jsonrpc: '2.0', id, error: { code, message } });
  }

  private write(message: unknown): void {
    if (this.closed) return;
    this.scheduleFlush();
    for (const fragment of messageJson(message)) {
      this.outgoing.push(fragment);
      this.outgoingLength += fragment.length;
    }
    this.outgoing.push('\n');
    this.outgoingLength += 1;
  }

  /** Answers finished in the same turn of the event loop leave in one write: one syscall, not many. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flush);
  }

  /**
   * Runs `work` right after the answers queued in this turn are written: bookkeeping the client need not
   * wait for (the audit record, metrics) then runs while the client reads its answer. Once the transport
   * is closed, at once.
   */
  afterWrite(work: () => void): void {
    if (this.closed) {
      work();
      return;
    }
    this.afterFlush.push(work);
    this.scheduleFlush();
  }

  private readonly flush = () => {
    this.flushScheduled = false;
    this.writeOutgoing();
    const work = this.afterFlush;
    if (work.length === 0) return;
    this.afterFlush = [];
    for (const run of work) {
      try {
        run();
      } catch (error) {
        this.onerror?.(error as Error);
      }
    }
  };

  private writeOutgoing(): void {
    const fragments = this.outgoing;
    const length = this.outgoingLength;
    this.outgoing = [];
    this.outgoingLength = 0;
    if (this.closed || fragments.length === 0) return;
    if (length < LARGE_STRING) {
      this.output.write(fragments.join(''));
      return;
    }
    // Large answers are encoded into a kept buffer: Node would allocate a fresh one for each write,
    // and faulting in fresh pages costs more than the encoding (see message-json.ts).
    let bytes = 0;
    for (const fragment of fragments) bytes += Buffer.byteLength(fragment);
    const buffer = this.spare.find((b) => b.length >= bytes) ?? Buffer.allocUnsafeSlow(roundUp(bytes));
    this.spare = this.spare.filter((b) => b !== buffer);
    let at = 0;
    for (const fragment of fragments) at += buffer.write(fragment, at, 'utf8');
    this.output.write(buffer.subarray(0, at), () => {
      if (this.keepBuffers && buffer.length <= MAX_KEPT_BUFFER && this.spare.length < KEPT_BUFFERS) {
        this.spare.push(buffer);
      }
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.write(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.onclose?.();
  }
}

const MIB = 1024 * 1024;

/**
 * The largest message accepted: room for a `write_file` of `maxWriteBytes` even when JSON escaping
 * doubles its text, and never less than 16 MiB.
 */
export function maxMessageBytesFor(policy: { limits: { maxWriteBytes: number } }): number {
  return Math.max(16 * MIB, 2 * policy.limits.maxWriteBytes + MIB);
}
