// A small C interface to RE2, compiled both to WebAssembly (server/src/engines/re2-size.wasm)
// and natively with g++ (scripts/compare-re2-size.mjs), so both builds answer through the
// same code. It compiles a pattern the way Envoy does (RE2::Quiet: UTF-8, default max_mem
// of 8 MiB; envoyproxy/envoy source/common/common/regex.cc, CompiledGoogleReMatcher) and
// reports RE2's error code, the error's argument and ProgramSize(). Nothing is kept between
// calls: every RE2 object is destroyed before returning, so the module never leaks.
#include <cstdlib>
#include <cstring>
#include <string>

#include "re2/re2.h"

namespace {
int last_size = -1;
std::string last_arg;
}  // namespace

extern "C" {

// Compiles `len` bytes of UTF-8 at `pattern`. Returns RE2::ErrorCode (0 = compiled).
int rs_check(const char* pattern, int len) {
  RE2 re(re2::StringPiece(pattern, static_cast<size_t>(len)), RE2::Quiet);
  last_size = re.ok() ? re.ProgramSize() : -1;
  last_arg = re.ok() ? std::string() : std::string(re.error_arg());
  return static_cast<int>(re.error_code());
}

// ProgramSize() of the last pattern that compiled, else -1.
int rs_program_size() { return last_size; }

// The part of the last pattern RE2 blamed (UTF-8, not NUL-terminated).
const char* rs_error_arg() { return last_arg.data(); }
int rs_error_arg_length() { return static_cast<int>(last_arg.size()); }

// The RE2 release this was built from, e.g. "2024-07-02" (set by the build script).
#define RE2_SIZE_STR2(x) #x
#define RE2_SIZE_STR(x) RE2_SIZE_STR2(x)
const char* rs_version() { return RE2_SIZE_STR(RE2_SIZE_VERSION); }

void* rs_alloc(int n) { return std::malloc(static_cast<size_t>(n)); }
void rs_free(void* p) { std::free(p); }

}  // extern "C"
