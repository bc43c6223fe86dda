/**
 * The path predicate: pure rules on path text, with no file system access, so that every rule can be
 * tested for POSIX and Windows on any machine. The file system half (links, opens) lives in resolve.ts
 * and open.ts; both end in isWithin() on canonical paths.
 */
import type { PlatformPath } from 'node:path';

/** How paths of one platform are spelled and compared. */
export interface PathFlavor {
  readonly api: PlatformPath;
  readonly windows: boolean;
  /** Names that differ only in case are the same file (NTFS, APFS and HFS+ by default). */
  readonly caseInsensitive: boolean;
  /** Names that differ only in Unicode normalisation are the same file (APFS, HFS+; not NTFS). */
  readonly unicodeInsensitive: boolean;
}

/** A path flavor for `api`, e.g. `pathFlavor(path.win32, { caseInsensitive: true })`. */
export function pathFlavor(
  api: PlatformPath,
  options: { caseInsensitive: boolean; unicodeInsensitive?: boolean },
): PathFlavor {
  return Object.freeze({
    api,
    windows: api.sep === '\\',
    caseInsensitive: options.caseInsensitive,
    unicodeInsensitive: options.unicodeInsensitive ?? false,
  });
}

/** The flavor of a host platform's usual volumes: case-insensitive on Windows and macOS. */
export function hostFlavor(api: PlatformPath, platform: string): PathFlavor {
  const mac = platform === 'darwin';
  return pathFlavor(api, { caseInsensitive: mac || platform === 'win32', unicodeInsensitive: mac });
}

/** The outcome of parsing a path a client sent. */
export type ParsedPath = { ok: true; path: string } | { ok: false; reason: string };

/** Where relative and `~` paths are anchored. */
export interface PathBase {
  /** The user's home folder, for `~`. */
  readonly home: string;
  /** The folder relative paths are taken from (the first root), if any. */
  readonly relativeTo: string | undefined;
}

const WINDOWS_DRIVE_ABSOLUTE = /^[A-Za-z]:[\\/]/;
const WINDOWS_UNC = /^[\\/]{2}[^\\/?.][^\\/]*[\\/][^\\/]+/;
/** DOS device names, which Windows opens as devices in any folder and with any extension. */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)(\.[^.]*)?$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what Windows forbids in names
const WINDOWS_FORBIDDEN_CHARS = /[<>"|?*\x00-\x1f]/;

const refuse = (reason: string): ParsedPath => ({ ok: false, reason });

/**
 * Strips the Win32 file namespace prefix (`\\?\C:\x`, `\\?\UNC\host\share\x`), which skips the
 * normalisation Windows applies to every other path. Device namespaces stay refused.
 */
function stripWindowsNamespace(text: string): ParsedPath {
  if (/^[\\/]{2}[?.][\\/]/.test(text) || /^[\\/]\?\?[\\/]/.test(text)) {
    const rest = text.slice(4);
    if (text[2] === '?' && text[1] !== '?' && WINDOWS_DRIVE_ABSOLUTE.test(rest)) return { ok: true, path: rest };
    if (text[2] === '?' && text[1] !== '?' && /^UNC[\\/]/i.test(rest))
      return { ok: true, path: `\\\\${rest.slice(4)}` };
    // Security: `\\.\`, `\??\` and volume GUID paths reach devices and pipes; nothing a root holds.
    return refuse('device and volume namespace paths are not served');
  }
  return { ok: true, path: text };
}

/** Checks each segment of a resolved Windows path for what Win32 would reinterpret. */
function checkWindowsSegments(resolved: string): ParsedPath {
  const unc = resolved.startsWith('\\\\');
  const segments = resolved.split('\\').filter(Boolean);
  // The drive (`C:`) or the UNC host and share are not file names.
  for (const segment of segments.slice(unc ? 2 : 1)) {
    // Security: `file.txt:secret` and `file.txt::$DATA` name alternate data streams.
    if (segment.includes(':')) return refuse('alternate data streams (name:stream) are not served');
    // Security: Win32 drops trailing dots and spaces, so `key.pem.` would open `key.pem` past a deny glob.
    if (/[. ]$/.test(segment)) return refuse('names ending in a dot or a space are not served');
    if (WINDOWS_DEVICE_NAME.test(segment)) return refuse(`"${segment}" is a reserved device name`);
    if (WINDOWS_FORBIDDEN_CHARS.test(segment)) return refuse('the path contains characters Windows forbids');
  }
  return { ok: true, path: resolved };
}

/**
 * Turns a client's path into an absolute, lexically normalised path, or refuses it. Relative paths are
 * taken from `base.relativeTo`, `~` from the user's home, as the reference server does.
 */
export function parseRequestedPath(input: string, flavor: PathFlavor, base: PathBase): ParsedPath {
  // Security: a NUL byte truncates paths in C APIs.
  if (input.includes('\0')) return refuse('the path contains a NUL byte');
  if (input.length === 0) return refuse('the path is empty');
  let text = input;
  if (text === '~' || text.startsWith('~/') || (flavor.windows && text.startsWith('~\\'))) {
    text = flavor.api.join(base.home, text.slice(1));
  }
  if (flavor.windows) {
    const stripped = stripWindowsNamespace(text);
    if (!stripped.ok) return stripped;
    text = stripped.path;
    const absolute = WINDOWS_DRIVE_ABSOLUTE.test(text) || WINDOWS_UNC.test(text);
    // Security: `C:x` and `\x` depend on the process's current drive and folder; refuse the ambiguity.
    if (!absolute && (/^[A-Za-z]:/.test(text) || /^[\\/]/.test(text))) {
      return refuse('name the drive: the path is relative to a current drive or folder');
    }
  } else if (/^[A-Za-z]:(?:[\\/]|$)/.test(text)) {
    // Security: on POSIX, `C:\x` would silently become a file literally named that inside a root.
    return refuse('a Windows path was sent to a server on a POSIX system');
  }
  if (!flavor.api.isAbsolute(text)) {
    if (base.relativeTo === undefined) return refuse('the path is relative and there is no root to anchor it');
    text = flavor.api.join(base.relativeTo, text);
  }
  const resolved = flavor.api.resolve(text);
  return flavor.windows ? checkWindowsSegments(resolved) : { ok: true, path: resolved };
}

/**
 * Upper-cases the way NTFS and APFS compare names: one character at a time, never changing the length
 * (String.toUpperCase turns `ß` into `SS`, which no file system does).
 */
export function foldCase(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.toUpperCase();
  let folded = '';
  for (const char of text) {
    const upper = char.toUpperCase();
    folded += upper.length === char.length ? upper : char;
  }
  return folded;
}

/** A path as the flavor compares it: normalised and case-folded where the volume does so. */
export function comparablePath(text: string, flavor: PathFlavor): string {
  const normalized = flavor.unicodeInsensitive ? text.normalize('NFC') : text;
  return flavor.caseInsensitive ? foldCase(normalized) : normalized;
}

/** The segments of an absolute path as compared: case-folded where names are, UNC hosts marked. */
export function pathSegments(absolute: string, flavor: PathFlavor): string[] {
  const text = comparablePath(absolute, flavor);
  if (!flavor.windows) return text.split('/').filter(Boolean);
  const parts = text.split(/[\\/]+/).filter(Boolean);
  // `\\host\share` must never compare equal to a drive or folder named like the host.
  if (/^[\\/]{2}/.test(text) && parts.length > 0) parts[0] = `//${parts[0]}`;
  return parts;
}

/** True when segments `inner` lie at or below segments `outer`. */
export function segmentsWithin(inner: readonly string[], outer: readonly string[]): boolean {
  if (outer.length > inner.length) return false;
  for (let i = 0; i < outer.length; i += 1) if (inner[i] !== outer[i]) return false;
  return true;
}

/**
 * Containment by path segments of two canonical absolute paths: `/a/root/x` is inside `/a/root`,
 * `/a/root_evil` is not, whatever their common string prefix.
 */
export function isWithin(child: string, parent: string, flavor: PathFlavor): boolean {
  return segmentsWithin(pathSegments(child, flavor), pathSegments(parent, flavor));
}

/** `child` relative to `parent` with `/` separators; `''` for the parent itself. Requires isWithin. */
export function relativeWithin(child: string, parent: string, flavor: PathFlavor): string {
  const rel = flavor.api.relative(parent, child);
  return flavor.windows ? rel.replace(/\\/g, '/') : rel;
}

/** A path with `/` separators, as glob matchers expect. */
export function toGlobPath(absolute: string, flavor: PathFlavor): string {
  return flavor.windows ? absolute.replace(/\\/g, '/') : absolute;
}
