/** Copying text and saving it as a file, without any permission the shell would refuse. */

/**
 * Copies text. The async Clipboard API needs a permission the shell denies to every page, so a
 * refusal falls back to the copy command, which works on a user's click without one.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.readOnly = true;
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

/** Offers text as a download (the shell asks where to save it). */
export function downloadText(fileName: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.className = 'offscreen';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy; the URL can go once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
