// Driving a page in headless Chromium as the page tests do: the browser dumps the DOM after the page's scripts ran,
// and a test's steps leave their results as JSON in <pre id="jx-test">.
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

namespace jx::test {

inline constexpr const char* kChromium = "/usr/bin/chromium";

// What `cmd`, run by the shell, prints on stdout.
inline std::string command_stdout(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 65536> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

// The DOM of `url` (file:// or http://) once its scripts ran, with `profile` as the browser's profile folder; empty
// when Chromium printed nothing. Bounded by a 30 s virtual-time budget and a 120 s timeout.
inline std::string chromium_dom(const std::filesystem::path& profile, const std::string& url) {
  return command_stdout("timeout 120 " + std::string(kChromium) +
                        " --headless --no-sandbox --disable-gpu --disable-background-networking"
                        " --disable-component-update --no-first-run --virtual-time-budget=30000 --user-data-dir=" +
                        profile.string() + " --dump-dom '" + url + "' 2>/dev/null");
}

// The text of the <pre id="jx-test"> a test's steps wrote, unescaped (the DOM dump escapes it); nullopt when the
// steps did not get there.
inline std::optional<std::string> test_steps_text(const std::string& dom) {
  const std::string open = "<pre id=\"jx-test\">";
  auto at = dom.find(open);
  if (at == std::string::npos) return std::nullopt;
  at += open.size();
  std::string text = dom.substr(at, dom.find("</pre>", at) - at);
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}}) {
    for (auto p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size()))
      text.replace(p, from.size(), to);
  }
  return text;
}

}  // namespace jx::test
