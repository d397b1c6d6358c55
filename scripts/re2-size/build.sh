#!/usr/bin/env bash
# Builds RE2 with the C interface in re2_size.cc, from the RE2 release Envoy ships.
#
#   scripts/re2-size/build.sh wasm     -> server/src/engines/re2-size.wasm (committed)
#   scripts/re2-size/build.sh native   -> node_modules/.cache/re2-size/native/re2-size (g++, for the comparison)
#
# Source: the npm package re2@1.21.5, which vendors google/re2 at tag 2024-07-02 (the release
# envoyproxy/envoy pins in bazel/repository_locations.bzl) and abseil-cpp 20250127.1. The
# tarball is fetched with `npm pack` and checked against its sha512 before use. Both targets
# compile the same files with the same defines, so the comparison is like for like.
# Needs: npm, g++ (native), emcc (wasm; Debian: apt-get install emscripten, 3.1.6 used).
set -euo pipefail

TARGET=${1:?usage: build.sh wasm|native}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PKG=re2@1.21.5
RE2_RELEASE=2024-07-02
INTEGRITY='sha512-ud7gX1bO6K4+l2YVUxZjOPCiyCBZvmi7XUnGArSk3rGIvsZW35jX3pjGs8zQiTumOpgbxHCZI1ivB1VO7i4MFw=='
CACHE=${RE2_SIZE_CACHE:-$ROOT/node_modules/.cache/re2-size}
SRC=$CACHE/src
JOBS=${JOBS:-2}

mkdir -p "$CACHE"
if [ ! -f "$SRC/vendor/re2/re2/re2.h" ]; then
  tarball=$(cd "$CACHE" && npm pack "$PKG" --silent)
  actual="sha512-$(openssl dgst -sha512 -binary "$CACHE/$tarball" | base64 -w0)"
  [ "$actual" = "$INTEGRITY" ] || { echo "integrity mismatch for $PKG: $actual" >&2; exit 1; }
  rm -rf "$SRC" && mkdir -p "$SRC" && tar xzf "$CACHE/$tarball" -C "$SRC" --strip-components=1
fi
grep -q "version = \"$RE2_RELEASE\"" "$SRC/vendor/re2/MODULE.bazel" || { echo "expected RE2 $RE2_RELEASE in $PKG" >&2; exit 1; }

RE2_FILES="bitmap256 bitstate compile dfa nfa onepass parse perl_groups prog re2 regexp simplify tostring unicode_casefold unicode_groups"
SOURCES="$HERE/re2_size.cc"
for f in $RE2_FILES; do SOURCES="$SOURCES $SRC/vendor/re2/re2/$f.cc"; done
SOURCES="$SOURCES $SRC/vendor/re2/util/rune.cc $SRC/vendor/re2/util/strutil.cc"
# abseil: the files the package's own binding.gyp compiles (Windows-only ones excluded).
for f in $(grep -o '"vendor/abseil-cpp/[^"]*\.cc"' "$SRC/binding.gyp" | tr -d '"' | grep -v win32); do SOURCES="$SOURCES $SRC/$f"; done
# ...plus the waiters abseil picks where there is no futex (emscripten uses the pthread one).
for f in pthread_waiter sem_waiter stdcpp_waiter; do SOURCES="$SOURCES $SRC/vendor/abseil-cpp/absl/synchronization/internal/$f.cc"; done

FLAGS="-std=c++17 -DNDEBUG -DRE2_SIZE_VERSION=$RE2_RELEASE -I$SRC/vendor/re2 -I$SRC/vendor/abseil-cpp -w"
case "$TARGET" in
  native) CXX=g++; OPT="-O2 -pthread"; OUT_DIR=$CACHE/native ;;
  wasm) CXX=em++; OPT="-O2 -fno-exceptions"; OUT_DIR=$CACHE/wasm ;;
  *) echo "unknown target $TARGET" >&2; exit 1 ;;
esac
mkdir -p "$OUT_DIR/obj"
# Compile in parallel; an object is rebuilt only when missing (the source is pinned).
printf '%s\n' $SOURCES | JOBS=$JOBS xargs -P "$JOBS" -I{} sh -c '
  src={}; obj="'"$OUT_DIR"'/obj/$(echo "$src" | sed "s|.*/vendor/||; s|.*/scripts/||; s|/|_|g").o"
  [ -f "$obj" ] || '"$CXX $FLAGS $OPT"' -c "$src" -o "$obj"'

if [ "$TARGET" = native ]; then
  g++ $FLAGS $OPT "$HERE/native_main.cc" "$OUT_DIR"/obj/*.o -o "$OUT_DIR/re2-size"
  echo "built $OUT_DIR/re2-size (RE2 $RE2_RELEASE)"
else
  EXPORTS='["_rs_check","_rs_program_size","_rs_error_arg","_rs_error_arg_length","_rs_version","_rs_alloc","_rs_free"]'
  em++ $OPT "$OUT_DIR"/obj/*.o -o "$OUT_DIR/re2-size.wasm" \
    -sSTANDALONE_WASM=1 --no-entry -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=4MB -sTOTAL_STACK=1MB -sMAXIMUM_MEMORY=256MB \
    -sFILESYSTEM=0 -sEXPORTED_FUNCTIONS="$EXPORTS" -sERROR_ON_UNDEFINED_SYMBOLS=1
  cp "$OUT_DIR/re2-size.wasm" "$ROOT/server/src/engines/re2-size.wasm"
  echo "built server/src/engines/re2-size.wasm (RE2 $RE2_RELEASE, $(stat -c %s "$OUT_DIR/re2-size.wasm") bytes)"
fi
