/**
 * Splits a byte stream into lines with a size cap. A line over the cap is skipped to its end without
 * being buffered; the caller gets its head and tail so it can still find the request id to answer.
 */

/** What the reader hands out for each line. */
export type LineEvent =
  { kind: 'line'; text: string } | { kind: 'oversized'; bytes: number; head: string; tail: string };

const KEEP_BYTES = 4096;

/** Incremental line splitter; feed() returns the complete lines in a chunk. */
export class LineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of the current over-long line, or -1 while within the cap. */
  private skipped = -1;
  private head = '';
  private tailBuf: Buffer = Buffer.alloc(0);

  constructor(private readonly maxLineBytes: () => number) {}

  /** Consumes a chunk and returns the events it completes. */
  feed(chunk: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      this.take(chunk.subarray(start, end));
      if (newline === -1) break;
      events.push(this.finishLine());
      start = newline + 1;
    }
    return events;
  }

  private take(part: Buffer): void {
    if (this.skipped >= 0) {
      this.skipped += part.length;
      this.keepTail(part);
      return;
    }
    if (this.pendingBytes + part.length > this.maxLineBytes()) {
      const joined = Buffer.concat([...this.pending, part]);
      this.head = joined.subarray(0, KEEP_BYTES).toString('utf8');
      this.tailBuf = Buffer.alloc(0);
      this.keepTail(joined);
      this.skipped = joined.length;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    if (part.length > 0) {
      this.pending.push(part);
      this.pendingBytes += part.length;
    }
  }

  private keepTail(part: Buffer): void {
    const joined = Buffer.concat([this.tailBuf, part.subarray(Math.max(0, part.length - KEEP_BYTES))]);
    this.tailBuf = joined.subarray(Math.max(0, joined.length - KEEP_BYTES));
  }

  private finishLine(): LineEvent {
    if (this.skipped >= 0) {
      const event: LineEvent = {
        kind: 'oversized',
        bytes: this.skipped,
        head: this.head,
        tail: this.tailBuf.toString('utf8'),
      };
      this.skipped = -1;
      this.head = '';
      this.tailBuf = Buffer.alloc(0);
      return event;
    }
    const buffer = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    let text = buffer === undefined ? '' : buffer.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return { kind: 'line', text };
  }
}
