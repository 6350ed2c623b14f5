// Gumbo -> Document. The Gumbo tree is walked with an explicit stack and freed at once.
#include "extract/html_parse.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <utility>

namespace byline::extract {
namespace {

struct TagName {
  Tag tag;
  const char* name;
};

constexpr TagName kTagNames[] = {
    {Tag::kHtml, "html"},
    {Tag::kHead, "head"},
    {Tag::kBody, "body"},
    {Tag::kTitle, "title"},
    {Tag::kMeta, "meta"},
    {Tag::kLink, "link"},
    {Tag::kBase, "base"},
    {Tag::kScript, "script"},
    {Tag::kStyle, "style"},
    {Tag::kNoscript, "noscript"},
    {Tag::kTemplate, "template"},
    {Tag::kP, "p"},
    {Tag::kDiv, "div"},
    {Tag::kSpan, "span"},
    {Tag::kA, "a"},
    {Tag::kH1, "h1"},
    {Tag::kH2, "h2"},
    {Tag::kH3, "h3"},
    {Tag::kH4, "h4"},
    {Tag::kH5, "h5"},
    {Tag::kH6, "h6"},
    {Tag::kUl, "ul"},
    {Tag::kOl, "ol"},
    {Tag::kLi, "li"},
    {Tag::kDl, "dl"},
    {Tag::kDt, "dt"},
    {Tag::kDd, "dd"},
    {Tag::kBlockquote, "blockquote"},
    {Tag::kPre, "pre"},
    {Tag::kCode, "code"},
    {Tag::kTable, "table"},
    {Tag::kCaption, "caption"},
    {Tag::kThead, "thead"},
    {Tag::kTbody, "tbody"},
    {Tag::kTfoot, "tfoot"},
    {Tag::kTr, "tr"},
    {Tag::kTd, "td"},
    {Tag::kTh, "th"},
    {Tag::kImg, "img"},
    {Tag::kFigure, "figure"},
    {Tag::kFigcaption, "figcaption"},
    {Tag::kBr, "br"},
    {Tag::kHr, "hr"},
    {Tag::kNav, "nav"},
    {Tag::kHeader, "header"},
    {Tag::kFooter, "footer"},
    {Tag::kAside, "aside"},
    {Tag::kArticle, "article"},
    {Tag::kMain, "main"},
    {Tag::kSection, "section"},
    {Tag::kForm, "form"},
    {Tag::kInput, "input"},
    {Tag::kButton, "button"},
    {Tag::kSelect, "select"},
    {Tag::kOption, "option"},
    {Tag::kTextarea, "textarea"},
    {Tag::kLabel, "label"},
    {Tag::kIframe, "iframe"},
    {Tag::kSvg, "svg"},
    {Tag::kMath, "math"},
    {Tag::kCanvas, "canvas"},
    {Tag::kVideo, "video"},
    {Tag::kAudio, "audio"},
    {Tag::kPicture, "picture"},
    {Tag::kSource, "source"},
    {Tag::kObject, "object"},
    {Tag::kEmbed, "embed"},
    {Tag::kTime, "time"},
    {Tag::kAddress, "address"},
    {Tag::kEm, "em"},
    {Tag::kStrong, "strong"},
    {Tag::kB, "b"},
    {Tag::kI, "i"},
    {Tag::kU, "u"},
    {Tag::kS, "s"},
    {Tag::kSmall, "small"},
    {Tag::kSup, "sup"},
    {Tag::kSub, "sub"},
    {Tag::kMark, "mark"},
    {Tag::kAbbr, "abbr"},
    {Tag::kCite, "cite"},
    {Tag::kQ, "q"},
    {Tag::kDialog, "dialog"},
    {Tag::kMenu, "menu"},
    {Tag::kDetails, "details"},
    {Tag::kSummary, "summary"},
    {Tag::kCenter, "center"},
    {Tag::kFont, "font"},
    {Tag::kHgroup, "hgroup"},
};

// GumboTag -> Tag, built once.
const std::array<Tag, GUMBO_TAG_LAST + 1>& TagTable() {
  static const auto table = [] {
    std::array<Tag, GUMBO_TAG_LAST + 1> t{};
    t.fill(Tag::kOther);
    for (const TagName& tn : kTagNames) {
      GumboTag g = gumbo_tag_enum(tn.name);
      if (g != GUMBO_TAG_UNKNOWN && g <= GUMBO_TAG_LAST) t[g] = tn.tag;
    }
    return t;
  }();
  return table;
}

struct OutputDeleter {
  void operator()(GumboOutput* out) const { gumbo_destroy_output(&kGumboDefaultOptions, out); }
};

std::string ElementName(const GumboElement& el) {
  if (el.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(el.tag);
  GumboStringPiece piece = el.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string name(piece.data ? piece.data : "", piece.data ? piece.length : 0);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

class Converter {
 public:
  Converter(const ParseLimits& limits, Document* doc) : limits_(limits), doc_(doc) {}

  void Convert(const GumboNode* root) {
    // (gumbo node, our parent) pairs; children pushed in reverse so they pop in order.
    std::vector<std::pair<const GumboNode*, uint32_t>> stack;
    stack.emplace_back(root, kNoNode);
    while (!stack.empty()) {
      auto [g, parent] = stack.back();
      stack.pop_back();
      if (doc_->nodes().size() >= limits_.max_nodes) {
        node_limit_hit_ = true;
        break;
      }
      switch (g->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
          if (parent != kNoNode) doc_->AddText(parent, g->v.text.text);
          break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
          PushElement(g, parent, &stack);
          break;
        default:  // document and comment nodes carry no article text
          break;
      }
    }
  }

  bool depth_limit_hit() const { return depth_limit_hit_; }
  bool node_limit_hit() const { return node_limit_hit_; }

 private:
  void PushElement(const GumboNode* g, uint32_t parent,
                   std::vector<std::pair<const GumboNode*, uint32_t>>* stack) {
    const GumboElement& el = g->v.element;
    uint32_t self;
    if (parent != kNoNode && doc_->node(parent).depth + 1 > limits_.max_depth) {
      // Too deep: keep the text, hang the children on the deepest allowed ancestor.
      depth_limit_hit_ = true;
      self = parent;
    } else {
      Tag tag = el.tag <= GUMBO_TAG_LAST ? TagTable()[el.tag] : Tag::kOther;
      self = doc_->AddElement(parent, tag, ElementName(el));
      for (unsigned i = 0; i < el.attributes.length; ++i) {
        auto* a = static_cast<const GumboAttribute*>(el.attributes.data[i]);
        doc_->AddAttribute(self, a->name, a->value);
      }
    }
    for (unsigned i = el.children.length; i > 0; --i) {
      stack->emplace_back(static_cast<const GumboNode*>(el.children.data[i - 1]), self);
    }
  }

  ParseLimits limits_;
  Document* doc_;
  bool depth_limit_hit_ = false;
  bool node_limit_hit_ = false;
};

// ---------------------------------------------------------------- nesting cap
//
// Gumbo's tree builder scans the stack of open elements for many start tags, so a page of
// 100,000 nested <div>s costs it quadratic time (15 s). Before parsing, start tags nested
// deeper than a cap are removed with their end tags, by a light tokenizer that knows
// comments, raw-text elements and void elements. Real pages never come near the cap, and
// for them the input is not copied.

bool IsVoidElement(std::string_view name) {
  static constexpr std::string_view kVoid[] = {
      "area", "base", "br",     "col",   "embed", "hr",    "img",    "input",
      "link", "meta", "source", "track", "wbr",   "param", "keygen", "!doctype"};
  for (std::string_view v : kVoid) {
    if (name.size() == v.size() &&
        std::equal(name.begin(), name.end(), v.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      return true;
    }
  }
  return false;
}

// Elements whose end tag may be left out (<p>, <li>, <td>...): pages leave thousands of them
// open, and the parser closes them implicitly, so they do not count as nesting.
bool HasOptionalEndTag(std::string_view name) {
  static constexpr std::string_view kOptional[] = {
      "p",      "li",       "dt",    "dd",    "tr",    "td",       "th",
      "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption",
      "rp",     "rt",       "rb",    "rtc",   "html",  "head",     "body"};
  for (std::string_view v : kOptional) {
    if (name.size() == v.size() &&
        std::equal(name.begin(), name.end(), v.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      return true;
    }
  }
  return false;
}

bool IsRawTextElement(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "script" || lower == "style" || lower == "textarea" || lower == "title" ||
         lower == "xmp" || lower == "plaintext" || lower == "noembed" || lower == "iframe";
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_';
}

// Walks the tags of `html`; when `out` is null only reports whether the cap is exceeded.
bool CapNestingPass(std::string_view html, size_t cap, std::string* out) {
  size_t depth = 0, dropped = 0, copied = 0;
  bool exceeded = false;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.substr(i, 4) == "<!--") {
      size_t e = html.find("-->", i + 4);
      i = e == std::string_view::npos ? html.size() : e + 3;
      continue;
    }
    bool closing = i + 1 < html.size() && html[i + 1] == '/';
    size_t name_begin = i + 1 + closing;
    size_t j = name_begin;
    while (j < html.size() && (IsNameChar(html[j]) || (j == name_begin && html[j] == '!'))) ++j;
    std::string_view name = html.substr(name_begin, j - name_begin);
    size_t tag_end = html.find('>', j);
    tag_end = tag_end == std::string_view::npos ? html.size() : tag_end + 1;
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '!')) {
      ++i;
      continue;
    }
    bool self_closing = tag_end >= 2 && html[tag_end - 2] == '/';
    bool drop = false;
    if (closing) {
      if (dropped > 0) {
        --dropped;
        drop = true;
      } else if (depth > 0) {
        --depth;
      }
    } else if (!IsVoidElement(name) && !HasOptionalEndTag(name) && !self_closing &&
               name[0] != '!') {
      if (depth >= cap) {
        exceeded = true;
        if (!out) return true;
        ++dropped;
        drop = true;
      } else {
        ++depth;
      }
    }
    if (drop) {
      out->append(html.substr(copied, i - copied));
      copied = tag_end;
    }
    i = tag_end;
    if (!closing && IsRawTextElement(name)) {
      // Skip to the matching end tag: raw text holds no tags.
      std::string end_tag = "</" + std::string(name);
      size_t k = i;
      for (;;) {
        k = html.find("</", k);
        if (k == std::string_view::npos) {
          i = html.size();
          break;
        }
        std::string_view cand = html.substr(k, end_tag.size());
        if (std::equal(cand.begin(), cand.end(), end_tag.begin(), end_tag.end(),
                       [](char a, char b) {
                         return std::tolower(static_cast<unsigned char>(a)) ==
                                std::tolower(static_cast<unsigned char>(b));
                       })) {
          i = k;
          break;
        }
        k += 2;
      }
    }
  }
  if (out) out->append(html.substr(copied));
  return exceeded;
}

}  // namespace

bool CapNesting(std::string_view html, size_t cap, std::string* out) {
  if (!CapNestingPass(html, cap, nullptr)) return false;
  out->clear();
  out->reserve(html.size());
  CapNestingPass(html, cap, out);
  return true;
}

Document ParseHtml(std::string_view utf8, const ParseLimits& limits,
                   std::vector<std::string>* warnings) {
  std::string capped;
  if (CapNesting(utf8, limits.max_depth * 2, &capped)) {
    utf8 = capped;
    if (warnings) {
      warnings->push_back("tags nested deeper than " + std::to_string(limits.max_depth * 2) +
                          " were removed before parsing");
    }
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never read parse errors; recording them costs time
  std::unique_ptr<GumboOutput, OutputDeleter> out(
      gumbo_parse_with_options(&options, utf8.data(), utf8.size()));
  Document doc;
  if (!out || !out->root) return doc;
  doc.Reserve(utf8.size() / 40 + 16, utf8.size() / 2 + 64);
  Converter conv(limits, &doc);
  conv.Convert(out->root);
  if (warnings) {
    if (conv.depth_limit_hit()) {
      warnings->push_back("elements nested deeper than " + std::to_string(limits.max_depth) +
                          " were flattened");
    }
    if (conv.node_limit_hit()) {
      warnings->push_back("document has more than " + std::to_string(limits.max_nodes) +
                          " nodes; the rest was dropped");
    }
  }
  return doc;
}

}  // namespace byline::extract
