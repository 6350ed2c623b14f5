// Article metadata from the page: title, authors, published date, site name, language and
// canonical URL, from structured data first (JSON-LD, Open Graph, meta tags, microdata) and
// visible markup second (h1, bylines, <time>), then the URL.
#ifndef BYLINE_EXTRACT_METADATA_H_
#define BYLINE_EXTRACT_METADATA_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.h"

namespace byline::extract {

struct Metadata {
  std::optional<std::string> title;
  std::vector<std::string> authors;
  std::optional<std::string> published;  // ISO-8601: "2024-05-01" or "2024-05-01T10:00:00Z"
  std::optional<std::string> site;
  std::optional<std::string> language;  // from markup only (html lang, og:locale, meta)
  std::optional<std::string> url;       // canonical, absolute
  // JSON-LD articleBody (or microdata itemprop=articleBody text), whitespace-normalised, when
  // the page has one: a hint for the main-text stage, which checks it against the page.
  std::string article_body;
  // Nodes the metadata came from inside <body> (bylines, datelines), so the main-text stage
  // can leave them out of the text.
  std::vector<uint32_t> byline_nodes;
};

// Never fails: fields the page does not give stay empty. `page_url` may be empty.
Metadata ExtractMetadata(const Document& doc, std::string_view page_url);

// Helpers exposed for tests.
// "By Jane Doe and John Roe, Staff Writers" -> {"Jane Doe", "John Roe"}; drops dates, roles,
// "Staff", site names and e-mail addresses.
std::vector<std::string> SplitAuthors(std::string_view byline);
// Any common date form ("2024-05-01T10:00:00+02:00", "May 1, 2024", "01.05.2024",
// "Wed, 01 May 2024 10:00:00 GMT") -> ISO-8601, or nullopt.
std::optional<std::string> NormalizeDate(std::string_view text);
// A date in a URL path ("/2024/05/01/", "/20240501/", "2024-05-01") -> "2024-05-01".
std::optional<std::string> DateFromUrl(std::string_view url);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_METADATA_H_
