/**
 * The sandbox's refusals and the translation of errno codes into contract errors. Messages name the
 * path the client sent, never where a link leads or what a refused file holds.
 */
import { GatehouseError } from '../errors.js';

/** Shown when a path, or where it leads, lies outside every root. */
export function outsideRoots(shown: string): GatehouseError {
  return new GatehouseError('ACCESS_DENIED', `Access denied: ${shown} is outside the allowed folders.`, {
    hint: 'Call list_allowed_directories to see them.',
  });
}

/** Shown when a symbolic link or junction leads out of the roots. */
export function linkEscapes(shown: string): GatehouseError {
  return new GatehouseError(
    'ACCESS_DENIED',
    `Access denied: ${shown} leads outside the allowed folders through a symbolic link or junction.`,
  );
}

/** Shown for a path matched by the policy's deny list (or Gatehouse's own folder). */
export function deniedByPolicy(shown: string): GatehouseError {
  return new GatehouseError('ACCESS_DENIED', `Access denied: ${shown} is hidden by the Gatehouse policy.`);
}

/** Shown for a change under a read-only root. */
export function readOnlyRoot(shown: string): GatehouseError {
  return new GatehouseError('ACCESS_DENIED', `Access denied: ${shown} is in a folder shared read-only.`);
}

/** Shown for FIFOs, sockets and devices. */
export function notRegularFile(shown: string, kind: string): GatehouseError {
  return new GatehouseError('INVALID_INPUT', `${shown} is ${kind}, not a regular file; only regular files are served.`);
}

/** Shown when the file system does not answer in time. */
export function fsTimeout(timeoutMs: number): GatehouseError {
  const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
  return new GatehouseError('TIMEOUT', `The file system did not answer within ${limit}.`, {
    hint: 'The folder may be on a stalled network or cloud drive; try again later.',
  });
}

/** Shown when a file exceeds a limit. */
export function tooLarge(shown: string, size: number, limit: number, what: 'maxReadBytes' | 'maxWriteBytes') {
  return new GatehouseError('TOO_LARGE', `${shown} is ${size} bytes; the policy's ${what} is ${limit}.`, {
    hint: what === 'maxReadBytes' ? 'Read part of it with head or tail.' : undefined,
  });
}

/** The kind of a non-regular file, for messages. */
export function kindOf(stats: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSymbolicLink(): boolean;
}): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'a special file';
}

/** The kind of a file a worker described, for messages. */
export function describeKind(kind: string): string {
  const kinds: Record<string, string> = {
    directory: 'a folder',
    fifo: 'a named pipe (FIFO)',
    socket: 'a socket',
    device: 'a device',
    symlink: 'a symbolic link',
  };
  return kinds[kind] ?? 'a special file';
}

/** Translates an error from a file system call into a contract error; GatehouseErrors pass through. */
export function fsError(error: unknown, shown: string): unknown {
  if (error instanceof GatehouseError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new GatehouseError('NOT_FOUND', `Not found: ${shown}.`);
    case 'ENOTDIR':
      return new GatehouseError('NOT_FOUND', `Not found: a part of ${shown} is not a folder.`);
    case 'EEXIST':
    case 'ENOTEMPTY':
      return new GatehouseError('ALREADY_EXISTS', `${shown} already exists.`);
    case 'EISDIR':
      return new GatehouseError('INVALID_INPUT', `${shown} is a folder.`);
    case 'ELOOP':
      return new GatehouseError('ACCESS_DENIED', `Access denied: ${shown} goes through a symbolic link loop.`);
    case 'EACCES':
    case 'EPERM':
      return new GatehouseError('ACCESS_DENIED', `The operating system refused access to ${shown}.`, {
        category: 'external_error',
      });
    case 'EROFS':
      return new GatehouseError('READ_ONLY', `${shown} is on a read-only file system.`, { category: 'external_error' });
    case 'ENAMETOOLONG':
      return new GatehouseError('INVALID_INPUT', `The path ${shown.slice(0, 200)} is too long.`);
    case 'ENXIO':
    case 'ENODEV':
      return notRegularFile(shown, 'a device or socket');
    case 'EXDEV':
      return new GatehouseError('INVALID_INPUT', `${shown} cannot be moved across file systems.`, {
        hint: 'Copy it with copy_file, then delete the original with delete_file.',
      });
    case 'ETIMEDOUT':
      return new GatehouseError('TIMEOUT', `The file system timed out on ${shown}.`);
    case 'EFBIG':
      // RLIMIT_FSIZE, or the file system's own largest file: not the caller's limit, the machine's.
      return new GatehouseError(
        'TOO_LARGE',
        `${shown} would be larger than the file system or a process limit allows.`,
        {
          category: 'external_error',
        },
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new GatehouseError('INTERNAL_ERROR', `No space left for ${shown}.`, { category: 'external_error' });
    case 'EIO':
    case 'EMFILE':
    case 'ENFILE':
    case 'EBUSY':
    case 'EAGAIN':
      return new GatehouseError('INTERNAL_ERROR', `The file system failed on ${shown} (${code}).`, {
        category: 'external_error',
      });
    default:
      return error;
  }
}
