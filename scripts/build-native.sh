#!/usr/bin/env bash
# Builds native/ (the sandbox's native syscalls, Linux only) and puts it in dist/server/native/, where the
# server and its fs workers load it from, and where packaging finds it with the rest of the server.
# Without it the sandbox still works, with Node's fs alone (server/sandbox/native-dirs.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
addon=native/build/Release/gatehouse_dirs.node
out=dist/server/native
if [ "$(uname -s)" != Linux ]; then
  echo "build:native: nothing to build on $(uname -s)"
  exit 0
fi
if [ ! -f "$addon" ] || [ native/dirs.c -nt "$addon" ] || [ native/binding.gyp -nt "$addon" ]; then
  node-gyp rebuild --directory native --loglevel=warn
fi
mkdir -p "$out"
cp "$addon" "$out/"
