#include "pipelines/aliases_file.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace byline::pipelines {
namespace {

Status Bad(const std::string& source, const std::string& why) {
  return Status::InvalidInput(source + ": " + why);
}

}  // namespace

Result<extract::Aliases> ParseAliases(std::string_view toml_text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream why;
    why << "line " << e.source().begin.line << ": " << e.description();
    return Bad(source, why.str());
  }
  extract::Aliases aliases;
  const toml::array* entities = root["entity"].as_array();
  if (entities == nullptr) {
    if (root.contains("entity")) return Bad(source, "'entity' must be an array of tables");
    return aliases;  // an empty watchlist is fine
  }
  size_t n = 0;
  for (const toml::node& node : *entities) {
    ++n;
    const toml::table* t = node.as_table();
    std::string where = "entity #" + std::to_string(n);
    if (t == nullptr) return Bad(source, where + " is not a table");
    extract::Aliases::Entry e;
    std::optional<std::string> canonical = (*t)["canonical"].value<std::string>();
    if (!canonical || canonical->empty()) return Bad(source, where + " has no 'canonical' name");
    e.canonical = *canonical;
    std::string type = (*t)["type"].value_or<std::string>("ORG");
    if (type != "ORG" && type != "PERSON") {
      return Bad(source, where + " has type '" + type + "' (ORG or PERSON)");
    }
    e.person = type == "PERSON";
    if (const toml::node_view<const toml::node> forms = (*t)["aliases"]; forms) {
      const toml::array* arr = forms.as_array();
      if (arr == nullptr) return Bad(source, where + ": 'aliases' must be an array of strings");
      for (const toml::node& f : *arr) {
        std::optional<std::string> s = f.value<std::string>();
        if (!s) return Bad(source, where + ": 'aliases' must be an array of strings");
        if (!s->empty()) e.forms.push_back(*s);
      }
    }
    aliases.entries.push_back(std::move(e));
  }
  return aliases;
}

Result<extract::Aliases> LoadAliases(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the alias file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseAliases(ss.str(), path);
}

}  // namespace byline::pipelines
