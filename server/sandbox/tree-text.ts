/**
 * directory_tree's text, written as the walk goes: exactly what JSON.stringify(tree, null, 2) gives for
 * the reference server's tree, without building the tree. A walk reports entries in pre-order (each
 * folder's entries right after it), so a stack of open folders is all it takes.
 */

/** One entry as the tree shows it. */
export interface TreeEntry {
  readonly name: string;
  /** 1 for the entries of the folder the tree starts at. */
  readonly depth: number;
  readonly directory: boolean;
  /** A linked folder: shown, never expanded. */
  readonly link: boolean;
}

/**
 * Writes the pretty-printed JSON array of a tree from its entries in pre-order, in pieces of about
 * chunkChars characters (see ChunkedText: a piece stays under V8's large-object size, even two bytes a char).
 */
export class TreeText {
  /** Characters a piece is closed at; a field, since the class is serialised into the fs workers. */
  private readonly chunkChars = 32 * 1024;
  private readonly chunks: string[] = [];
  private parts: string[] = [];
  private partsLength = 0;
  /** Elements written so far in each open array; index 0 is the top array. */
  private readonly open: number[] = [0];
  /** Indentation of an element at each depth, made once. */
  private readonly pads: string[] = [];

  /** Adds the next entry; its depth is at most one more than the previous entry's. */
  add(entry: TreeEntry): void {
    this.closeTo(entry.depth);
    const pad = this.pad(entry.depth);
    const inner = `${pad}  `;
    this.startElement(pad);
    this.write(`{\n${inner}"name": ${JSON.stringify(entry.name)},\n${inner}"type": `);
    if (!entry.directory) {
      this.write(`"file"\n${pad}}`);
    } else if (entry.link) {
      this.write(`"directory",\n${inner}"link": true,\n${inner}"children": []\n${pad}}`);
    } else {
      this.write(`"directory",\n${inner}"children": `);
      this.open.push(0);
    }
  }

  /** The whole text, in pieces; the writer is done after this. */
  finish(): string[] {
    this.closeTo(0);
    this.write(this.open[0] === 0 ? '[]' : '\n]');
    if (this.parts.length > 0) this.chunks.push(this.parts.join(''));
    return this.chunks;
  }

  private write(part: string): void {
    this.parts.push(part);
    this.partsLength += part.length;
    if (this.partsLength < this.chunkChars) return;
    this.chunks.push(this.parts.join(''));
    this.parts = [];
    this.partsLength = 0;
  }

  private pad(depth: number): string {
    return (this.pads[depth] ??= ' '.repeat(4 * depth - 2));
  }

  private startElement(pad: string): void {
    const level = this.open.length - 1;
    this.write(this.open[level] === 0 ? `[\n${pad}` : `,\n${pad}`);
    this.open[level]! += 1;
  }

  /** Closes the open folders deeper than `depth` (their children arrays and their objects). */
  private closeTo(depth: number): void {
    while (this.open.length > Math.max(depth, 1)) {
      const count = this.open.pop()!;
      const folderDepth = this.open.length;
      const pad = this.pad(folderDepth);
      this.write(count === 0 ? `[]\n${pad}}` : `\n${pad}  ]\n${pad}}`);
    }
  }
}
