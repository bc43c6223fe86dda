/**
 * The file system calls of the sandbox, each through the gate (bounded, deadline-checked) and each on
 * the callback API with plain fds: no FileHandle objects, one promise per call. Every other sandbox
 * module calls these; none imports node:fs for tool work.
 */
import fs from 'node:fs';
import type { Done, FsGate } from './gate.js';

/** Opens a path without the process's file-system view changing under it: O_PATH is Linux's. */
export const O_PATH = 0o10000000;
const { O_NOFOLLOW = 0, O_NONBLOCK = 0, O_NOCTTY = 0, O_DIRECTORY = 0 } = fs.constants;
/** Flags that make an open harmless whatever it lands on: no FIFO wait, no controlling terminal. */
export const SAFE_OPEN = O_NONBLOCK | O_NOCTTY;
export { O_NOFOLLOW, O_DIRECTORY };
export const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_APPEND } = fs.constants;

/** File stats as the sandbox uses them. */
export type Stats = fs.Stats;
/** A directory entry with its type. */
export type DirEntry = fs.Dirent;

/** Gated file system calls. `lane` names the root a call works in, so one stalled root stays apart. */
export class FsCalls {
  constructor(readonly gate: FsGate) {}

  /** open(2); an fd that arrives after its TIMEOUT is closed. */
  open(lane: string, file: string, flags: number, mode = 0o666): Promise<number> {
    return this.gate.run<number>(
      lane,
      (done) => fs.open(file, flags, mode, done as Done<number>),
      (fd) => fs.close(fd, () => {}),
    );
  }

  /** Closes in the background: nobody waits for a close, and a failed close changes nothing. */
  close(lane: string, fd: number): void {
    this.gate.run<void>(lane, (done) => fs.close(fd, done)).catch(() => {});
  }

  /** Closes and waits, where the next step depends on it (a rename after writing). */
  closeNow(lane: string, fd: number): Promise<void> {
    return this.gate.run<void>(lane, (done) => fs.close(fd, done));
  }

  fstat(lane: string, fd: number): Promise<Stats> {
    return this.gate.run<Stats>(lane, (done) => fs.fstat(fd, done as Done<Stats>));
  }

  lstat(lane: string, file: string): Promise<Stats> {
    return this.gate.run<Stats>(lane, (done) => fs.lstat(file, done as Done<Stats>));
  }

  stat(lane: string, file: string): Promise<Stats> {
    return this.gate.run<Stats>(lane, (done) => fs.stat(file, done as Done<Stats>));
  }

  readlink(lane: string, file: string): Promise<string> {
    return this.gate.run<string>(lane, (done) => fs.readlink(file, done as Done<string>));
  }

  /** The canonical path, through the C library's realpath (not Node's lstat-per-segment walk). */
  realpath(lane: string, file: string): Promise<string> {
    return this.gate.run<string>(lane, (done) => fs.realpath.native(file, done as Done<string>));
  }

  read(lane: string, fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
    return this.gate.run<number>(lane, (done) => fs.read(fd, buffer, offset, length, position, done as Done<number>));
  }

  write(lane: string, fd: number, buffer: Buffer, offset: number, length: number, position: number | null) {
    return this.gate.run<number>(lane, (done) => fs.write(fd, buffer, offset, length, position, done as Done<number>));
  }

  fsync(lane: string, fd: number): Promise<void> {
    return this.gate.run<void>(lane, (done) => fs.fsync(fd, done));
  }

  fchmod(lane: string, fd: number, mode: number): Promise<void> {
    return this.gate.run<void>(lane, (done) => fs.fchmod(fd, mode, done));
  }

  rename(lane: string, from: string, to: string): Promise<void> {
    return this.gate.run<void>(lane, (done) => fs.rename(from, to, done));
  }

  link(lane: string, existing: string, created: string): Promise<void> {
    return this.gate.run<void>(lane, (done) => fs.link(existing, created, done));
  }

  /** Removes a file at once, outside the gate: for close(), when nothing may wait. A missing file is fine. */
  removeNow(file: string): void {
    try {
      fs.unlinkSync(file);
    } catch {
      // Gone already (renamed into place, or cleaned up by the write itself).
    }
  }

  ftruncate(lane: string, fd: number, length: number): Promise<void> {
    return this.gate.run<void>(lane, (done) => fs.ftruncate(fd, length, done));
  }

  unlink(lane: string, file: string): Promise<void> {
    return this.gate.run<void>(lane, (done) => fs.unlink(file, done));
  }

  rmdir(lane: string, dir: string): Promise<void> {
    return this.gate.run<void>(lane, (done) => fs.rmdir(dir, done));
  }

  mkdir(lane: string, dir: string): Promise<void> {
    return this.gate.run<void>(lane, (done) => fs.mkdir(dir, { mode: 0o777 }, (error) => done(error)));
  }

  readdir(lane: string, dir: string): Promise<DirEntry[]> {
    return this.gate.run<DirEntry[]>(lane, (done) =>
      fs.readdir(dir, { withFileTypes: true }, done as Done<DirEntry[]>),
    );
  }

  /** Copies with the kernel's help (copy_file_range, reflinks) and never replaces `to`. */
  copyFileExclusive(lane: string, from: string, to: string): Promise<void> {
    return this.gate.run<void>(lane, (done) => fs.copyFile(from, to, fs.constants.COPYFILE_EXCL, done));
  }
}
