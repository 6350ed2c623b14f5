// The page scan of the metadata stage: one iterative walk over the tree that collects what the
// field rules look at (meta tags, canonical links, JSON-LD, h1s, <time>s, author and date
// markup), and the test for page regions that belong to something other than the article.
// Separate from field extraction, which only reads what the scan collected.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.h"
#include "extract/jsonld.h"
#include "extract/metadata_internal.h"
#include "extract/text_util.h"

namespace byline::extract::metadata_internal {

namespace {

bool HasSvgAncestor(const Document& doc, uint32_t i) {
  for (uint32_t p = doc.node(i).parent; p != kNoNode; p = doc.node(p).parent) {
    if (doc.node(p).tag == Tag::kSvg) return true;
  }
  return false;
}

bool DateHint(const Document& doc, uint32_t i) {
  std::string cls = ClassAndId(doc, i);
  return ContainsAny(cls,
                     {"date", "time", "publish", "posted", "datum", "fecha", "dateline", "zeit"}) &&
         !ContainsAny(cls, {"update", "modif", "edited", "comment", "runtime", "read"});
}

// A value the site's template engine failed to fill in ("{$plugin.site_name}",
// "%%title%%", "{{ author }}").
bool IsTemplatePlaceholder(std::string_view v) {
  return v.find("{{") != std::string_view::npos || v.find("{$") != std::string_view::npos ||
         v.find("%%") != std::string_view::npos || v.find("${") != std::string_view::npos;
}

}  // namespace

// How strongly the element's own attributes mark it as holding the author: 3 for explicit
// markup (rel=author, itemprop=author), 2 for a "byline" class, 1 for an "author" class,
// 0 for none.
int AuthorHint(const Document& doc, uint32_t i) {
  if (HasToken(doc.Attr(i, "rel"), "author")) return 3;
  std::string_view itemprop = doc.Attr(i, "itemprop");
  if (HasToken(itemprop, "author") || HasToken(itemprop, "creator")) return 3;
  std::string cls = ClassAndId(doc, i);
  if (ContainsAny(cls, {"byline", "by-line", "by_line"})) return 2;
  if (ContainsAny(cls, {"author", "autor", "auteur", "writer", "verfasser"}) &&
      !ContainsAny(cls, {"avatar", "image", "img", "photo", "picture", "bio", "description",
                         "comment", "social", "follow", "more-", "other"})) {
    return 1;
  }
  return 0;
}

PageScan ScanPage(const Document& doc) {
  PageScan scan;
  if (doc.empty()) return scan;
  scan.order.assign(doc.nodes().size(), 0);
  uint32_t counter = 0;
  uint32_t root = doc.root();
  scan.html_lang = std::string(doc.Attr(root, "lang"));
  if (scan.html_lang.empty()) scan.html_lang = std::string(doc.Attr(root, "xml:lang"));
  for (uint32_t i = root; i != kNoNode;) {
    const Node& n = doc.node(i);
    scan.order[i] = counter++;
    if (n.is_text) {
      i = doc.Next(i, root);
      continue;
    }
    bool in_body = scan.body != kNoNode;
    switch (n.tag) {
      case Tag::kBody:
        if (scan.body == kNoNode) scan.body = i;
        break;
      case Tag::kTitle:
        if (scan.title_tag.empty() && !HasSvgAncestor(doc, i)) {
          scan.title_tag = CollapseSpace(doc.InnerText(i));
        }
        break;
      case Tag::kMeta: {
        std::string_view key = doc.Attr(i, "property");
        if (key.empty()) key = doc.Attr(i, "name");
        if (key.empty()) key = doc.Attr(i, "itemprop");
        if (key.empty()) key = doc.Attr(i, "http-equiv");
        std::string_view value = doc.Attr(i, "content");
        if (!key.empty() && !Trim(value).empty() && !IsTemplatePlaceholder(value)) {
          scan.metas.push_back({AsciiLower(Trim(key)), CollapseSpace(DecodeEntities(value))});
        }
        break;
      }
      case Tag::kLink:
        if (HasToken(doc.Attr(i, "rel"), "canonical")) {
          scan.canonicals.emplace_back(doc.Attr(i, "href"));
        }
        break;
      case Tag::kScript:
        if (ContainsIgnoreCase(doc.Attr(i, "type"), "ld+json")) {
          scan.jsonld.push_back(doc.InnerText(i));
        }
        i = doc.Next(i, root, /*skip_children=*/true);
        continue;
      case Tag::kH1:
        if (in_body) scan.h1s.push_back(i);
        break;
      case Tag::kTime:
        scan.times.push_back(i);
        break;
      case Tag::kArticle:
        if (scan.first_article == kNoNode) scan.first_article = i;
        break;
      default:
        break;
    }
    if (IsSkippedSubtree(n.tag) && n.tag != Tag::kHead && n.tag != Tag::kTitle) {
      i = doc.Next(i, root, /*skip_children=*/true);
      continue;
    }
    if (in_body) {
      if (doc.HasAttr(i, "itemprop")) scan.itemprops.push_back(i);
      if (AuthorHint(doc, i) > 0) scan.author_els.push_back(i);
      if (n.tag != Tag::kTime && DateHint(doc, i)) scan.date_els.push_back(i);
    }
    i = doc.Next(i, root);
  }
  return scan;
}

// Page regions whose names and dates belong to something other than the article: comments,
// related-article teasers, sidebars, navigation, the site footer.
//
// Above an <article> only unambiguous containers count (a list of related articles, the
// comments): wrappers of the whole page often carry layout names like "has-sidebar".
bool InOtherRegion(const Document& doc, uint32_t i) {
  constexpr int kMaxLevels = 64;
  int levels = 0;
  bool footer = false;
  bool in_article = false;
  for (uint32_t p = i; p != kNoNode && levels < kMaxLevels; p = doc.node(p).parent, ++levels) {
    const Node& n = doc.node(p);
    if (n.tag == Tag::kBody) break;
    if (n.tag == Tag::kAside || n.tag == Tag::kNav) return true;
    if (n.tag == Tag::kFooter && !in_article) footer = true;
    if (n.tag == Tag::kArticle) {
      in_article = true;
      footer = false;  // the article's own footer (author, date) is the article's
    }
    if (ContainsIgnoreCase(doc.Attr(p, "itemtype"), "Comment")) return true;
    std::string cls = ClassAndId(doc, p);
    for (std::string_view token : SplitWords(cls)) {
      if (StartsWith(token, "related") || StartsWith(token, "comment") ||
          StartsWith(token, "recommend") || StartsWith(token, "most-read") ||
          StartsWith(token, "popular") || StartsWith(token, "trending")) {
        return true;
      }
      if (!in_article &&
          ContainsAny(token, {"comment", "related", "sidebar", "recommend", "popular", "navigation",
                              "menu", "respond", "reply", "discussion", "newsletter", "most-read",
                              "mostread", "trending"})) {
        return true;
      }
    }
  }
  return footer;
}

}  // namespace byline::extract::metadata_internal
