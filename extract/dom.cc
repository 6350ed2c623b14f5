// The tree is built in document order by html_parse.cc, so a pre-order walk is a walk over
// increasing indices within a subtree; Next() still follows the links so that trees built in
// any order (tests) walk correctly.
#include "extract/dom.h"

namespace byline::extract {

std::string_view Document::Attr(uint32_t i, std::string_view name) const {
  for (const Attribute* a = AttrBegin(i); a != AttrEnd(i); ++a) {
    if (Str(a->name) == name) return Str(a->value);
  }
  return {};
}

bool Document::HasAttr(uint32_t i, std::string_view name) const {
  for (const Attribute* a = AttrBegin(i); a != AttrEnd(i); ++a) {
    if (Str(a->name) == name) return true;
  }
  return false;
}

uint32_t Document::Next(uint32_t i, uint32_t scope, bool skip_children) const {
  const Node& n = nodes_[i];
  if (!skip_children && n.first_child != kNoNode) return n.first_child;
  while (i != scope && i != kNoNode) {
    if (nodes_[i].next_sibling != kNoNode) return nodes_[i].next_sibling;
    i = nodes_[i].parent;
  }
  return kNoNode;
}

std::string Document::InnerText(uint32_t i) const {
  std::string out;
  for (uint32_t j = i; j != kNoNode; j = Next(j, i)) {
    if (nodes_[j].is_text) out.append(Text(j));
  }
  return out;
}

uint32_t Document::FindFirst(Tag tag) const {
  for (uint32_t i = 0; i < nodes_.size(); ++i) {
    if (!nodes_[i].is_text && nodes_[i].tag == tag) return i;
  }
  return kNoNode;
}

PoolRef Document::Intern(std::string_view s) {
  PoolRef r{static_cast<uint32_t>(pool_.size()), static_cast<uint32_t>(s.size())};
  pool_.append(s);
  return r;
}

uint32_t Document::Append(uint32_t parent, Node n) {
  uint32_t id = static_cast<uint32_t>(nodes_.size());
  n.parent = parent;
  if (parent != kNoNode) {
    Node& p = nodes_[parent];
    n.depth = p.depth + 1;
    if (p.last_child == kNoNode) {
      p.first_child = id;
    } else {
      nodes_[p.last_child].next_sibling = id;
    }
    p.last_child = id;
  }
  nodes_.push_back(n);
  return id;
}

uint32_t Document::AddElement(uint32_t parent, Tag tag, std::string_view name) {
  Node n;
  n.tag = tag;
  n.text = Intern(name);
  n.attr_begin = static_cast<uint32_t>(attrs_.size());
  return Append(parent, n);
}

uint32_t Document::AddText(uint32_t parent, std::string_view text) {
  Node n;
  n.is_text = true;
  n.text = Intern(text);
  return Append(parent, n);
}

void Document::AddAttribute(uint32_t element, std::string_view name, std::string_view value) {
  // REQUIRES: element is the last element added (attributes are stored contiguously).
  Node& n = nodes_[element];
  if (n.attr_count == 0) n.attr_begin = static_cast<uint32_t>(attrs_.size());
  attrs_.push_back({Intern(name), Intern(value)});
  ++n.attr_count;
}

void Document::Reserve(size_t nodes, size_t pool_bytes) {
  nodes_.reserve(nodes);
  pool_.reserve(pool_bytes);
}

size_t Document::MemoryUsage() const {
  return nodes_.capacity() * sizeof(Node) + attrs_.capacity() * sizeof(Attribute) +
         pool_.capacity();
}

bool IsBlockTag(Tag t) {
  switch (t) {
    case Tag::kP:
    case Tag::kDiv:
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
    case Tag::kUl:
    case Tag::kOl:
    case Tag::kLi:
    case Tag::kDl:
    case Tag::kDt:
    case Tag::kDd:
    case Tag::kBlockquote:
    case Tag::kPre:
    case Tag::kTable:
    case Tag::kCaption:
    case Tag::kThead:
    case Tag::kTbody:
    case Tag::kTfoot:
    case Tag::kTr:
    case Tag::kTd:
    case Tag::kTh:
    case Tag::kFigure:
    case Tag::kFigcaption:
    case Tag::kBr:
    case Tag::kHr:
    case Tag::kNav:
    case Tag::kHeader:
    case Tag::kFooter:
    case Tag::kAside:
    case Tag::kArticle:
    case Tag::kMain:
    case Tag::kSection:
    case Tag::kForm:
    case Tag::kAddress:
    case Tag::kDialog:
    case Tag::kMenu:
    case Tag::kDetails:
    case Tag::kSummary:
    case Tag::kCenter:
    case Tag::kHgroup:
    case Tag::kHtml:
    case Tag::kBody:
    case Tag::kTitle:
    case Tag::kOption:
    case Tag::kTextarea:
    case Tag::kSelect:
      return true;
    default:
      return false;
  }
}

bool IsHeadingTag(Tag t) {
  return t == Tag::kH1 || t == Tag::kH2 || t == Tag::kH3 || t == Tag::kH4 || t == Tag::kH5 ||
         t == Tag::kH6;
}

bool IsInvisibleTag(Tag t) {
  switch (t) {
    case Tag::kHead:
    case Tag::kTitle:
    case Tag::kMeta:
    case Tag::kLink:
    case Tag::kBase:
    case Tag::kScript:
    case Tag::kStyle:
    case Tag::kTemplate:
    case Tag::kSvg:
    case Tag::kMath:
    case Tag::kCanvas:
    case Tag::kVideo:
    case Tag::kAudio:
    case Tag::kPicture:
    case Tag::kSource:
    case Tag::kObject:
    case Tag::kEmbed:
    case Tag::kIframe:
    case Tag::kSelect:
    case Tag::kOption:
    case Tag::kTextarea:
    case Tag::kInput:
    case Tag::kButton:
    case Tag::kImg:
    case Tag::kDialog:
      return true;
    default:
      return false;
  }
}

}  // namespace byline::extract
