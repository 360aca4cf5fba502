#include "rules/compiled_pattern.h"

namespace jx::rules {
namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::unique_ptr<const re2::RE2> compile_as_is(const std::string& source, int64_t max_mem) {
  re2::RE2::Options opts;
  opts.set_encoding(re2::RE2::Options::EncodingUTF8);
  opts.set_max_mem(max_mem);
  opts.set_log_errors(false);
  return std::make_unique<const re2::RE2>(source, opts);
}

}  // namespace

std::optional<std::string> without_group_names(std::string_view source, std::map<std::string, int>* groups,
                                               int* count) {
  std::string out;
  out.reserve(source.size());
  groups->clear();
  *count = 0;
  bool in_class = false;  // within [...]
  bool quoted = false;    // within \Q...\E
  size_t i = 0;
  while (i < source.size()) {
    const std::string_view rest = source.substr(i);
    if (quoted) {
      if (rest.starts_with("\\E")) quoted = false;
      const size_t n = quoted ? 1 : 2;
      out.append(rest.substr(0, n));
      i += n;
      continue;
    }
    if (rest[0] == '\\') {  // an escape: the backslash and the byte after it, never special here
      if (rest.starts_with("\\Q")) quoted = true;
      out.append(rest.substr(0, 2));
      i += std::min<size_t>(2, rest.size());
      continue;
    }
    if (in_class) {
      if (rest.starts_with("[:")) {  // a POSIX class [:alpha:] within a class
        const size_t end = rest.find(":]", 2);
        const size_t n = end == std::string_view::npos ? rest.size() : end + 2;
        out.append(rest.substr(0, n));
        i += n;
        continue;
      }
      if (rest[0] == ']') in_class = false;
      out.push_back(rest[0]);
      ++i;
      continue;
    }
    if (rest[0] == '[') {  // a class opens; a ']' first in it (after a '^') is a member
      in_class = true;
      size_t n = 1;
      if (rest.size() > n && rest[n] == '^') ++n;
      if (rest.size() > n && rest[n] == ']') ++n;
      out.append(rest.substr(0, n));
      i += n;
      continue;
    }
    if (rest[0] == '(' && !rest.starts_with("(?")) {
      ++*count;
    } else if (rest.starts_with("(?P<")) {
      const size_t end = rest.find('>', 4);
      if (end == std::string_view::npos || end == 4) return std::nullopt;
      const std::string name(rest.substr(4, end - 4));
      for (char c : name)
        if (!name_char(c)) return std::nullopt;
      if (!groups->emplace(name, ++*count).second) return std::nullopt;
      out.push_back('(');
      i += end + 1;
      continue;
    }
    out.push_back(rest[0]);
    ++i;
  }
  return out;
}

std::optional<std::vector<std::string>> literal_words(std::string_view source) {
  std::vector<std::string> words;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= source.size(); ++i) {
    if (i == source.size() || source[i] == '|') {
      if (i == begin) return std::nullopt;  // an empty alternative matches everywhere: left to RE2
      words.emplace_back(source.substr(begin, i - begin));
      begin = i + 1;
    } else if (std::string_view("\\.+*?()[]{}^$").find(source[i]) != std::string_view::npos) {
      return std::nullopt;
    }
  }
  return words;
}

bool CompiledPattern::matches(std::string_view text, bool at_start) {
  if (words_) {
    for (const std::string& w : *words_) {
      if (at_start ? text.starts_with(w) : text.find(w) != std::string_view::npos) return true;
    }
    return false;
  }
  const re2::RE2* re = get();
  return re->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(),
                   at_start ? re2::RE2::ANCHOR_START : re2::RE2::UNANCHORED, nullptr, 0);
}

Compiled CompiledPattern::compile(const std::string& source, int64_t max_mem) {
  Compiled out;
  int count = 0;
  if (auto plain = without_group_names(source, &out.groups, &count)) {
    out.re = compile_as_is(*plain, max_mem);
    if (out.re->ok() && out.re->NumberOfCapturingGroups() == count) return out;
  }
  out.re = compile_as_is(source, max_mem);
  out.groups = out.re->NamedCapturingGroups();
  return out;
}

}  // namespace jx::rules
