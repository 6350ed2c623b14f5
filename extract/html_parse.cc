// Gumbo -> Document. The Gumbo tree is walked with an explicit stack and freed at once.
#include "extract/html_parse.h"

#include <gumbo.h>

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
    {Tag::kHtml, "html"}, {Tag::kHead, "head"}, {Tag::kBody, "body"}, {Tag::kTitle, "title"},
    {Tag::kMeta, "meta"}, {Tag::kLink, "link"}, {Tag::kBase, "base"}, {Tag::kScript, "script"},
    {Tag::kStyle, "style"}, {Tag::kNoscript, "noscript"}, {Tag::kTemplate, "template"},
    {Tag::kP, "p"}, {Tag::kDiv, "div"}, {Tag::kSpan, "span"}, {Tag::kA, "a"}, {Tag::kH1, "h1"},
    {Tag::kH2, "h2"}, {Tag::kH3, "h3"}, {Tag::kH4, "h4"}, {Tag::kH5, "h5"}, {Tag::kH6, "h6"},
    {Tag::kUl, "ul"}, {Tag::kOl, "ol"}, {Tag::kLi, "li"}, {Tag::kDl, "dl"}, {Tag::kDt, "dt"},
    {Tag::kDd, "dd"}, {Tag::kBlockquote, "blockquote"}, {Tag::kPre, "pre"},
    {Tag::kCode, "code"}, {Tag::kTable, "table"}, {Tag::kCaption, "caption"},
    {Tag::kThead, "thead"}, {Tag::kTbody, "tbody"}, {Tag::kTfoot, "tfoot"}, {Tag::kTr, "tr"},
    {Tag::kTd, "td"}, {Tag::kTh, "th"}, {Tag::kImg, "img"}, {Tag::kFigure, "figure"},
    {Tag::kFigcaption, "figcaption"}, {Tag::kBr, "br"}, {Tag::kHr, "hr"}, {Tag::kNav, "nav"},
    {Tag::kHeader, "header"}, {Tag::kFooter, "footer"}, {Tag::kAside, "aside"},
    {Tag::kArticle, "article"}, {Tag::kMain, "main"}, {Tag::kSection, "section"},
    {Tag::kForm, "form"}, {Tag::kInput, "input"}, {Tag::kButton, "button"},
    {Tag::kSelect, "select"}, {Tag::kOption, "option"}, {Tag::kTextarea, "textarea"},
    {Tag::kLabel, "label"}, {Tag::kIframe, "iframe"}, {Tag::kSvg, "svg"}, {Tag::kMath, "math"},
    {Tag::kCanvas, "canvas"}, {Tag::kVideo, "video"}, {Tag::kAudio, "audio"},
    {Tag::kPicture, "picture"}, {Tag::kSource, "source"}, {Tag::kObject, "object"},
    {Tag::kEmbed, "embed"}, {Tag::kTime, "time"}, {Tag::kAddress, "address"}, {Tag::kEm, "em"},
    {Tag::kStrong, "strong"}, {Tag::kB, "b"}, {Tag::kI, "i"}, {Tag::kU, "u"}, {Tag::kS, "s"},
    {Tag::kSmall, "small"}, {Tag::kSup, "sup"}, {Tag::kSub, "sub"}, {Tag::kMark, "mark"},
    {Tag::kAbbr, "abbr"}, {Tag::kCite, "cite"}, {Tag::kQ, "q"}, {Tag::kDialog, "dialog"},
    {Tag::kMenu, "menu"}, {Tag::kDetails, "details"}, {Tag::kSummary, "summary"},
    {Tag::kCenter, "center"}, {Tag::kFont, "font"}, {Tag::kHgroup, "hgroup"},
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

}  // namespace

Document ParseHtml(std::string_view utf8, const ParseLimits& limits,
                   std::vector<std::string>* warnings) {
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
