// byline's own HTML tree: a compact, read-only copy of the Gumbo parse.
//
// Gumbo is wrapped once, in html_parse.cc; everything else in extract/ walks this tree.
// Nodes live in one vector and refer to each other by index, so walking is cache-friendly,
// copying is cheap, and no walk needs recursion (a 100,000-deep page must not overflow the
// stack). Strings (text, attribute names and values) live in one pool and are addressed by
// offset, so the tree stays valid however it grows.
#ifndef BYLINE_EXTRACT_DOM_H_
#define BYLINE_EXTRACT_DOM_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace byline::extract {

// The tags extraction cares about; every other element is kOther (its name is kept).
enum class Tag : uint8_t {
  kOther,
  kHtml,
  kHead,
  kBody,
  kTitle,
  kMeta,
  kLink,
  kBase,
  kScript,
  kStyle,
  kNoscript,
  kTemplate,
  kP,
  kDiv,
  kSpan,
  kA,
  kH1,
  kH2,
  kH3,
  kH4,
  kH5,
  kH6,
  kUl,
  kOl,
  kLi,
  kDl,
  kDt,
  kDd,
  kBlockquote,
  kPre,
  kCode,
  kTable,
  kCaption,
  kThead,
  kTbody,
  kTfoot,
  kTr,
  kTd,
  kTh,
  kImg,
  kFigure,
  kFigcaption,
  kBr,
  kHr,
  kNav,
  kHeader,
  kFooter,
  kAside,
  kArticle,
  kMain,
  kSection,
  kForm,
  kInput,
  kButton,
  kSelect,
  kOption,
  kTextarea,
  kLabel,
  kIframe,
  kSvg,
  kMath,
  kCanvas,
  kVideo,
  kAudio,
  kPicture,
  kSource,
  kObject,
  kEmbed,
  kTime,
  kAddress,
  kEm,
  kStrong,
  kB,
  kI,
  kU,
  kS,
  kSmall,
  kSup,
  kSub,
  kMark,
  kAbbr,
  kCite,
  kQ,
  kDialog,
  kMenu,
  kDetails,
  kSummary,
  kCenter,
  kFont,
  kHgroup,
};

inline constexpr uint32_t kNoNode = UINT32_MAX;

// A span of Document::pool.
struct PoolRef {
  uint32_t offset = 0;
  uint32_t size = 0;
};

struct Attribute {
  PoolRef name;   // lower case, as Gumbo gives it
  PoolRef value;  // entities decoded
};

struct Node {
  bool is_text = false;   // text (including whitespace-only text); otherwise an element
  Tag tag = Tag::kOther;  // elements only
  uint32_t parent = kNoNode;
  uint32_t first_child = kNoNode;
  uint32_t last_child = kNoNode;
  uint32_t next_sibling = kNoNode;
  uint32_t depth = 0;       // the root <html> is depth 0
  PoolRef text;             // text nodes: the text (entities decoded); elements: tag name
  uint32_t attr_begin = 0;  // elements: attributes are attrs[attr_begin, attr_begin+attr_count)
  uint32_t attr_count = 0;
};

class Document {
 public:
  // Index 0 is the root element (<html>) once the document is not empty.
  const std::vector<Node>& nodes() const { return nodes_; }
  const Node& node(uint32_t i) const { return nodes_[i]; }
  bool empty() const { return nodes_.empty(); }
  uint32_t root() const { return nodes_.empty() ? kNoNode : 0; }

  std::string_view Str(PoolRef r) const { return std::string_view(pool_).substr(r.offset, r.size); }
  // The text of a text node, or the tag name of an element ("div", "my-widget").
  std::string_view Text(uint32_t i) const { return Str(nodes_[i].text); }
  std::string_view TagName(uint32_t i) const { return Str(nodes_[i].text); }
  // The value of attribute `name` (lower case) of element i, or "" when absent.
  std::string_view Attr(uint32_t i, std::string_view name) const;
  bool HasAttr(uint32_t i, std::string_view name) const;
  // All attributes of element i.
  const Attribute* AttrBegin(uint32_t i) const { return attrs_.data() + nodes_[i].attr_begin; }
  const Attribute* AttrEnd(uint32_t i) const { return AttrBegin(i) + nodes_[i].attr_count; }

  // Pre-order successor of i within the subtree of `scope` (kNoNode when done). With
  // skip_children, i's own subtree is skipped. Walks without recursion.
  uint32_t Next(uint32_t i, uint32_t scope, bool skip_children = false) const;

  // Concatenated text of the subtree of i (text nodes only, no separators added).
  std::string InnerText(uint32_t i) const;

  // First element with this tag in document order, or kNoNode.
  uint32_t FindFirst(Tag tag) const;

  // Building (html_parse.cc and tests).
  uint32_t AddElement(uint32_t parent, Tag tag, std::string_view name);
  uint32_t AddText(uint32_t parent, std::string_view text);
  void AddAttribute(uint32_t element, std::string_view name, std::string_view value);
  void Reserve(size_t nodes, size_t pool_bytes);
  // Bytes held by the tree (for memory limits and reports).
  size_t MemoryUsage() const;

 private:
  PoolRef Intern(std::string_view s);
  uint32_t Append(uint32_t parent, Node n);

  std::vector<Node> nodes_;
  std::vector<Attribute> attrs_;
  std::string pool_;
};

// Lower-level tag facts used by several stages.
bool IsBlockTag(Tag t);      // starts a new line of text when rendered (p, div, li, h1, ...)
bool IsHeadingTag(Tag t);    // h1..h6
bool IsInvisibleTag(Tag t);  // never rendered as text (script, style, template, svg, ...)

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_DOM_H_
