// Internal to the metadata stage (metadata*.cc): the helpers its files share. The stage is split
// by concern: text helpers (metadata_text.cc), dates (metadata_dates.cc), author names
// (metadata_authors.cc), URLs (metadata_urls.cc), the page scan (metadata_scan.cc) and field
// extraction (metadata.cc). Nothing outside those files includes this header; the public API is
// extract/metadata.h.
#ifndef BYLINE_EXTRACT_METADATA_INTERNAL_H_
#define BYLINE_EXTRACT_METADATA_INTERNAL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.h"

namespace byline::extract::metadata_internal {

// ===========================================================================================
// Text helpers (metadata_text.cc).

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Lower case for ASCII and the Latin-1 capitals (U+00C0-U+00DE), which covers the accented
// letters of the month names and names compared here.
std::string LowerLatin1(std::string_view s);

// A comparison key: lower case, letters and digits only ("The Times!" -> "thetimes").
// Typographic punctuation (U+2000-U+206F: dashes, curly quotes) is dropped as well.
std::string Key(std::string_view s);

// The words of `s`, split at ASCII spaces.
std::vector<std::string_view> SplitWords(std::string_view s);

// Whether `word` is one of `list`.
inline bool InList(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Tokens of a class or id attribute ("post-author", "byline__name") in lower case, joined by
// spaces, for substring tests.
std::string ClassAndId(const Document& doc, uint32_t i);

// Whether `haystack` contains any of `needles`.
bool ContainsAny(std::string_view haystack, std::initializer_list<std::string_view> needles);

// Whether the space-separated attribute value (rel, itemprop) contains `token`.
bool HasToken(std::string_view value, std::string_view token);

// Subtrees that render no text (script, style, noscript ...).
bool IsSkippedSubtree(Tag t);

// The rendered text of the subtree of `node`, white space collapsed, a newline between
// blocks and a space between other elements (so "<span>Jane Doe</span><time>May 1</time>"
// does not run together). Stops after about max_bytes.
std::string VisibleText(const Document& doc, uint32_t node, size_t max_bytes);

// ===========================================================================================
// Dates (metadata_dates.cc).

// Month names and abbreviations in English, German, French, Spanish, Italian, Portuguese,
// Dutch and Russian (lower case) -> 1-12; 0 for any other word.
int MonthFromWord(std::string_view w);

// How to read "05/01/2024": month first in the US, day first nearly everywhere else.
enum class SlashOrder { kUnknown, kDayFirst, kMonthFirst };

// NormalizeDate with a known reading of "05/01/2024".
std::optional<std::string> NormalizeDateIn(std::string_view text, SlashOrder order);

// The slash order of the page's locale: "en-US" month first; other English regions and
// other languages day first; plain "en" unknown.
SlashOrder SlashOrderOf(std::string_view locale);

// ===========================================================================================
// Authors (metadata_authors.cc).

// Words that introduce a byline ("By", "Von", "Text:") and are not part of the name.
bool IsBylinePrefixWord(std::string_view lower);
// Words that start the date/time part of a byline ("Updated 3 hours ago").
bool IsDateWord(std::string_view lower);
// Small words that lead into a date ("on May 1", "am 3. Mai", "le 3 mai").
bool IsDateConnector(std::string_view lower);
// Small words inside names ("Ursula von der Leyen", "Juan de la Cruz").
bool IsNameParticle(std::string_view lower);

// Whether the word starts with a capital (ASCII or Latin-1; other scripts count as capital).
bool StartsUpper(std::string_view w);

// Trims spaces and the punctuation that bylines put around names.
std::string_view TrimPunct(std::string_view s);

// Names from a byline without the checks against the site (see SplitAuthors).
std::vector<std::string> NamesFromByline(std::string_view byline);

// ===========================================================================================
// URLs (metadata_urls.cc).

struct UrlParts {
  std::string_view scheme;     // "https"
  std::string_view authority;  // "example.com"
  std::string_view path;       // "/a/b" (may be empty)
};

// The parts of an absolute http(s) URL; nullopt for anything else.
std::optional<UrlParts> SplitUrl(std::string_view url);

// `ref` made absolute against `base`; nullopt when it is not an http(s) URL.
std::optional<std::string> ResolveUrl(std::string_view ref, std::string_view base);

// The registrable-looking label of the host: "www.example.co.uk" -> "example".
std::string HostLabel(std::string_view url);

// ===========================================================================================
// The page scan (metadata_scan.cc).

struct MetaTag {
  std::string key;  // lower-case name / property / itemprop / http-equiv
  std::string value;
};

struct PageScan {
  std::string html_lang;
  std::string title_tag;
  std::vector<MetaTag> metas;
  std::vector<std::string> canonicals;
  std::vector<std::string> jsonld;
  std::vector<uint32_t> h1s;
  std::vector<uint32_t> times;
  std::vector<uint32_t> itemprops;   // elements with an itemprop attribute (body only)
  std::vector<uint32_t> author_els;  // elements marked as author/byline (body only)
  std::vector<uint32_t> date_els;    // elements whose class/id says date (body only)
  uint32_t body = kNoNode;
  uint32_t first_article = kNoNode;
  // Walk order of every element collected above, for "after the headline" tests.
  std::vector<uint32_t> order;
};

// One walk over the page that collects everything the field rules look at.
PageScan ScanPage(const Document& doc);

// How strongly the element's own attributes mark it as holding the author: 3 for explicit
// markup (rel=author, itemprop=author), 2 for a "byline" class, 1 for an "author" class,
// 0 for none.
int AuthorHint(const Document& doc, uint32_t i);

// Whether element `i` sits in a page region whose names and dates belong to something other
// than the article: comments, related-article teasers, sidebars, navigation, the site footer.
bool InOtherRegion(const Document& doc, uint32_t i);

}  // namespace byline::extract::metadata_internal

#endif  // BYLINE_EXTRACT_METADATA_INTERNAL_H_
