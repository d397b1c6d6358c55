// Native driver for scripts/compare-re2-size.mjs: one hex-encoded pattern per input line,
// one "code<TAB>program size<TAB>hex error argument" line out.
#include <cstdio>
#include <iostream>
#include <string>

extern "C" {
int rs_check(const char* pattern, int len);
int rs_program_size();
const char* rs_error_arg();
int rs_error_arg_length();
}

static std::string unhex(const std::string& s) {
  std::string out;
  for (size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(static_cast<char>(std::stoi(s.substr(i, 2), nullptr, 16)));
  return out;
}

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    std::string p = unhex(line);
    int code = rs_check(p.data(), static_cast<int>(p.size()));
    std::string arg(rs_error_arg(), rs_error_arg_length());
    std::cout << code << '\t' << rs_program_size() << '\t';
    for (unsigned char c : arg) {
      static const char* digits = "0123456789abcdef";
      std::cout << digits[c >> 4] << digits[c & 15];
    }
    std::cout << '\n';
  }
  return 0;
}
