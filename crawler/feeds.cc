// Feed and sitemap parsing with libxml2 (the only file of byline that includes it).
//
// The document is read into a libxml2 tree with a parser context whose SAX handler drops
// entity declarations: feeds and sitemaps never need them, and a document that declares
// none can neither read a file (XXE) nor expand exponentially (billion laughs). The tree is
// then walked by kind, matching elements by namespace URI and local name.
#include "crawler/feeds.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <array>
#include <climits>
#include <memory>
#include <mutex>

#include "crawler/gunzip.h"

namespace byline::crawler {
namespace {

// Namespace URIs ("" is no namespace).
constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
constexpr std::string_view kRss1Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss09Ns = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kNewsNs = "http://www.google.com/schemas/sitemap-news/0.9";
constexpr std::string_view kFeedburnerNs = "http://rssnamespace.org/feedburner/ext/1.0";

constexpr size_t kMaxErrorsKept = 3;

// ---------------------------------------------------------------------------------------
// Dates.

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct DateParts {
  int year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0;
  int offset_minutes = 0;  // east of UTC
};

std::optional<int64_t> ToUnix(const DateParts& p) {
  if (p.year < 1000 || p.year > 9999 || p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 ||
      p.hour > 24 || p.minute > 59 || p.second > 60) {
    return std::nullopt;
  }
  return DaysFromCivil(p.year, p.month, p.day) * 86400 + p.hour * 3600 + p.minute * 60 + p.second -
         p.offset_minutes * 60;
}

// Reads exactly `n` digits at *s, advancing it.
bool ReadDigits(std::string_view* s, size_t n, int* out) {
  if (s->size() < n) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!IsDigit((*s)[i])) return false;
    v = v * 10 + ((*s)[i] - '0');
  }
  s->remove_prefix(n);
  *out = v;
  return true;
}

bool Consume(std::string_view* s, char c) {
  if (s->empty() || s->front() != c) return false;
  s->remove_prefix(1);
  return true;
}

// Zone names seen in feeds: RFC 822's, plus a few European and Asian ones publishers use.
std::optional<int> NamedZoneMinutes(std::string_view name) {
  struct Zone {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Zone, 18> kZones = {{
      {"UT", 0},
      {"UTC", 0},
      {"GMT", 0},
      {"Z", 0},
      {"EST", -5},
      {"EDT", -4},
      {"CST", -6},
      {"CDT", -5},
      {"MST", -7},
      {"MDT", -6},
      {"PST", -8},
      {"PDT", -7},
      {"BST", 1},
      {"CET", 1},
      {"CEST", 2},
      {"JST", 9},
      {"AEST", 10},
      {"AEDT", 11},
  }};
  for (const Zone& z : kZones) {
    if (EqualsIgnoreCase(name, z.name)) return z.hours * 60;
  }
  return std::nullopt;
}

// "+02:00", "+0200", "-05", "Z", "GMT"; the whole of `s` must be the zone.
std::optional<int> ParseZone(std::string_view s) {
  if (s.empty()) return 0;
  if (s[0] == '+' || s[0] == '-') {
    int sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
    int h = 0, m = 0;
    if (!ReadDigits(&s, 2, &h)) return std::nullopt;
    Consume(&s, ':');
    if (!s.empty() && !ReadDigits(&s, 2, &m)) return std::nullopt;
    if (!s.empty() || h > 23 || m > 59) return std::nullopt;
    return sign * (h * 60 + m);
  }
  return NamedZoneMinutes(s);
}

// ISO 8601 / W3C datetime: YYYY[-MM[-DD]][(T| )hh:mm[:ss[.frac]]][ ][zone].
std::optional<int64_t> ParseIsoDate(std::string_view s) {
  DateParts p;
  p.month = p.day = 1;
  if (!ReadDigits(&s, 4, &p.year)) return std::nullopt;
  if (Consume(&s, '-')) {
    if (!ReadDigits(&s, 2, &p.month)) return std::nullopt;
    if (Consume(&s, '-') && !ReadDigits(&s, 2, &p.day)) return std::nullopt;
  }
  if (!s.empty() && (s[0] == 'T' || s[0] == 't' || s[0] == ' ') && s.size() > 1 && IsDigit(s[1])) {
    s.remove_prefix(1);
    if (!ReadDigits(&s, 2, &p.hour) || !Consume(&s, ':') || !ReadDigits(&s, 2, &p.minute)) {
      return std::nullopt;
    }
    if (Consume(&s, ':')) {
      if (!ReadDigits(&s, 2, &p.second)) return std::nullopt;
      if (Consume(&s, '.') || Consume(&s, ',')) {
        while (!s.empty() && IsDigit(s[0])) s.remove_prefix(1);
      }
    }
  }
  std::optional<int> zone = ParseZone(Trim(s));
  if (!zone) return std::nullopt;
  p.offset_minutes = *zone;
  return ToUnix(p);
}

int MonthFromName(std::string_view token) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (token.size() < 3) return -1;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (EqualsIgnoreCase(token.substr(0, 3), kMonths[i])) return static_cast<int>(i) + 1;
  }
  return -1;
}

// "hh:mm[:ss]" (or "h:mm[:ss]").
bool ParseClock(std::string_view t, DateParts* p) {
  int h = 0;  // one hour digit is accepted too ("9:30")
  if (t.size() >= 2 && IsDigit(t[0]) && t[1] == ':') {
    h = t[0] - '0';
    t.remove_prefix(1);
  } else if (!ReadDigits(&t, 2, &h)) {
    return false;
  }
  if (!Consume(&t, ':') || !ReadDigits(&t, 2, &p->minute)) return false;
  if (Consume(&t, ':') && !ReadDigits(&t, 2, &p->second)) return false;
  p->hour = h;
  return t.empty();
}

// RFC 822 / 1123 and the looser forms feeds write: tokens in any order, weekday ignored.
std::optional<int64_t> ParseRfc822Date(std::string_view s) {
  DateParts p;
  bool have_clock = false;
  while (true) {
    while (!s.empty() && (IsSpace(s[0]) || s[0] == ',')) s.remove_prefix(1);
    if (s.empty()) break;
    size_t end = 0;
    while (end < s.size() && !IsSpace(s[end]) && s[end] != ',') ++end;
    std::string_view tok = s.substr(0, end);
    s.remove_prefix(end);
    if (tok.find(':') != std::string_view::npos && IsDigit(tok[0])) {
      if (!ParseClock(tok, &p)) return std::nullopt;
      have_clock = true;
    } else if (tok[0] == '+' || tok[0] == '-') {
      std::optional<int> zone = ParseZone(tok);
      if (!zone) return std::nullopt;
      p.offset_minutes = *zone;
    } else if (IsDigit(tok[0])) {
      int v = 0;
      for (char c : tok) {
        if (!IsDigit(c) || v > 100000) return std::nullopt;
        v = v * 10 + (c - '0');
      }
      if (tok.size() <= 2 && p.day < 0) {
        p.day = v;
      } else if (tok.size() == 4 || (tok.size() == 2 && p.year < 0)) {
        p.year = tok.size() == 2 ? (v < 50 ? 2000 + v : 1900 + v) : v;
      } else {
        return std::nullopt;
      }
    } else if (IsAlpha(tok[0])) {
      if (int m = MonthFromName(tok); m > 0 && p.month < 0) {
        p.month = m;
      } else if (std::optional<int> zone = NamedZoneMinutes(tok); zone && have_clock) {
        p.offset_minutes = *zone;
      }  // weekday names and unknown zones are ignored
    } else {
      return std::nullopt;
    }
  }
  return ToUnix(p);
}

// ---------------------------------------------------------------------------------------
// Tree access.

std::string_view AsView(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

std::string_view NsOf(const xmlNode* n) { return n->ns ? AsView(n->ns->href) : ""; }
std::string_view LocalName(const xmlNode* n) { return AsView(n->name); }

bool Is(const xmlNode* n, std::string_view ns, std::string_view name) {
  return n->type == XML_ELEMENT_NODE && LocalName(n) == name && NsOf(n) == ns;
}

// Appends the text and CDATA of n's subtree. Entity references are never followed.
// Recursion is bounded by libxml2's own depth limit (256 without XML_PARSE_HUGE).
void AppendText(const xmlNode* n, std::string* out) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      out->append(AsView(c->content));
    } else if (c->type == XML_ELEMENT_NODE) {
      AppendText(c, out);
    }
  }
}

std::string TextOf(const xmlNode* n) {
  std::string s;
  AppendText(n, &s);
  return std::string(Trim(s));
}

// The value of attribute `name` in namespace `ns` ("" for none), trimmed, or "".
std::string AttrOf(const xmlNode* n, std::string_view ns, std::string_view name) {
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    std::string_view a_ns = a->ns ? AsView(a->ns->href) : "";
    if (AsView(a->name) != name || a_ns != ns) continue;
    std::string s;
    for (const xmlNode* c = a->children; c; c = c->next) {
      if (c->type == XML_TEXT_NODE) s.append(AsView(c->content));
    }
    return std::string(Trim(s));
  }
  return "";
}

const xmlNode* FirstChild(const xmlNode* n, std::string_view ns, std::string_view name) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (Is(c, ns, name)) return c;
  }
  return nullptr;
}

std::string ChildText(const xmlNode* n, std::string_view ns, std::string_view name) {
  const xmlNode* c = FirstChild(n, ns, name);
  return c ? TextOf(c) : "";
}

bool IsHttpUrl(std::string_view s) {
  return (s.size() > 7 && EqualsIgnoreCase(s.substr(0, 7), "http://")) ||
         (s.size() > 8 && EqualsIgnoreCase(s.substr(0, 8), "https://"));
}

// ---------------------------------------------------------------------------------------
// Walking each kind of document.

// Counts what an entry-by-entry walk had to skip, for one warning each at the end.
struct WalkStats {
  size_t without_url = 0;
  size_t bad_dates = 0;
};

std::optional<int64_t> DateOf(const std::string& text, WalkStats* stats) {
  if (text.empty()) return std::nullopt;
  std::optional<int64_t> t = ParseFeedDate(text);
  if (!t) ++stats->bad_dates;
  return t;
}

void Add(DiscoveredUrl u, XmlDiscovery* out, WalkStats* stats) {
  if (u.url.empty()) {
    ++stats->without_url;
    return;
  }
  out->urls.push_back(std::move(u));
}

// RSS 2.0 (and 0.9x): rss/channel/item, elements in no namespace.
void WalkRss2(const xmlNode* root, XmlDiscovery* out, WalkStats* stats) {
  std::string_view ns = NsOf(root);
  const xmlNode* channel = FirstChild(root, ns, "channel");
  if (!channel) channel = root;
  for (const xmlNode* item = channel->children; item; item = item->next) {
    if (!Is(item, ns, "item")) continue;
    DiscoveredUrl u;
    u.url = ChildText(item, kFeedburnerNs, "origLink");
    if (u.url.empty()) u.url = ChildText(item, ns, "link");
    if (u.url.empty()) {
      if (const xmlNode* guid = FirstChild(item, ns, "guid");
          guid && !EqualsIgnoreCase(AttrOf(guid, "", "isPermaLink"), "false")) {
        std::string id = TextOf(guid);
        if (IsHttpUrl(id)) u.url = std::move(id);
      }
    }
    u.title = ChildText(item, ns, "title");
    std::string date = ChildText(item, ns, "pubDate");
    if (date.empty()) date = ChildText(item, kDcNs, "date");
    u.published_unix = DateOf(date, stats);
    Add(std::move(u), out, stats);
  }
}

// RSS 1.0 (and 0.9): rdf:RDF with channel and items side by side in the RSS namespace.
void WalkRss1(const xmlNode* root, XmlDiscovery* out, WalkStats* stats) {
  for (const xmlNode* item = root->children; item; item = item->next) {
    std::string_view ns = item->type == XML_ELEMENT_NODE ? NsOf(item) : "";
    if ((ns != kRss1Ns && ns != kRss09Ns) || LocalName(item) != "item") continue;
    DiscoveredUrl u;
    u.url = ChildText(item, ns, "link");
    if (u.url.empty()) u.url = AttrOf(item, kRdfNs, "about");
    u.title = ChildText(item, ns, "title");
    u.published_unix = DateOf(ChildText(item, kDcNs, "date"), stats);
    Add(std::move(u), out, stats);
  }
}

// Atom: the entry's first link with rel="alternate" (or no rel); its id when that is an
// http(s) URL and there is no such link.
std::string AtomEntryUrl(const xmlNode* entry, std::string_view ns) {
  for (const xmlNode* c = entry->children; c; c = c->next) {
    if (!Is(c, ns, "link")) continue;
    std::string rel = AttrOf(c, "", "rel");
    if (rel.empty() || EqualsIgnoreCase(rel, "alternate")) {
      std::string href = AttrOf(c, "", "href");
      if (!href.empty()) return href;
    }
  }
  std::string id = ChildText(entry, ns, "id");
  return IsHttpUrl(id) ? id : "";
}

void WalkAtom(const xmlNode* root, XmlDiscovery* out, WalkStats* stats) {
  std::string_view ns = NsOf(root);
  bool atom03 = ns == kAtom03Ns;
  for (const xmlNode* entry = root->children; entry; entry = entry->next) {
    if (!Is(entry, ns, "entry")) continue;
    DiscoveredUrl u;
    u.url = AtomEntryUrl(entry, ns);
    u.title = ChildText(entry, ns, "title");
    std::string date = ChildText(entry, ns, atom03 ? "issued" : "published");
    if (date.empty()) date = ChildText(entry, ns, atom03 ? "modified" : "updated");
    u.published_unix = DateOf(date, stats);
    Add(std::move(u), out, stats);
  }
}

// urlset/url or sitemapindex/sitemap, in the root's namespace, with Google News extensions.
void WalkSitemap(const xmlNode* root, std::string_view entry_name, XmlDiscovery* out,
                 WalkStats* stats) {
  std::string_view ns = NsOf(root);
  for (const xmlNode* entry = root->children; entry; entry = entry->next) {
    if (!Is(entry, ns, entry_name)) continue;
    DiscoveredUrl u;
    u.url = ChildText(entry, ns, "loc");
    u.lastmod_unix = DateOf(ChildText(entry, ns, "lastmod"), stats);
    if (const xmlNode* news = FirstChild(entry, kNewsNs, "news")) {
      u.published_unix = DateOf(ChildText(news, kNewsNs, "publication_date"), stats);
      u.title = ChildText(news, kNewsNs, "title");
    }
    Add(std::move(u), out, stats);
  }
}

XmlDocKind KindOf(const xmlNode* root) {
  std::string_view name = LocalName(root);
  if (name == "rss") return XmlDocKind::kRss2;
  if (name == "RDF" && NsOf(root) == kRdfNs) return XmlDocKind::kRss1;
  if (name == "feed") return XmlDocKind::kAtom;
  if (name == "urlset") return XmlDocKind::kUrlset;
  if (name == "sitemapindex") return XmlDocKind::kSitemapIndex;
  return XmlDocKind::kUnknown;
}

void Walk(const xmlNode* root, XmlDiscovery* out) {
  out->kind = KindOf(root);
  WalkStats stats;
  switch (out->kind) {
    case XmlDocKind::kRss2:
      WalkRss2(root, out, &stats);
      break;
    case XmlDocKind::kRss1:
      WalkRss1(root, out, &stats);
      break;
    case XmlDocKind::kAtom:
      if (NsOf(root) != kAtomNs && NsOf(root) != kAtom03Ns) {
        out->warnings.push_back("Atom feed in an unexpected namespace");
      }
      WalkAtom(root, out, &stats);
      break;
    case XmlDocKind::kUrlset:
      WalkSitemap(root, "url", out, &stats);
      break;
    case XmlDocKind::kSitemapIndex:
      WalkSitemap(root, "sitemap", out, &stats);
      break;
    case XmlDocKind::kUnknown:
      out->warnings.push_back("root element <" + std::string(LocalName(root)) +
                              "> is not a feed or a sitemap");
      break;
  }
  if (stats.without_url) {
    out->warnings.push_back(std::to_string(stats.without_url) + " entries without a URL skipped");
  }
  if (stats.bad_dates) {
    out->warnings.push_back(std::to_string(stats.bad_dates) + " unreadable dates ignored");
  }
}

// ---------------------------------------------------------------------------------------
// Parsing.

// What the parser context reports back to us (through ctxt->_private).
struct ParseReport {
  size_t errors = 0;
  std::vector<std::string> first_errors;
  size_t entity_declarations = 0;
};

ParseReport* ReportOf(void* ctx) {
  return static_cast<ParseReport*>(static_cast<xmlParserCtxt*>(ctx)->_private);
}

void OnStructuredError(void* ctx, xmlErrorPtr error) {
  if (!ctx || !error || error->level < XML_ERR_ERROR) return;
  ParseReport* report = ReportOf(ctx);
  if (++report->errors > kMaxErrorsKept) return;
  std::string message(Trim(error->message ? error->message : "unknown error"));
  report->first_errors.push_back("XML error at line " + std::to_string(error->line) + ": " +
                                 message);
}

// Replaces SAX2's entityDecl: the entity is never registered, so it can never be expanded
// or loaded. Covers general and parameter entities, internal and external.
void OnEntityDecl(void* ctx, const xmlChar*, int, const xmlChar*, const xmlChar*, xmlChar*) {
  ++ReportOf(ctx)->entity_declarations;
}

// Errors libxml2 raises without a parser context go to a per-thread generic handler, which
// prints to stderr by default; byline reports them through warnings instead.
void IgnoreGenericError(void*, const char*, ...) {}

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

// No XML_PARSE_NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR/DTDVALID (no external
// subset), no HUGE (libxml2's size and depth limits stay on), NONET (never fetch).
constexpr int kParseOptions =
    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
static_assert((kParseOptions & (XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR |
                                XML_PARSE_DTDVALID | XML_PARSE_HUGE | XML_PARSE_XINCLUDE)) == 0);

void ParseXml(std::string_view xml, XmlDiscovery* out) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  xmlSetGenericErrorFunc(nullptr, IgnoreGenericError);

  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) {
    out->warnings.push_back("libxml2 could not allocate a parser");
    return;
  }
  ParseReport report;
  ctxt->_private = &report;
  ctxt->sax->entityDecl = OnEntityDecl;
  ctxt->sax->serror = OnStructuredError;
  std::unique_ptr<xmlDoc, DocFree> doc(xmlCtxtReadMemory(
      ctxt.get(), xml.data(), static_cast<int>(xml.size()), nullptr, nullptr, kParseOptions));

  if (report.entity_declarations) {
    out->warnings.push_back(std::to_string(report.entity_declarations) +
                            " entity declarations ignored");
  }
  for (std::string& e : report.first_errors) out->warnings.push_back(std::move(e));
  if (report.errors > kMaxErrorsKept) {
    out->warnings.push_back(std::to_string(report.errors - kMaxErrorsKept) + " more XML errors");
  }
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!root) {
    out->warnings.push_back("no XML element could be read");
    return;
  }
  Walk(root, out);
}

// A body that cannot be XML: after an optional UTF-8 BOM and white space, XML starts with '<'.
// (UTF-16 bodies start with a BOM or a NUL byte, and libxml2 reads those itself.)
bool CannotBeXml(std::string_view body) {
  if (body.size() >= 2 &&
      (body[0] == '\0' || body[1] == '\0' || (static_cast<unsigned char>(body[0]) >= 0xfe))) {
    return false;
  }
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  body = Trim(body);
  return body.empty() || body[0] != '<';
}

}  // namespace

std::optional<int64_t> ParseFeedDate(std::string_view text) {
  text = Trim(text);
  if (text.size() >= 4 && IsDigit(text[0]) && IsDigit(text[1]) && IsDigit(text[2]) &&
      IsDigit(text[3])) {
    if (std::optional<int64_t> t = ParseIsoDate(text)) return t;
  }
  return ParseRfc822Date(text);
}

std::string_view XmlDocKindName(XmlDocKind kind) {
  switch (kind) {
    case XmlDocKind::kRss2:
      return "rss2";
    case XmlDocKind::kRss1:
      return "rss1";
    case XmlDocKind::kAtom:
      return "atom";
    case XmlDocKind::kUrlset:
      return "urlset";
    case XmlDocKind::kSitemapIndex:
      return "sitemapindex";
    case XmlDocKind::kUnknown:
      break;
  }
  return "unknown";
}

XmlDiscovery ParseFeedOrSitemap(std::string_view body, size_t max_inflated_bytes) {
  XmlDiscovery out;
  Inflated inflated;
  if (LooksGzipped(body)) {
    inflated = Gunzip(body, max_inflated_bytes);
    if (inflated.truncated) {
      out.warnings.push_back("gzip body inflates past the limit of " +
                             std::to_string(max_inflated_bytes) + " bytes; cut there");
    }
    if (!inflated.error.empty()) out.warnings.push_back(inflated.error);
    body = inflated.bytes;
  }
  if (body.empty()) {
    out.warnings.push_back("empty body");
    return out;
  }
  if (CannotBeXml(body)) {
    out.warnings.push_back("body is not XML");
    return out;
  }
  if (body.size() > static_cast<size_t>(INT_MAX)) {
    out.warnings.push_back("body is too large for the XML parser");
    return out;
  }
  ParseXml(body, &out);
  return out;
}

}  // namespace byline::crawler
