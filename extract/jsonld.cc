// JSON-LD as found on real pages: often valid, sometimes wrapped in HTML comments or CDATA,
// with raw newlines inside strings, several objects in one script, or a stray ";" after the
// closing brace. The article can sit at the top, in an @graph array, in mainEntity, or be
// split over several objects that refer to each other by "@id" (Yoast puts the author in a
// Person node of the graph). So: parse leniently, index every object, then read the fields
// from the most article-like object, resolving references.
#include "extract/jsonld.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "extract/text_util.h"

namespace byline::extract {
namespace {

using nlohmann::json;

// Objects nested deeper than this are not looked at: real JSON-LD is a few levels deep, and
// the walk must stay bounded on hostile input.
constexpr int kMaxDepth = 32;
// At most this many values are read from one script (several concatenated objects).
constexpr int kMaxValuesPerScript = 16;

// ---------------------------------------------------------------------------------------
// Lenient parsing.

bool ConsumePrefix(std::string_view* s, std::string_view prefix) {
  if (!StartsWith(*s, prefix)) return false;
  s->remove_prefix(prefix.size());
  *s = Trim(*s);
  return true;
}

bool ConsumeSuffix(std::string_view* s, std::string_view suffix) {
  if (!EndsWith(*s, suffix)) return false;
  s->remove_suffix(suffix.size());
  *s = Trim(*s);
  return true;
}

// Strips the wrappers that old advice told authors to put around script content.
std::string_view StripWrappers(std::string_view s) {
  s = Trim(s);
  bool changed = true;
  while (changed) {
    changed = ConsumePrefix(&s, "<!--") || ConsumePrefix(&s, "//<![CDATA[") ||
              ConsumePrefix(&s, "/*<![CDATA[*/") || ConsumePrefix(&s, "<![CDATA[") ||
              ConsumeSuffix(&s, "-->") || ConsumeSuffix(&s, "//]]>") ||
              ConsumeSuffix(&s, "/*]]>*/") || ConsumeSuffix(&s, "]]>");
  }
  return s;
}

// Raw control characters are invalid inside JSON strings but common in JSON-LD written by
// templates (a multi-line articleBody). Inside strings they become spaces; outside they are
// white space anyway.
std::string ReplaceControlChars(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return out;
}

// Splits s into its top-level {...} / [...] values by bracket matching (string-aware), so
// that several concatenated values, or one followed by junk, can each be parsed.
std::vector<std::string_view> TopLevelValues(std::string_view s) {
  std::vector<std::string_view> values;
  size_t i = 0;
  while (i < s.size() && values.size() < kMaxValuesPerScript) {
    size_t start = s.find_first_of("{[", i);
    if (start == std::string_view::npos) break;
    int depth = 0;
    bool in_string = false;
    size_t j = start;
    for (; j < s.size(); ++j) {
      char c = s[j];
      if (in_string) {
        if (c == '\\')
          ++j;
        else if (c == '"')
          in_string = false;
        continue;
      }
      if (c == '"')
        in_string = true;
      else if (c == '{' || c == '[')
        ++depth;
      else if ((c == '}' || c == ']') && --depth == 0)
        break;
    }
    size_t end = j < s.size() ? j + 1 : s.size();
    values.push_back(s.substr(start, end - start));
    i = end;
  }
  return values;
}

json ParseOrDiscard(std::string_view s) {
  return json::parse(s.begin(), s.end(), /*cb=*/nullptr, /*allow_exceptions=*/false,
                     /*ignore_comments=*/true);
}

// Parses one script's text into zero or more JSON values.
void ParseScript(std::string_view text, std::vector<json>* out) {
  std::string_view s = StripWrappers(text);
  if (s.empty()) return;
  json v = ParseOrDiscard(s);
  if (!v.is_discarded()) {
    out->push_back(std::move(v));
    return;
  }
  std::string cleaned = ReplaceControlChars(s);
  for (std::string_view piece : TopLevelValues(cleaned)) {
    json p = ParseOrDiscard(piece);
    if (!p.is_discarded()) out->push_back(std::move(p));
  }
}

// ---------------------------------------------------------------------------------------
// String values.

// Decodes one entity at s[i] == '&' into out; returns its length, or 0 when it is none.
size_t DecodeEntity(std::string_view s, size_t i, std::string* out) {
  size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  std::string_view name = s.substr(i + 1, semi - i - 1);
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"},
      {"lt", "<"},
      {"gt", ">"},
      {"quot", "\""},
      {"apos", "'"},
      {"nbsp", "\xC2\xA0"},
      {"ndash", "\xE2\x80\x93"},
      {"mdash", "\xE2\x80\x94"},
      {"rsquo", "\xE2\x80\x99"},
      {"lsquo", "\xE2\x80\x98"},
      {"rdquo", "\xE2\x80\x9D"},
      {"ldquo", "\xE2\x80\x9C"},
      {"bdquo", "\xE2\x80\x9E"},
      {"hellip", "\xE2\x80\xA6"},
      {"laquo", "\xC2\xAB"},
      {"raquo", "\xC2\xBB"},
  };
  for (const auto& [n, v] : kNamed) {
    if (name == n) {
      out->append(v);
      return semi - i + 1;
    }
  }
  // The Latin-1 letters U+00C0-U+00FF, in code point order (U+00D7 and U+00F7 are signs).
  static constexpr std::string_view kLatin1[] = {
      "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig", "Ccedil",
      "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc", "Iuml",
      "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",  "times",
      "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN", "szlig",
      "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig", "ccedil",
      "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc", "iuml",
      "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",  "divide",
      "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn", "yuml",
  };
  for (size_t k = 0; k < std::size(kLatin1); ++k) {
    if (name == kLatin1[k]) {
      AppendUtf8(static_cast<uint32_t>(0xC0 + k), out);
      return semi - i + 1;
    }
  }
  if (name.size() < 2 || name[0] != '#') return 0;
  bool hex = name[1] == 'x' || name[1] == 'X';
  std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 7) return 0;
  uint32_t cp = 0;
  for (char c : digits) {
    int d = (c >= '0' && c <= '9')          ? c - '0'
            : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10
                                            : -1;
    if (d < 0) return 0;
    cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
  }
  AppendUtf8(cp, out);
  return semi - i + 1;
}

}  // namespace

std::string DecodeEntities(std::string_view s) {
  std::string decoded;
  if (s.find('&') == std::string_view::npos) return std::string(s);
  decoded.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      size_t n = DecodeEntity(s, i, &decoded);
      if (n) {
        i += n - 1;
        continue;
      }
    }
    decoded.push_back(s[i]);
  }
  return decoded;
}

namespace {

// JSON-LD strings are often HTML-escaped by the template that wrote them ("Rock &amp; Roll",
// "it&#8217;s"), and may hold markup-style white space.
std::string CleanString(std::string_view s) { return CollapseSpace(DecodeEntities(s)); }

// The text of a value that should be a string: a string, the first string of an array, or
// the @value of a typed literal.
std::string StringOf(const json& v) {
  if (v.is_string()) return CleanString(v.get_ref<const std::string&>());
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_array()) {
    for (const json& e : v) {
      if (e.is_string()) return CleanString(e.get_ref<const std::string&>());
    }
  }
  if (v.is_object()) {
    auto it = v.find("@value");
    if (it != v.end() && it->is_string()) return CleanString(it->get_ref<const std::string&>());
  }
  return {};
}

std::string Field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? std::string() : StringOf(*it);
}

// ---------------------------------------------------------------------------------------
// Types.

std::string_view BareType(std::string_view t) {
  for (std::string_view prefix : {"http://schema.org/", "https://schema.org/", "schema:"}) {
    if (StartsWith(t, prefix)) return t.substr(prefix.size());
  }
  return t;
}

// How article-like one type name is: 3 articles and posts, 2 other authored works with a
// title and date, 1 web pages (their name is the <title>, their dates often the article's).
int TypeNameScore(std::string_view t) {
  t = BareType(t);
  if (EndsWith(t, "Article") || EndsWith(t, "Posting") || t == "Report") return 3;
  if (t == "Recipe" || t == "HowTo" || t == "Review" || t == "CreativeWork" || t == "VideoObject" ||
      t == "PodcastEpisode") {
    return 2;
  }
  if (EndsWith(t, "WebPage") || t == "ItemPage" || t == "AboutPage" || t == "QAPage" ||
      t == "FAQPage" || t == "ProfilePage") {
    return 1;
  }
  return 0;
}

template <typename F>
void ForEachType(const json& obj, F f) {
  auto it = obj.find("@type");
  if (it == obj.end()) return;
  if (it->is_string()) {
    f(std::string_view(it->get_ref<const std::string&>()));
  } else if (it->is_array()) {
    for (const json& t : *it) {
      if (t.is_string()) f(std::string_view(t.get_ref<const std::string&>()));
    }
  }
}

int TypeScore(const json& obj) {
  int score = 0;
  ForEachType(obj, [&](std::string_view t) { score = std::max(score, TypeNameScore(t)); });
  return score;
}

bool HasType(const json& obj, std::string_view wanted) {
  bool found = false;
  ForEachType(obj, [&](std::string_view t) { found |= BareType(t) == wanted; });
  return found;
}

// Organization types make an author a publisher, unless the object is also a Person (Yoast
// types a one-person blog's owner ["Person", "Organization"]).
bool IsOrganizationType(const json& obj) {
  bool org = false;
  bool person = false;
  ForEachType(obj, [&](std::string_view t) {
    t = BareType(t);
    person |= t == "Person";
    org |= t.find("Organization") != std::string_view::npos || t == "Corporation" || t == "NGO" ||
           t == "LocalBusiness" || t == "Brand" || t == "WebSite" || t == "Newspaper" ||
           t == "Periodical";
  });
  return org && !person;
}

// ---------------------------------------------------------------------------------------
// The object index.

class Graph {
 public:
  // Indexes every object of the parsed values, in document order.
  void Index(const std::vector<json>& values) {
    struct Item {
      const json* value;
      int depth;
    };
    std::vector<Item> stack;
    for (auto it = values.rbegin(); it != values.rend(); ++it) stack.push_back({&*it, 0});
    while (!stack.empty()) {
      Item item = stack.back();
      stack.pop_back();
      const json& v = *item.value;
      if (v.is_object()) AddObject(v);
      if (item.depth >= kMaxDepth || !v.is_structured()) continue;
      // Children go on the stack in reverse so that they come off it in document order.
      std::vector<const json*> children;
      for (const json& child : v) {
        if (child.is_structured()) children.push_back(&child);
      }
      for (auto c = children.rbegin(); c != children.rend(); ++c) {
        stack.push_back({*c, item.depth + 1});
      }
    }
  }

  const std::vector<const json*>& objects() const { return objects_; }

  // A reference {"@id": "..."} replaced by the object it names, when the page defines it.
  const json& Resolve(const json& v) const {
    if (!v.is_object() || v.contains("name")) return v;
    auto id = v.find("@id");
    if (id == v.end() || !id->is_string()) return v;
    auto def = by_id_.find(id->get_ref<const std::string&>());
    return def == by_id_.end() ? v : *def->second;
  }

 private:
  void AddObject(const json& obj) {
    objects_.push_back(&obj);
    auto id = obj.find("@id");
    // A bare {"@id": ...} is a reference, not a definition.
    if (id != obj.end() && id->is_string() && obj.size() > 1) {
      by_id_.emplace(id->get_ref<const std::string&>(), &obj);
    }
  }

  std::vector<const json*> objects_;
  std::unordered_map<std::string, const json*> by_id_;
};

// ---------------------------------------------------------------------------------------
// Reading the article.

JsonLdAuthor AuthorOf(const json& v) {
  JsonLdAuthor a;
  if (v.is_string()) {
    a.name = CleanString(v.get_ref<const std::string&>());
    return a;
  }
  if (!v.is_object()) return a;
  a.organization = IsOrganizationType(v);
  a.name = Field(v, "name");
  if (a.name.empty()) {
    std::string given = Field(v, "givenName");
    std::string family = Field(v, "familyName");
    a.name = CollapseSpace(given + " " + family);
  }
  return a;
}

std::vector<JsonLdAuthor> AuthorsOf(const json& v, const Graph& graph) {
  std::vector<JsonLdAuthor> authors;
  auto add = [&](const json& one) {
    JsonLdAuthor a = AuthorOf(graph.Resolve(one));
    if (!a.name.empty()) authors.push_back(std::move(a));
  };
  if (v.is_array()) {
    for (const json& e : v) add(e);
  } else {
    add(v);
  }
  return authors;
}

std::string NameOf(const json& v, const Graph& graph) {
  const json& first = v.is_array() && !v.empty() ? v.front() : v;
  const json& obj = graph.Resolve(first);
  if (obj.is_string()) return CleanString(obj.get_ref<const std::string&>());
  return obj.is_object() ? Field(obj, "name") : std::string();
}

std::string UrlOf(const json& obj) {
  std::string url = Field(obj, "url");
  if (!url.empty()) return url;
  auto main = obj.find("mainEntityOfPage");
  if (main == obj.end()) return {};
  if (main->is_string()) return StringOf(*main);
  if (main->is_object()) {
    std::string u = Field(*main, "url");
    return u.empty() ? Field(*main, "@id") : u;
  }
  return {};
}

// The objects to read from, best first: articles, then other works, then web pages; ties in
// document order.
std::vector<const json*> RankedCandidates(const Graph& graph) {
  std::vector<const json*> ranked;
  for (int score = 3; score >= 1; --score) {
    for (const json* obj : graph.objects()) {
      if (TypeScore(*obj) == score) ranked.push_back(obj);
    }
  }
  return ranked;
}

// The first non-empty value of `key` over the candidates (articles only when `works_only`).
std::string FirstField(const std::vector<const json*>& ranked, const char* key, bool works_only) {
  for (const json* obj : ranked) {
    if (works_only && TypeScore(*obj) < 2) break;
    std::string v = Field(*obj, key);
    if (!v.empty()) return v;
  }
  return {};
}

JsonLdArticle ReadArticle(const Graph& graph) {
  JsonLdArticle a;
  std::vector<const json*> ranked = RankedCandidates(graph);
  a.headline = FirstField(ranked, "headline", /*works_only=*/true);
  if (a.headline.empty()) a.headline = FirstField(ranked, "name", /*works_only=*/true);
  for (const char* key : {"author", "creator"}) {
    for (const json* obj : ranked) {
      auto it = obj->find(key);
      if (it != obj->end()) a.authors = AuthorsOf(*it, graph);
      if (!a.authors.empty()) break;
    }
    if (!a.authors.empty()) break;
  }
  a.date_published = FirstField(ranked, "datePublished", false);
  a.date_created = FirstField(ranked, "dateCreated", false);
  a.date_modified = FirstField(ranked, "dateModified", false);
  a.body = FirstField(ranked, "articleBody", true);
  a.language = FirstField(ranked, "inLanguage", false);
  for (const json* obj : ranked) {
    auto it = obj->find("publisher");
    if (it != obj->end()) a.publisher = NameOf(*it, graph);
    if (!a.publisher.empty()) break;
  }
  for (const json* obj : ranked) {
    if (TypeScore(*obj) < 2) break;
    a.url = UrlOf(*obj);
    if (!a.url.empty()) break;
  }
  for (const json* obj : graph.objects()) {
    if (HasType(*obj, "WebSite")) a.website = Field(*obj, "name");
    if (!a.website.empty()) break;
  }
  return a;
}

}  // namespace

JsonLdArticle ParseJsonLd(const std::vector<std::string>& scripts) {
  try {
    std::vector<json> values;
    for (const std::string& s : scripts) ParseScript(s, &values);
    Graph graph;
    graph.Index(values);
    return ReadArticle(graph);
  } catch (...) {
    // Allocation failure or a library surprise on hostile input: the page simply has no
    // usable JSON-LD.
    return {};
  }
}

}  // namespace byline::extract
