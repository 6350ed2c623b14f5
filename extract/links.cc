#include "extract/links.h"

#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

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

// The element handlers take `attr(name)`, the value of an attribute ("" when absent), so the
// tree walk and the scanner below share them.

// <meta name=robots|byline content="noindex, nofollow | none">.
template <typename Attr>
void ReadRobotsMeta(Attr attr, PageLinks* out) {
  std::string_view name = TrimAscii(attr("name"));
  if (!EqualsLower(name, "robots") && !EqualsLower(name, "byline")) return;
  ForEachToken(attr("content"), [&](std::string_view t) {
    bool none = EqualsLower(t, "none");
    out->noindex = out->noindex || none || EqualsLower(t, "noindex");
    out->nofollow = out->nofollow || none || EqualsLower(t, "nofollow");
  });
}

template <typename Attr>
void ReadLinkElement(Attr attr, PageLinks* out) {
  std::string_view rel = attr("rel");
  if (out->canonical.empty() && HasToken(rel, "canonical")) {
    out->canonical = CleanHref(attr("href"));
  }
  if (HasToken(rel, "alternate") && IsFeedType(attr("type"))) {
    std::string href = CleanHref(attr("href"));
    if (!href.empty()) out->feeds.push_back(std::move(href));
  }
}

void AddLink(std::string_view raw, std::unordered_set<std::string>* seen, PageLinks* out) {
  std::string href = CleanHref(raw);
  if (IsFollowable(href) && seen->insert(href).second) out->links.push_back(std::move(href));
}

// ---------------------------------------------------------------------------------------
// ScanLinks: the same answer from a single pass over the markup, without building a tree.
// Building Gumbo's tree is ~99% of FindLinks' time, and a crawl that only follows links
// (`byline crawl --no-extract`) needs nothing else from the page. The scanner knows what
// changes where links are: comments, raw-text elements (script, style, ...) whose content
// is not markup, <template> content, quoted attribute values and character references.

bool IsTagNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == ':' || c == '_';
}

// Character references in an attribute value: numeric ones and the few named ones that
// occur in URLs and link attributes. Others are kept as written.
std::string DecodeAttr(std::string_view v) {
  if (v.find('&') == std::string_view::npos) return std::string(v);
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size();) {
    if (v[i] != '&') {
      out.push_back(v[i++]);
      continue;
    }
    size_t j = i + 1;
    if (j < v.size() && v[j] == '#') {
      bool hex = j + 1 < v.size() && (v[j + 1] == 'x' || v[j + 1] == 'X');
      size_t k = j + (hex ? 2 : 1);
      uint32_t cp = 0;
      size_t digits = 0;
      for (; k < v.size() && digits < 8; ++k, ++digits) {
        char c = v[k];
        int d = (c >= '0' && c <= '9')          ? c - '0'
                : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                : -1;
        if (d < 0) break;
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      }
      if (digits > 0) {
        AppendUtf8(cp, &out);
        i = (k < v.size() && v[k] == ';') ? k + 1 : k;
        continue;
      }
    } else {
      static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
          {"amp;", "&"},  {"lt;", "<"},          {"gt;", ">"}, {"quot;", "\""},
          {"apos;", "'"}, {"nbsp;", "\xC2\xA0"}, {"amp", "&"}};
      bool done = false;
      for (const auto& [name, text] : kNamed) {
        if (v.substr(j, name.size()) == name) {
          out.append(text);
          i = j + name.size();
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out.push_back(v[i++]);
  }
  return out;
}

struct ScannedTag {
  std::string name;                                        // lower case
  std::vector<std::pair<std::string, std::string>> attrs;  // names lower case, values decoded
  std::string_view Attr(std::string_view n) const {
    for (const auto& [k, v] : attrs) {
      if (k == n) return v;  // the first of duplicates wins, as in parsers
    }
    return {};
  }
};

// Reads the start tag whose name begins at `i` (just after '<'); returns the position after
// its '>', or npos when the input ends inside the tag (parsers drop such a tag).
size_t ReadStartTag(std::string_view h, size_t i, ScannedTag* tag) {
  size_t start = i;
  while (i < h.size() && IsTagNameChar(h[i])) ++i;
  tag->name = AsciiLower(h.substr(start, i - start));
  tag->attrs.clear();
  while (i < h.size()) {
    while (i < h.size() && (IsAsciiSpace(h[i]) || h[i] == '/')) ++i;
    if (i >= h.size()) break;
    if (h[i] == '>') return i + 1;
    size_t ns = i;
    while (i < h.size() && !IsAsciiSpace(h[i]) && h[i] != '/' && h[i] != '>' &&
           (h[i] != '=' || i == ns)) {
      ++i;
    }
    std::string name = AsciiLower(h.substr(ns, i - ns));
    while (i < h.size() && IsAsciiSpace(h[i])) ++i;
    std::string_view value;
    if (i < h.size() && h[i] == '=') {
      ++i;
      while (i < h.size() && IsAsciiSpace(h[i])) ++i;
      if (i < h.size() && (h[i] == '"' || h[i] == '\'')) {
        char q = h[i++];
        size_t vs = i;
        size_t end = h.find(q, i);
        if (end == std::string_view::npos) return std::string_view::npos;
        value = h.substr(vs, end - vs);
        i = end + 1;
      } else {
        size_t vs = i;
        while (i < h.size() && !IsAsciiSpace(h[i]) && h[i] != '>') ++i;
        value = h.substr(vs, i - vs);
      }
    }
    if (tag->attrs.size() < 64) tag->attrs.emplace_back(std::move(name), DecodeAttr(value));
  }
  return std::string_view::npos;
}

// Position just after the end tag </name> at or after `i` (case-insensitive), or the end.
size_t SkipPastEndTag(std::string_view h, size_t i, std::string_view name) {
  while (true) {
    size_t lt = h.find("</", i);
    if (lt == std::string_view::npos) return h.size();
    std::string_view after = h.substr(lt + 2, name.size());
    size_t k = lt + 2 + name.size();
    if (EqualsLower(after, name) && (k >= h.size() || !IsTagNameChar(h[k]))) {
      size_t gt = h.find('>', k);
      return gt == std::string_view::npos ? h.size() : gt + 1;
    }
    i = lt + 2;
  }
}

bool IsRawText(std::string_view tag) {
  return tag == "script" || tag == "style" || tag == "textarea" || tag == "title" || tag == "xmp" ||
         tag == "iframe" || tag == "noembed" || tag == "noframes";
}

}  // namespace

PageLinks ScanLinks(std::string_view h) {
  PageLinks out;
  std::unordered_set<std::string> seen;
  bool have_base = false;
  ScannedTag tag;
  size_t i = 0;
  while (i < h.size()) {
    size_t lt = h.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= h.size()) break;
    char c = h[lt + 1];
    if (c == '!') {
      if (h.substr(lt, 4) == "<!--") {
        size_t end = h.find("-->", lt + 4);
        i = end == std::string_view::npos ? h.size() : end + 3;
      } else {
        size_t gt = h.find('>', lt);
        i = gt == std::string_view::npos ? h.size() : gt + 1;
      }
      continue;
    }
    if (c == '/' || c == '?') {
      size_t gt = h.find('>', lt);
      i = gt == std::string_view::npos ? h.size() : gt + 1;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      i = lt + 1;  // "a < b" in text
      continue;
    }
    i = ReadStartTag(h, lt + 1, &tag);
    if (i == std::string_view::npos) break;
    const std::string& n = tag.name;
    auto attr = [&](std::string_view a) { return tag.Attr(a); };
    if (n == "a" || n == "area") {
      AddLink(tag.Attr("href"), &seen, &out);
    } else if (n == "link") {
      ReadLinkElement(attr, &out);
    } else if (n == "meta") {
      ReadRobotsMeta(attr, &out);
    } else if (n == "base") {
      if (!have_base && !tag.Attr("href").empty()) {
        out.base = CleanHref(tag.Attr("href"));
        have_base = true;
      }
    } else if (n == "template") {
      // Inert content, nested templates included.
      int depth = 1;
      while (depth > 0 && i < h.size()) {
        size_t open = h.find("<template", i), close = h.find("</template", i);
        if (close == std::string_view::npos) {
          i = h.size();
          break;
        }
        if (open != std::string_view::npos && open < close) {
          ++depth;
          i = open + 9;
        } else {
          --depth;
          size_t gt = h.find('>', close);
          i = gt == std::string_view::npos ? h.size() : gt + 1;
        }
      }
    } else if (n == "plaintext") {
      break;
    } else if (IsRawText(n)) {
      i = SkipPastEndTag(h, i, n);
    }
  }
  return out;
}

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
        ReadLinkElement([&](std::string_view a) { return doc.Attr(i, a); }, &out);
        break;
      case Tag::kMeta:
        ReadRobotsMeta([&](std::string_view a) { return doc.Attr(i, a); }, &out);
        break;
      case Tag::kA:
      case Tag::kOther:
        if (n.tag == Tag::kA || doc.TagName(i) == "area") AddLink(doc.Attr(i, "href"), &seen, &out);
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
  return ScanLinks(decoded.utf8);
}

}  // namespace byline::extract
