import { describe, expect, it } from 'vitest';
import { isWhollyLocal, LocalFolders, parseMountinfo } from '../../../server/sandbox/local-mounts.js';

const line = (id: number, point: string, type: string) =>
  `${id} 1 8:1 / ${point} rw,relatime shared:1 - ${type} /dev/x rw`;

const TABLE = [
  line(21, '/', 'ext4'),
  line(22, '/proc', 'proc'),
  line(23, '/home/ann/NAS', 'nfs4'),
  line(24, '/home/ann/Drive', 'fuse.rclone'),
  line(25, '/data', 'xfs'),
  line(26, '/data/cache', 'tmpfs'),
  line(27, '/media/usb', 'ext4'),
  // A FUSE file system mounted over the USB disk's mount point hides it.
  line(28, '/media/usb', 'fuse.sshfs'),
  line(29, '/srv/with\\040space', 'cifs'),
].join('\n');

describe('local mounts', () => {
  const mounts = parseMountinfo(TABLE);

  it('reads mount points (escapes decoded) and types', () => {
    expect(mounts).toContainEqual({ point: '/srv/with space', type: 'cifs' });
    expect(mounts).toHaveLength(9);
    expect(parseMountinfo('garbage\n\n1 2 3')).toEqual([]);
  });

  it.each([
    ['a folder on the local root disk, with only local mounts below', '/data', true],
    ['a folder on a memory file system', '/data/cache/x', true],
    ['a folder with a network share mounted below it', '/home/ann', false],
    ['the home folder above both the share and the FUSE drive', '/home', false],
    ['a folder on an NFS share', '/home/ann/NAS/docs', false],
    ['a folder on a FUSE cloud drive', '/home/ann/Drive', false],
    ['a sibling whose name starts like a share', '/home/ann/NASA', true],
    ['a folder under a FUSE mount that hides a local one', '/media/usb/photos', false],
    ['a folder on an SMB share whose path has a space', '/srv/with space/a', false],
    ['the whole file system', '/', false],
  ])('%s: %s → %s', (_, folder, local) => {
    expect(isWhollyLocal(mounts, folder)).toBe(local);
  });

  it('counts nothing as local when the mount table cannot be read', () => {
    const folders = new LocalFolders(() => {
      throw new Error('EACCES');
    });
    expect(folders.isLocal('/data')).toBe(false);
  });

  it('reads the table again after a while, so a share mounted later is seen', () => {
    let now = 0;
    let table = line(1, '/', 'ext4');
    const folders = new LocalFolders(
      () => table,
      () => now,
    );
    expect(folders.isLocal('/home/ann')).toBe(true);
    table += `\n${line(2, '/home/ann/NAS', 'nfs')}`;
    now += 100;
    expect(folders.isLocal('/home/ann')).toBe(true);
    now += 5000;
    expect(folders.isLocal('/home/ann')).toBe(false);
  });

  it('finds this machine’s temp folder local (the inline route is exercised by the other tests)', () => {
    expect(new LocalFolders().isLocal('/tmp')).toBe(true);
  });
});
