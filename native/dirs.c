/*
 * The sandbox's syscalls that Node does not offer (Linux). Node opens and lists by path only, so the
 * sandbox checks what it opened by reading /proc/self/fd/N back, and lists a checked folder by opening
 * it a second time through /proc. Here:
 *  - openNoLinks opens a path with openat2(RESOLVE_NO_SYMLINKS): if it succeeds, no link was crossed,
 *    so the opened file is at that very path and needs no check; a path with a link fails with ELOOP,
 *    and the sandbox takes its slower road;
 *  - readDir lists a folder already open, with getdents64 on its fd;
 *  - openDirAt and openFileAt open a child folder or file relative to its parent's fd, never following
 *    a link;
 *  - statFd reads what the sandbox needs of an open fd's stat into numbers, without a Stats object;
 *  - readInto reads an open file into a buffer without Node's request object;
 *  - close closes what these opened (Node's fs in a worker thread warns about fds it did not open).
 * Every decision stays in JavaScript.
 */
#define _GNU_SOURCE
#include <node_api.h>

#ifdef __linux__
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Entry kinds, as the sandbox numbers them: file, folder, link, anything else. */
enum { KIND_FILE = 0, KIND_FOLDER = 1, KIND_LINK = 2, KIND_OTHER = 3 };

struct linux_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

/* Throws an Error whose `code` is the errno's name, as Node's fs errors carry it. */
static napi_value throw_errno(napi_env env, int err, const char *syscall_name) {
  const char *name = strerrorname_np(err);
  char message[128];
  snprintf(message, sizeof message, "%s: %s, %s", name ? name : "EIO", strerror(err), syscall_name);
  napi_throw_error(env, name ? name : "EIO", message);
  return NULL;
}

static int int_arg(napi_env env, napi_value value, int32_t *out) {
  return napi_get_value_int32(env, value, out) == napi_ok;
}

/* A typed array of `type`: its data and its length in elements. */
static int typed_array_arg(napi_env env, napi_value value, napi_typedarray_type type, void **data, size_t *length) {
  napi_typedarray_type actual;
  return napi_get_typedarray_info(env, value, &actual, length, data, NULL, NULL) == napi_ok && actual == type;
}

/* The one fd argument of readDir and close; false after throwing a TypeError that shows `usage`. */
static int fd_arg(napi_env env, napi_callback_info info, const char *usage, int32_t *fd) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || !int_arg(env, argv[0], fd)) {
    napi_throw_type_error(env, NULL, usage);
    return 0;
  }
  return 1;
}

static int kind_of_mode(mode_t mode) {
  if (S_ISREG(mode)) return KIND_FILE;
  if (S_ISDIR(mode)) return KIND_FOLDER;
  if (S_ISLNK(mode)) return KIND_LINK;
  return KIND_OTHER;
}

static int kind_of_entry(int fd, const struct linux_dirent64 *entry) {
  switch (entry->d_type) {
    case DT_REG: return KIND_FILE;
    case DT_DIR: return KIND_FOLDER;
    case DT_LNK: return KIND_LINK;
    case DT_UNKNOWN: {
      /* Some file systems leave the type to a stat; one removed meanwhile counts as "other". */
      struct stat st;
      return fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? kind_of_mode(st.st_mode) : KIND_OTHER;
    }
    default: return KIND_OTHER;
  }
}

/*
 * readDir(fd): the folder open as fd, "." and ".." left out, in the order read, as one string: for each
 * entry its kind (a digit) and its name, each entry ended by "/", which no name contains. One string
 * instead of an array of names and one of kinds: N-API has no bulk array calls, and two element stores
 * per entry cost more than the reading.
 */
static napi_value read_dir(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!fd_arg(env, info, "readDir(fd): fd must be an integer", &fd)) return NULL;
  char buffer[32768] __attribute__((aligned(8)));
  char small[16384];
  char *out = small;
  size_t used = 0, size = sizeof small;
  napi_value result = NULL;
  for (;;) {
    long got = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_errno(env, errno, "getdents64");
      goto done;
    }
    if (got == 0) break;
    for (long at = 0; at < got;) {
      const struct linux_dirent64 *entry = (const struct linux_dirent64 *)(buffer + at);
      at += entry->d_reclen;
      const char *name = entry->d_name;
      if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
      size_t length = strlen(name);
      if (used + length + 2 > size) {
        size_t bigger = size * 2 > used + length + 2 ? size * 2 : used + length + 2;
        char *grown = out == small ? malloc(bigger) : realloc(out, bigger);
        if (!grown) {
          throw_errno(env, ENOMEM, "readDir");
          goto done;
        }
        if (out == small) memcpy(grown, small, used);
        out = grown;
        size = bigger;
      }
      out[used++] = (char)('0' + kind_of_entry(fd, entry));
      memcpy(out + used, name, length);
      used += length;
      out[used++] = '/';
    }
  }
  napi_create_string_utf8(env, out, used, &result);
done:
  if (out != small) free(out);
  return result;
}

/*
 * An fd for child `name` of dirfd, opened with `flags` plus O_NOFOLLOW: a link fails with ELOOP. `usage`
 * is the TypeError's message.
 */
static napi_value open_child(napi_env env, napi_callback_info info, int flags, const char *usage) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t dirfd;
  char name[4096];
  size_t length = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || !int_arg(env, argv[0], &dirfd) ||
      napi_get_value_string_utf8(env, argv[1], name, sizeof name, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, usage);
    return NULL;
  }
  /* One name, never a path or "." or "..": the lookup must not leave the verified folder. */
  if (length == 0 || length >= sizeof name - 1 || memchr(name, '/', length) != NULL || strlen(name) != length ||
      strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
    return throw_errno(env, EINVAL, "openat");
  }
  int fd;
  do {
    fd = openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return throw_errno(env, errno, "openat");
  napi_value result;
  napi_create_int32(env, fd, &result);
  return result;
}

/* openDirAt(dirfd, name): an fd for folder `name` inside dirfd; a link, or anything not a folder, fails. */
static napi_value open_dir_at(napi_env env, napi_callback_info info) {
  return open_child(env, info, O_RDONLY | O_DIRECTORY, "openDirAt(dirfd, name): an integer and a string");
}

/*
 * openFileAt(dirfd, name): an fd for reading entry `name` of dirfd; a link fails. O_NONBLOCK: a FIFO
 * opens at once (the caller reads only regular files) instead of waiting for a writer.
 */
static napi_value open_file_at(napi_env env, napi_callback_info info) {
  return open_child(env, info, O_RDONLY, "openFileAt(dirfd, name): an integer and a string");
}

/* True for an absolute path with no empty, "." or ".." segment: what it names is what it spells. */
static int is_plain_path(const char *path, size_t length) {
  if (length == 0 || path[0] != '/') return 0;
  for (size_t at = 0; at < length; at++) {
    if (path[at] != '/') continue;
    const char *next = path + at + 1;
    if (at + 1 == length && length > 1) return 0;
    if (next[0] == '/') return 0;
    if (next[0] == '.' && (next[1] == '/' || next[1] == 0)) return 0;
    if (next[0] == '.' && next[1] == '.' && (next[2] == '/' || next[2] == 0)) return 0;
  }
  return 1;
}

/*
 * openNoLinks(path, flags): an fd for `path`, opened for reading (or O_PATH) without crossing any link.
 * ELOOP when the path has a link in it; EINVAL for a path that is not plain, or flags that could write
 * or create; ENOSYS on kernels before 5.6.
 */
static napi_value open_no_links(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t flags;
  char path[4096];
  size_t length = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_string_utf8(env, argv[0], path, sizeof path, &length) != napi_ok ||
      !int_arg(env, argv[1], &flags)) {
    napi_throw_type_error(env, NULL, "openNoLinks(path, flags): a string and an integer");
    return NULL;
  }
  if (length >= sizeof path - 1 || strlen(path) != length || !is_plain_path(path, length) ||
      (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) != 0) {
    return throw_errno(env, EINVAL, "openat2");
  }
  struct open_how how = {
    .flags = (uint64_t)(uint32_t)flags | O_CLOEXEC,
    .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
  };
  long fd;
  do {
    fd = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return throw_errno(env, errno, "openat2");
  napi_value result;
  napi_create_int32(env, (int32_t)fd, &result);
  return result;
}

/* Milliseconds as Node's Stats computes them (sec * 1e3 + nsec / 1e6; binding.gyp keeps it unfused). */
static double ms_of(struct statx_timestamp t) {
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/*
 * statFd(fd, out): the open fd's mode, device, inode, size, and modification, access, birth and change
 * times in ms, written into the Float64Array `out` (8 numbers) as Node's fs.fstatSync gives them (it
 * asks statx the same way). A cheap call spent about a microsecond building the Stats object it would
 * not keep.
 */
static napi_value stat_fd(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd;
  size_t length = 0;
  void *data = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || !int_arg(env, argv[0], &fd) || !typed_array_arg(env, argv[1], napi_float64_array, &data, &length) ||
      length < 8) {
    napi_throw_type_error(env, NULL, "statFd(fd, out): an integer and a Float64Array of 8");
    return NULL;
  }
  struct statx st;
  if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME, &st) != 0) {
    return throw_errno(env, errno, "statx");
  }
  double *out = data;
  out[0] = st.stx_mode;
  out[1] = (double)makedev(st.stx_dev_major, st.stx_dev_minor);
  out[2] = (double)st.stx_ino;
  out[3] = (double)st.stx_size;
  out[4] = ms_of(st.stx_mtime);
  out[5] = ms_of(st.stx_atime);
  /* Zero where the file system keeps no birth time, as in Node. */
  out[6] = ms_of(st.stx_btime);
  out[7] = ms_of(st.stx_ctime);
  return NULL;
}

/*
 * readInto(fd, buffer, size): reads the first `size` bytes of an open file into `buffer` (a Uint8Array at
 * least that long) with pread from offset 0; returns how many there were (fewer at the end of the file).
 * Node's fs.readSync spent about as long on its checks and its request object as the syscall took.
 */
static napi_value read_into(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int32_t fd;
  int64_t size;
  size_t length = 0;
  void *data = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  /* The size as a 64-bit integer: as an int32, a size past 2 GiB would wrap into a short read. */
  if (argc < 3 || !int_arg(env, argv[0], &fd) || !typed_array_arg(env, argv[1], napi_uint8_array, &data, &length) ||
      napi_get_value_int64(env, argv[2], &size) != napi_ok || size < 0 || (uint64_t)size > length) {
    napi_throw_type_error(env, NULL, "readInto(fd, buffer, size): an integer, a Uint8Array and a size within it");
    return NULL;
  }
  size_t filled = 0;
  while (filled < (size_t)size) {
    ssize_t n = pread(fd, (char *)data + filled, (size_t)size - filled, (off_t)filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return throw_errno(env, errno, "pread");
    if (n == 0) break;
    filled += (size_t)n;
  }
  napi_value result;
  napi_create_int64(env, (int64_t)filled, &result);
  return result;
}

/* close(fd): closes an fd that openNoLinks, openDirAt or openFileAt gave. */
static napi_value close_fd(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!fd_arg(env, info, "close(fd): fd must be an integer", &fd)) return NULL;
  /* Linux releases the fd even when close reports EINTR: never retry. */
  if (close(fd) != 0 && errno != EINTR) return throw_errno(env, errno, "close");
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "close", NAPI_AUTO_LENGTH, close_fd, NULL, &fn);
  napi_set_named_property(env, exports, "close", fn);
  napi_create_function(env, "openNoLinks", NAPI_AUTO_LENGTH, open_no_links, NULL, &fn);
  napi_set_named_property(env, exports, "openNoLinks", fn);
  napi_create_function(env, "readDir", NAPI_AUTO_LENGTH, read_dir, NULL, &fn);
  napi_set_named_property(env, exports, "readDir", fn);
  napi_create_function(env, "openDirAt", NAPI_AUTO_LENGTH, open_dir_at, NULL, &fn);
  napi_set_named_property(env, exports, "openDirAt", fn);
  napi_create_function(env, "openFileAt", NAPI_AUTO_LENGTH, open_file_at, NULL, &fn);
  napi_set_named_property(env, exports, "openFileAt", fn);
  napi_create_function(env, "statFd", NAPI_AUTO_LENGTH, stat_fd, NULL, &fn);
  napi_set_named_property(env, exports, "statFd", fn);
  napi_create_function(env, "readInto", NAPI_AUTO_LENGTH, read_into, NULL, &fn);
  napi_set_named_property(env, exports, "readInto", fn);
  return exports;
}
#else
/* Elsewhere the module offers nothing, and the sandbox reads folders by path with Node's fs. */
NAPI_MODULE_INIT() { return exports; }
#endif
