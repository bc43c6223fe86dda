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

/** Writes the pretty-printed JSON array of a tree from its entries in pre-order. */
export class TreeText {
  private readonly parts: string[] = [];
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
    this.parts.push(`{\n${inner}"name": ${JSON.stringify(entry.name)},\n${inner}"type": `);
    if (!entry.directory) {
      this.parts.push(`"file"\n${pad}}`);
    } else if (entry.link) {
      this.parts.push(`"directory",\n${inner}"link": true,\n${inner}"children": []\n${pad}}`);
    } else {
      this.parts.push(`"directory",\n${inner}"children": `);
      this.open.push(0);
    }
  }

  /** The whole text; the writer is done after this. */
  finish(): string {
    this.closeTo(0);
    this.parts.push(this.open[0] === 0 ? '[]' : '\n]');
    return this.parts.join('');
  }

  private pad(depth: number): string {
    return (this.pads[depth] ??= ' '.repeat(4 * depth - 2));
  }

  private startElement(pad: string): void {
    const level = this.open.length - 1;
    this.parts.push(this.open[level] === 0 ? `[\n${pad}` : `,\n${pad}`);
    this.open[level]! += 1;
  }

  /** Closes the open folders deeper than `depth` (their children arrays and their objects). */
  private closeTo(depth: number): void {
    while (this.open.length > Math.max(depth, 1)) {
      const count = this.open.pop()!;
      const folderDepth = this.open.length;
      const pad = this.pad(folderDepth);
      this.parts.push(count === 0 ? `[]\n${pad}}` : `\n${pad}  ]\n${pad}}`);
    }
  }
}
