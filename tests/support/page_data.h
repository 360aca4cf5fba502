// The data index.html carries (outputs/html_writer.h): the JSON of its <script type="application/json"> elements,
// parsed, so that tests read the page's rows and details as the page's script does.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace jx::test {

struct PageData {
  nlohmann::json meta;                    // #jx-meta: {"rules": […], "agencies": […]}
  nlohmann::json rows;                    // #jx-rows: one object per summary row
  std::map<int, nlohmann::json> details;  // #d<i>: row i's details
};

// The text of every <script type="application/json" id="ID"> element of `html`, by id.
inline std::map<std::string, std::string> json_scripts(const std::string& html) {
  std::map<std::string, std::string> out;
  const std::string open = "<script type=\"application/json\" id=\"";
  for (std::size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    std::size_t id_end = html.find('"', at + open.size());
    std::size_t body = html.find('>', id_end) + 1;
    std::size_t end = html.find("</script>", body);
    if (id_end == std::string::npos || end == std::string::npos) break;
    out[html.substr(at + open.size(), id_end - at - open.size())] = html.substr(body, end - body);
  }
  return out;
}

inline PageData page_data(const std::string& html) {
  PageData d;
  for (const auto& [id, text] : json_scripts(html)) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (id == "jx-meta")
      d.meta = j;
    else if (id == "jx-rows")
      d.rows = j;
    else if (id.size() > 1 && id[0] == 'd')
      d.details[std::stoi(id.substr(1))] = j;
  }
  return d;
}

}  // namespace jx::test
