#include "extract/links.h"

#include <string>
#include <string_view>
#include <unordered_set>

#include "extract/charset.h"
#include "extract/html_parse.h"
#include "extract/text_util.h"

namespace byline::extract {
namespace {

// HTML's "ASCII whitespace" (tab, LF, FF, CR, space): what browsers strip around hrefs.
bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// ASCII case-insensitive comparison with a lower-case `lower`.
bool EqualsLower(std::string_view s, std::string_view lower) { return AsciiLower(s) == lower; }

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// An href trimmed of ASCII white space, with the tabs and newlines inside it removed (the
// URL standard drops them before parsing, and pages wrap long hrefs).
std::string CleanHref(std::string_view href) {
  href = TrimAscii(href);
  std::string out;
  out.reserve(href.size());
  for (char c : href) {
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  return out;
}

// Hrefs that never lead to a page: fragments of this page and non-navigating schemes.
bool IsFollowable(std::string_view href) {
  if (href.empty() || href[0] == '#') return false;
  for (std::string_view scheme : {"javascript:", "mailto:", "tel:", "data:"}) {
    if (AsciiLower(href.substr(0, scheme.size())) == scheme) return false;
  }
  return true;
}

// Calls f on each token of a space- or comma-separated list.
template <typename F>
void ForEachToken(std::string_view list, F f) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (IsAsciiSpace(list[i]) || list[i] == ',')) ++i;
    size_t start = i;
    while (i < list.size() && !IsAsciiSpace(list[i]) && list[i] != ',') ++i;
    if (i > start) f(list.substr(start, i - start));
  }
}

bool HasToken(std::string_view list, std::string_view token) {
  bool found = false;
  ForEachToken(list, [&](std::string_view t) { found = found || EqualsLower(t, token); });
  return found;
}

// The MIME type of a type attribute without parameters, for feed autodiscovery.
bool IsFeedType(std::string_view type) {
  type = TrimAscii(type.substr(0, type.find(';')));
  return EqualsLower(type, "application/rss+xml") || EqualsLower(type, "application/atom+xml");
}

// <meta name=robots|byline content="noindex, nofollow | none">.
void ReadRobotsMeta(const Document& doc, uint32_t i, PageLinks* out) {
  std::string_view name = TrimAscii(doc.Attr(i, "name"));
  if (!EqualsLower(name, "robots") && !EqualsLower(name, "byline")) return;
  ForEachToken(doc.Attr(i, "content"), [&](std::string_view t) {
    bool none = EqualsLower(t, "none");
    out->noindex = out->noindex || none || EqualsLower(t, "noindex");
    out->nofollow = out->nofollow || none || EqualsLower(t, "nofollow");
  });
}

void ReadLinkElement(const Document& doc, uint32_t i, PageLinks* out) {
  std::string_view rel = doc.Attr(i, "rel");
  if (out->canonical.empty() && HasToken(rel, "canonical")) {
    out->canonical = CleanHref(doc.Attr(i, "href"));
  }
  if (HasToken(rel, "alternate") && IsFeedType(doc.Attr(i, "type"))) {
    std::string href = CleanHref(doc.Attr(i, "href"));
    if (!href.empty()) out->feeds.push_back(std::move(href));
  }
}

}  // namespace

PageLinks CollectLinks(const Document& doc) {
  PageLinks out;
  if (doc.empty()) return out;
  std::unordered_set<std::string> seen;
  bool have_base = false;
  uint32_t root = doc.root();
  for (uint32_t i = root; i != kNoNode;) {
    const Node& n = doc.node(i);
    if (n.is_text) {
      i = doc.Next(i, root);
      continue;
    }
    switch (n.tag) {
      case Tag::kTemplate:  // inert markup, not part of the page
        i = doc.Next(i, root, /*skip_children=*/true);
        continue;
      case Tag::kBase:
        // The first <base> with an href is the one browsers use.
        if (!have_base && doc.HasAttr(i, "href")) {
          out.base = CleanHref(doc.Attr(i, "href"));
          have_base = true;
        }
        break;
      case Tag::kLink:
        ReadLinkElement(doc, i, &out);
        break;
      case Tag::kMeta:
        ReadRobotsMeta(doc, i, &out);
        break;
      case Tag::kA:
      case Tag::kOther:
        if (n.tag == Tag::kA || doc.TagName(i) == "area") {
          std::string href = CleanHref(doc.Attr(i, "href"));
          if (IsFollowable(href) && seen.insert(href).second) out.links.push_back(std::move(href));
        }
        break;
      default:
        break;
    }
    i = doc.Next(i, root);
  }
  return out;
}

Result<PageLinks> FindLinks(std::string_view html, const ExtractOptions& options) {
  if (html.size() > options.max_input_bytes) {
    return Status::Policy("input is " + std::to_string(html.size()) +
                          " bytes, above the limit of " + std::to_string(options.max_input_bytes));
  }
  if (LooksBinary(html)) return Status::InvalidInput("binary data, not an HTML document");
  DecodedHtml decoded = DecodeHtml(html, options.http_charset, nullptr);
  ParseLimits limits;
  limits.max_depth = options.max_depth;
  limits.max_nodes = options.max_nodes;
  return CollectLinks(ParseHtml(decoded.utf8, limits, nullptr));
}

}  // namespace byline::extract
