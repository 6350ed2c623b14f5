#include "pipelines/article_json.h"

namespace byline::pipelines {
namespace {

nlohmann::json OptionalString(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

const char* TypeName(extract::Mention::Type t) {
  switch (t) {
    case extract::Mention::Type::kPerson:
      return "PERSON";
    case extract::Mention::Type::kOrg:
      return "ORG";
    case extract::Mention::Type::kMoney:
      return "MONEY";
  }
  return "ORG";
}

nlohmann::json MentionToJson(const extract::Mention& m) {
  nlohmann::json j = {{"type", TypeName(m.type)},
                      {"text", m.surface},
                      {"start", m.start},
                      {"end", m.end},
                      {"canonical", m.canonical}};
  if (m.sentence >= 0) j["sentence"] = m.sentence;
  if (m.type == extract::Mention::Type::kMoney) {
    j["value"] = m.value;
    j["currency"] = m.currency;
    if (m.value_max) j["value_max"] = *m.value_max;
    if (m.approximate) j["approximate"] = true;
  }
  return j;
}

}  // namespace

nlohmann::json ArticleToJson(const std::string& source, const extract::Article& a) {
  nlohmann::json entities = nlohmann::json::array();
  for (const auto& m : a.mentions) entities.push_back(MentionToJson(m));
  nlohmann::json j = {
      {"source", source},
      {"url", OptionalString(a.url)},
      {"title", OptionalString(a.title)},
      {"authors", a.authors},
      {"published", OptionalString(a.published)},
      {"site", OptionalString(a.site)},
      {"language", OptionalString(a.language)},
      {"text", a.text},
      {"entities", std::move(entities)},
  };
  if (!a.charset.empty()) j["charset"] = a.charset;
  if (!a.warnings.empty()) j["warnings"] = a.warnings;
  return j;
}

nlohmann::json ErrorToJson(const std::string& source, const std::string& error) {
  return {{"source", source}, {"error", error}};
}

std::string DumpJson(const nlohmann::json& j, bool pretty) {
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace byline::pipelines
