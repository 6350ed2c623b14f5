// Article -> the JSON object of shared CONTRACT.md (and a few extra fields).
#ifndef BYLINE_PIPELINES_ARTICLE_JSON_H_
#define BYLINE_PIPELINES_ARTICLE_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

#include "extract/extract.h"

namespace byline::pipelines {

nlohmann::json ArticleToJson(const std::string& source, const extract::Article& article);
nlohmann::json ErrorToJson(const std::string& source, const std::string& error);
// Serialises without throwing: invalid UTF-8 (which extract never produces) becomes U+FFFD.
std::string DumpJson(const nlohmann::json& j, bool pretty);

}  // namespace byline::pipelines

#endif  // BYLINE_PIPELINES_ARTICLE_JSON_H_
