// extract: HTML bytes in any charset -> an Article (main text and metadata).
//
// The only header other folders include from extract/. extract does no I/O: callers hand it
// bytes and get values back. Everything here is thread-safe: calls share no mutable state.
//
//   byline::extract::ExtractOptions opts;
//   opts.url = "https://example.com/2024/05/01/story";
//   auto article = byline::extract::ExtractHtml(bytes, opts);
//   if (!article.ok()) ...article.status()...
//   else use article->text, article->title, ...
#ifndef BYLINE_EXTRACT_EXTRACT_H_
#define BYLINE_EXTRACT_EXTRACT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace byline::extract {

// A user's watchlist (the TOML file of `byline extract --aliases`): each entry forces a
// canonical name for the forms it lists ("Alphabet" <- "Google", "GOOGL"), and those forms
// are found as mentions wherever they occur as whole words.
struct Aliases {
  struct Entry {
    std::string canonical;
    bool person = false;             // PERSON; otherwise ORG
    std::vector<std::string> forms;  // matched case-sensitively as whole words, and
                                     // case-insensitively against names already found
  };
  std::vector<Entry> entries;
};

struct ExtractOptions {
  // Parameters that affect behaviour.

  // The page's URL as fetched, when known. Used as the canonical URL when the page names
  // none, to resolve relative canonical links, and as a last source of the published date.
  // (default: empty)
  std::string url;
  // A charset from outside the page (HTTP Content-Type). Used when the page has no BOM;
  // a BOM wins over everything. (default: empty, i.e. sniff the page)
  std::string http_charset;

  // Find entities (people, organisations, money) in the text. (default: true)
  bool entities = true;
  // The user's watchlist, or null. Not owned; must outlive the call. (default: null)
  const Aliases* aliases = nullptr;

  // Resource limits. Inputs beyond them are refused (max_input_bytes) or cut (the others),
  // never a crash.

  // Largest input accepted, in bytes; larger inputs fail with a kPolicy status.
  // (default: 32 MiB, about 20 times the largest real article page we have seen)
  size_t max_input_bytes = size_t{32} << 20;
  // Elements nested deeper than this are flattened into their ancestor at this depth: their
  // text is kept, their structure dropped. (default: 256)
  size_t max_depth = 256;
  // Most tree nodes kept; text after the limit is dropped with a warning. (default: 4,000,000)
  size_t max_nodes = 4'000'000;
};

// One mention of an entity in Article::text (filled by the entity stage, issue 3).
struct Mention {
  enum class Type { kPerson, kOrg, kMoney };
  Type type = Type::kOrg;
  size_t start = 0;  // byte offsets into Article::text, end exclusive
  size_t end = 0;
  std::string surface;    // text[start, end)
  std::string canonical;  // the name it resolves to
  int sentence = -1;      // 0-based sentence index in text, -1 when unknown
  // MONEY only.
  double value = 0;
  std::optional<double> value_max;
  std::string currency;  // ISO 4217
  bool approximate = false;
};

// Links of a page for the crawler: hrefs as written (the crawler resolves and canonicalises
// them against `base`, else the page URL). Hrefs are trimmed of ASCII white space; tabs and
// newlines inside them are dropped.
struct PageLinks {
  std::string base;       // the first <base href>, when present; else empty
  std::string canonical;  // the first <link rel=canonical href>, as written; empty when none
  // <a href> and <area href> in document order, without repeats. rel=nofollow links are kept;
  // empty hrefs, "#fragment" hrefs and javascript:, mailto:, tel: and data: URLs are not.
  std::vector<std::string> links;
  // Feed autodiscovery: <link rel=alternate type=application/rss+xml|application/atom+xml>.
  std::vector<std::string> feeds;
  // <meta name=robots|byline content=...>: "noindex", "nofollow", "none" (both).
  bool noindex = false, nofollow = false;
};

struct Article {
  std::optional<std::string> url;        // canonical URL
  std::optional<std::string> title;      // headline
  std::vector<std::string> authors;      // people named in the byline
  std::optional<std::string> published;  // ISO-8601 date or date-time
  std::optional<std::string> site;       // publication name
  std::optional<std::string> language;   // ISO 639-1
  std::string text;                      // main text, paragraphs separated by a blank line
  std::vector<Mention> mentions;
  // Byte offsets where the sentences of `text` start (filled with the mentions): sentence i
  // is text[sentence_starts[i], sentence_starts[i+1]).
  std::vector<size_t> sentence_starts;
  // Diagnostics: what was odd about the input ("invalid UTF-8 replaced", "depth limit hit").
  std::vector<std::string> warnings;
  std::string charset;  // the charset the input was decoded from (HTML only)
  PageLinks links;      // the page's links (HTML only; not part of the JSON output)
};

// Extracts the article from one HTML document given as raw bytes in any charset.
// Fails only when the input cannot be treated as a page at all: too large (kPolicy), or
// binary data (kInvalidInput). Malformed HTML and bad bytes are not errors.
Result<Article> ExtractHtml(std::string_view bytes, const ExtractOptions& options = {});

// Builds an Article from UTF-8 plain text (`byline extract --text`): the text is kept as
// given, with invalid UTF-8 replaced by U+FFFD. Fails only above max_input_bytes.
Result<Article> ExtractPlainText(std::string_view bytes, const ExtractOptions& options = {});

// The key an entity is stored and looked up under: the name with legal-form suffixes
// dropped ("Nvidia Corp." -> "Nvidia"), white space collapsed, then Unicode NFKC case
// folding ("NVIDIA", "nvidia" and "Nvidia Corp." all give "nvidia"). Thread-safe.
std::string EntityKey(std::string_view name);

// Parses the page (same charset handling and limits as ExtractHtml) and returns only its
// links: the cheap path for crawling without extraction. Fails like ExtractHtml: above
// max_input_bytes (kPolicy) or on binary data (kInvalidInput).
Result<PageLinks> FindLinks(std::string_view html, const ExtractOptions& options = {});

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_EXTRACT_H_
