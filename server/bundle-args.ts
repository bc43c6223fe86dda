/**
 * The command line of the Claude Desktop extension (.mcpb), turned into the server's own. Claude
 * Desktop expands a `multiple` user_config value into separate arguments in place, so the manifest
 * passes `--folders DIR... --databases FILE...`; this makes that `--db FILE ... -- DIR ...`
 * (CONTRACT §1: each DIR a write root). Pure: bundle-entry.ts applies it to process.argv.
 */

/** The markers the manifest puts before each list. */
export const BUNDLE_MARKERS = { folders: '--folders', databases: '--databases' } as const;

/** A `${user_config.x}` that Claude Desktop left as it was, because the value was never set. */
const UNSET = /^\$\{user_config\.[^}]*\}$/;

/** The server's argv for the bundle's argv (both without the executable and script). */
export function serverArgsFromBundle(args: readonly string[]): string[] {
  const leading: string[] = [];
  const folders: string[] = [];
  const databases: string[] = [];
  let list: string[] | null = null;
  for (const arg of args) {
    if (arg === BUNDLE_MARKERS.folders) list = folders;
    else if (arg === BUNDLE_MARKERS.databases) list = databases;
    // Security: an unset placeholder is not a path; sharing a folder by that name would be a surprise.
    else if (UNSET.test(arg) || arg === '') continue;
    else if (list) list.push(arg);
    // Anything before the first marker is passed on as it is (e.g. --policy FILE from a hand edit).
    else leading.push(arg);
  }
  // `--` ends the options, so a folder whose name starts with "-" stays a folder.
  return [...leading, ...databases.flatMap((file) => ['--db', file]), '--', ...folders];
}
