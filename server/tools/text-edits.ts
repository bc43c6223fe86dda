/**
 * edit_file's edits, as pure text work: each `oldText` must occur exactly once, so an edit never lands
 * in the wrong place; a file with CRLF line endings keeps them.
 */
import { createTwoFilesPatch } from 'diff';
import { GatehouseError } from '../errors.js';

/** One exact-text replacement. */
export interface TextEdit {
  readonly oldText: string;
  readonly newText: string;
}

/** True when every line break of `text` is CRLF (and there is at least one). */
function usesCrlf(text: string): boolean {
  return text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** A hint for an edit that did not match: the line where it matches once whitespace is ignored. */
function looseMatchHint(text: string, oldText: string): string | undefined {
  const wanted = oldText.split('\n').map((line) => line.trim());
  const lines = text.split('\n');
  for (let i = 0; i + wanted.length <= lines.length; i += 1) {
    if (wanted.every((line, j) => lines[i + j]!.trim() === line)) {
      return `It matches at line ${i + 1} if whitespace is ignored: copy the exact text, indentation included.`;
    }
  }
  return undefined;
}

/** Applies the edits in order; refuses a missing, empty or ambiguous `oldText` with a clear message. */
export function applyEdits(original: string, edits: readonly TextEdit[]): string {
  const crlf = usesCrlf(original);
  const lf = (text: string) => (crlf ? text.replace(/\r\n/g, '\n') : text);
  let text = lf(original);
  edits.forEach((edit, index) => {
    const label = edits.length > 1 ? `Edit ${index + 1} of ${edits.length}` : 'The edit';
    const oldText = lf(edit.oldText);
    if (oldText.length === 0) throw new GatehouseError('INVALID_INPUT', `${label}: oldText is empty.`);
    const first = text.indexOf(oldText);
    if (first === -1) {
      throw new GatehouseError('INVALID_INPUT', `${label}: oldText was not found in the file.`, {
        hint: looseMatchHint(text, oldText) ?? 'Read the file again and copy the text exactly.',
      });
    }
    const second = text.indexOf(oldText, first + 1);
    if (second !== -1) {
      throw new GatehouseError(
        'INVALID_INPUT',
        `${label}: oldText occurs more than once (lines ${lineOf(text, first)} and ${lineOf(text, second)}).`,
        { hint: 'Include more of the surrounding lines so that it matches exactly one place.' },
      );
    }
    text = text.slice(0, first) + lf(edit.newText) + text.slice(first + oldText.length);
  });
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** A unified diff in a fenced block, as the reference server returns it. */
export function formatDiff(path: string, before: string, after: string): string {
  const diff = createTwoFilesPatch(
    path,
    path,
    before.replace(/\r\n/g, '\n'),
    after.replace(/\r\n/g, '\n'),
    'original',
    'modified',
  );
  let fence = '```';
  while (diff.includes(fence)) fence += '`';
  return `${fence}diff\n${diff}${fence}\n\n`;
}
