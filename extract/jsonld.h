// JSON-LD (schema.org) in <script type="application/ld+json">: what a page's structured data
// says about its article. Used by metadata.cc; kept apart so nlohmann/json stays out of
// every other translation unit.
#ifndef BYLINE_EXTRACT_JSONLD_H_
#define BYLINE_EXTRACT_JSONLD_H_

#include <string>
#include <string_view>
#include <vector>

namespace byline::extract {

struct JsonLdAuthor {
  std::string name;
  bool organization = false;  // @type Organization (or a subtype): not a person
};

// Fields of the page's main article object; strings are entity-decoded and
// whitespace-collapsed, "" when absent.
struct JsonLdArticle {
  std::string headline;
  std::vector<JsonLdAuthor> authors;
  std::string date_published;
  std::string date_created;
  std::string date_modified;
  std::string publisher;  // publisher.name of the article
  std::string website;    // name of a WebSite object
  std::string body;       // articleBody
  std::string url;        // url, else mainEntityOfPage
  std::string language;   // inLanguage
};

// Reads the text of every JSON-LD script of a page (in page order) and gathers the article:
// the object whose @type is the most article-like (NewsArticle, BlogPosting, ...; WebPage
// only as a fallback), with "@id" references resolved across scripts and @graph arrays. A
// script that does not parse even after cleanup (comments, CDATA, control characters,
// trailing junk) is skipped. Never throws.
JsonLdArticle ParseJsonLd(const std::vector<std::string>& scripts);

// Decodes HTML character references ("&amp;", "&#8217;", "&eacute;"; the common named ones
// only). JSON-LD strings and some meta values arrive HTML-escaped a second time.
std::string DecodeEntities(std::string_view s);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_JSONLD_H_
