// Main-text extraction in four named steps, each over the pre-order node array:
//
//  1. Prune    - mark subtrees that are never article text: invisible elements, hidden
//                elements, navigation, share bars, comments, related links, newsletter boxes,
//                footers (by tag, ARIA role and class/id words). A subtree that holds most of
//                the page's text is never pruned, whatever its class says.
//  2. Blocks   - cut the remaining text into blocks at block-level element boundaries,
//                counting characters and characters inside links for each.
//  3. Choose   - give each block a value (long, link-poor text is positive; link lists are
//                negative), sum values up the tree and take the element with the highest sum:
//                the tightest container of the most article text and the least boilerplate.
//                When the page's JSON-LD articleBody agrees with the page, blocks it confirms
//                weigh more, so the choice follows the publisher's own statement.
//  4. Emit     - the blocks inside the chosen container, minus link lists, the repeated
//                headline and the byline, joined by blank lines.
//
// Because nodes are stored in pre-order, a subtree is the index range [i, end[i]], children
// come after parents (so sums run backwards over the array) and nothing recurses.
#include "extract/content.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "extract/text_util.h"

namespace byline::extract {
namespace {

struct Block {
  uint32_t owner = kNoNode;  // nearest block-level element holding the text
  uint32_t first_node = kNoNode;
  size_t begin = 0, end = 0;  // byte range in Blocks::text
  uint32_t chars = 0;         // non-space bytes
  uint32_t link_chars = 0;    // non-space bytes inside <a>
  Tag owner_tag = Tag::kOther;
  bool in_pre = false;
  double value = 0;
};

struct Blocks {
  std::string text;  // all blocks' text back to back
  std::vector<Block> list;
  std::string_view Text(const Block& b) const {
    return std::string_view(text).substr(b.begin, b.end - b.begin);
  }
};

// ---------------------------------------------------------------- step 0: subtree ranges

std::vector<uint32_t> SubtreeEnds(const Document& doc) {
  const auto& nodes = doc.nodes();
  std::vector<uint32_t> end(nodes.size());
  for (uint32_t i = static_cast<uint32_t>(nodes.size()); i-- > 0;) {
    end[i] = nodes[i].last_child == kNoNode ? i : end[nodes[i].last_child];
  }
  return end;
}

// Per subtree: non-space bytes of visible text, and of prose (text inside <p>, <pre> or
// <blockquote> and outside links). Prose is what tells an article from menus and link lists.
struct TextStats {
  std::vector<uint32_t> chars;
  std::vector<uint32_t> prose;
};

TextStats SubtreeTextStats(const Document& doc) {
  const auto& nodes = doc.nodes();
  const size_t n = nodes.size();
  // Forward pass: is each node inside a paragraph, inside a link?
  std::vector<uint8_t> in_para(n, 0), in_link(n, 0);
  for (uint32_t i = 0; i < n; ++i) {
    const Node& nd = nodes[i];
    uint32_t p = nd.parent;
    in_para[i] = p != kNoNode && in_para[p];
    in_link[i] = p != kNoNode && in_link[p];
    if (!nd.is_text) {
      in_para[i] |= nd.tag == Tag::kP || nd.tag == Tag::kPre || nd.tag == Tag::kBlockquote;
      in_link[i] |= nd.tag == Tag::kA;
    }
  }
  TextStats st{std::vector<uint32_t>(n, 0), std::vector<uint32_t>(n, 0)};
  for (uint32_t i = static_cast<uint32_t>(n); i-- > 0;) {
    if (nodes[i].is_text) {
      uint32_t c = 0;
      for (char ch : doc.Text(i)) c += static_cast<unsigned char>(ch) > ' ';
      st.chars[i] = c;
      st.prose[i] = in_para[i] && !in_link[i] ? c : 0;
    } else if (IsInvisibleTag(nodes[i].tag)) {
      st.chars[i] = st.prose[i] = 0;
    }
    if (uint32_t p = nodes[i].parent; p != kNoNode) {
      st.chars[p] += st.chars[i];
      st.prose[p] += st.prose[i];
    }
  }
  return st;
}

// ---------------------------------------------------------------- step 1: prune

// Words in class/id that mark boilerplate whatever else the name says.
constexpr std::string_view kStrongNegative[] = {
    "comment",      "disqus",        "share",           "sharing",     "social",       "related",
    "newsletter",   "subscribe",     "cookie",          "consent",     "outbrain",     "taboola",
    "promo",        "advert",        "sponsor",         "breadcrumb",  "sidebar",      "footer",
    "popup",        "modal",         "recommend",       "trending",    "signup",       "sign-up",
    "byline",       "mostread",      "most-read",       "mostpopular", "most-popular", "paywall",
    "sr-only",      "screen-reader", "visually-hidden", "skip-link",   "skiplink",     "pagination",
    "pager",        "toolbar",       "masthead",        "tag-list",    "taglist",      "follow-us",
    "author-info",  "author-bio",    "authorbio",       "jump-link",   "read-more",    "readmore",
    "more-stories", "also-read",     "login",           "newsticker",
};

// Whole class/id tokens (split at spaces, '-' and '_') that mark boilerplate unless a
// positive word is also there. Tokens, not substrings: "ad" must not hit "adrail" or "head".
constexpr std::string_view kWeakNegativeTokens[] = {
    "meta",       "nav",    "menu",     "header",    "tools",  "tags",      "tag",     "hidden",
    "hide",       "print",  "dateline", "timestamp", "credit", "credits",   "rating",  "teaser",
    "aside",      "extra",  "links",    "overlay",   "ad",     "ads",       "adv",     "dropdown",
    "alert",      "widget", "sharing",  "share",     "social", "invisible", "noprint", "d-none",
    "navigation", "subnav", "topbar",   "bottombar", "author", "autor",     "bio",
};

constexpr std::string_view kPositive[] = {
    "article", "content", "body", "main", "story", "entry", "post", "text", "blog",
};

template <size_t N>
bool HasAny(std::string_view s, const std::string_view (&words)[N]) {
  for (std::string_view w : words) {
    if (s.find(w) != std::string_view::npos) return true;
  }
  return false;
}

template <size_t N>
bool HasToken(std::string_view names, const std::string_view (&tokens)[N]) {
  size_t i = 0;
  while (i < names.size()) {
    while (i < names.size() && (names[i] == ' ' || names[i] == '-')) ++i;
    size_t j = i;
    while (j < names.size() && names[j] != ' ' && names[j] != '-') ++j;
    std::string_view tok = names.substr(i, j - i);
    for (std::string_view t : tokens) {
      if (tok == t) return true;
    }
    i = j;
  }
  return false;
}

bool IsHiddenByAttributes(const Document& doc, uint32_t i) {
  if (doc.HasAttr(i, "hidden")) return true;
  if (doc.Attr(i, "aria-hidden") == "true") return true;
  std::string_view style = doc.Attr(i, "style");
  if (!style.empty()) {
    std::string s = AsciiLower(style);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (s.find("display:none") != std::string::npos ||
        s.find("visibility:hidden") != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool IsBoilerplateByRole(std::string_view role) {
  return role == "navigation" || role == "complementary" || role == "banner" ||
         role == "contentinfo" || role == "search" || role == "dialog" || role == "alert" ||
         role == "menu" || role == "menubar" || role == "toolbar";
}

bool IsBoilerplateByName(const Document& doc, uint32_t i) {
  std::string_view cls = doc.Attr(i, "class");
  std::string_view id = doc.Attr(i, "id");
  if (cls.empty() && id.empty()) return false;
  std::string names = AsciiLower(cls);
  names.push_back(' ');
  names += AsciiLower(id);
  std::replace(names.begin(), names.end(), '_', '-');
  if (HasAny(names, kStrongNegative)) return true;
  return HasToken(names, kWeakNegativeTokens) && !HasAny(names, kPositive);
}

bool IsCommentSection(const Document& doc, uint32_t i) {
  std::string names = AsciiLower(doc.Attr(i, "class"));
  names += ' ';
  names += AsciiLower(doc.Attr(i, "id"));
  return names.find("comment") != std::string::npos || names.find("disqus") != std::string::npos;
}

bool IsImageCaption(const Document& doc, uint32_t i) {
  std::string names = AsciiLower(doc.Attr(i, "class"));
  names += ' ';
  names += AsciiLower(doc.Attr(i, "id"));
  return names.find("caption") != std::string::npos || names.find("credit") != std::string::npos ||
         names.find("copyright") != std::string::npos ||
         names.find("image-subtitle") != std::string::npos;
}

bool IsScriptNotice(const Document& doc, uint32_t noscript, uint32_t chars) {
  return chars < 300 && ContainsIgnoreCase(doc.InnerText(noscript), "javascript");
}

bool HasArticleAncestor(const Document& doc, uint32_t i) {
  for (uint32_t a = doc.node(i).parent; a != kNoNode; a = doc.node(a).parent) {
    if (doc.node(a).tag == Tag::kArticle) return true;
  }
  return false;
}

bool IsBoilerplateTag(Tag t) {
  return t == Tag::kNav || t == Tag::kFooter || t == Tag::kAside || t == Tag::kHeader ||
         t == Tag::kForm || t == Tag::kMenu;
}

// skip[i] is true when node i is inside a pruned subtree.
std::vector<uint8_t> Prune(const Document& doc, const TextStats& stats, uint32_t body,
                           const ContentHints& hints) {
  const auto& nodes = doc.nodes();
  std::vector<uint8_t> skip(nodes.size(), 0);
  const std::vector<uint32_t>& text_chars = stats.chars;
  const uint32_t page_chars = std::max<uint32_t>(1, text_chars[body]);
  const uint32_t page_prose = std::max<uint32_t>(1, stats.prose[body]);
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    if (n.parent != kNoNode && skip[n.parent]) {
      skip[i] = 1;
      continue;
    }
    if (n.is_text) continue;
    if (IsInvisibleTag(n.tag)) {
      skip[i] = 1;
      continue;
    }
    if (i == body || n.tag == Tag::kBody || n.tag == Tag::kHtml) continue;
    if (text_chars[i] < 150 && IsImageCaption(doc, i)) {
      skip[i] = 1;  // short image captions and credits ("Photo: Agency") are not prose
      continue;
    }
    if (n.tag == Tag::kNoscript && IsScriptNotice(doc, i, text_chars[i])) {
      skip[i] = 1;  // "Please enable JavaScript": the rest of <noscript> is article text
      continue;
    }
    // A <header> inside an <article> holds the headline, byline and often the lede; the
    // headline and byline are dropped by later steps, the lede is text.
    bool article_header = n.tag == Tag::kHeader && HasArticleAncestor(doc, i);
    // A <footer> in a quote or figure is its attribution, not the page's footer.
    bool attribution =
        n.tag == Tag::kFooter && n.parent != kNoNode &&
        (doc.node(n.parent).tag == Tag::kBlockquote || doc.node(n.parent).tag == Tag::kFigure);
    bool boiler = IsHiddenByAttributes(doc, i) ||
                  (IsBoilerplateTag(n.tag) && !article_header && !attribution) ||
                  IsBoilerplateByRole(doc.Attr(i, "role")) || IsBoilerplateByName(doc, i);
    // A <form> is often the whole page on ASP.NET sites; only small forms are boilerplate.
    if (boiler && (n.tag == Tag::kForm) && text_chars[i] * 4 > page_chars) boiler = false;
    // Whatever its name, a subtree holding most of the page's text is not boilerplate.
    // Layout wrappers named for what they hold ("with-sidebar") are not boilerplate either:
    // a subtree with most of the page's prose is kept unless it is a comment section.
    // (A "comment" section keeps protection only when there is no other prose to speak of:
    // live tickers call their commentary "comments".)
    if (boiler && (stats.prose[i] * 2 > page_prose || text_chars[i] * 2 > page_chars) &&
        !(IsCommentSection(doc, i) && page_prose - stats.prose[i] >= 500)) {
      boiler = false;
    }
    if (boiler) skip[i] = 1;
    if (boiler && std::getenv("BYLINE_DEBUG_CONTENT") && text_chars[i] > 200) {
      std::fprintf(stderr, "pruned %s.%s#%s (%u of %u chars)\n",
                   std::string(doc.TagName(i)).c_str(), std::string(doc.Attr(i, "class")).c_str(),
                   std::string(doc.Attr(i, "id")).c_str(), text_chars[i], page_chars);
    }
  }
  if (hints.skip_nodes) {
    for (uint32_t b : *hints.skip_nodes) {
      if (b < nodes.size() && text_chars[b] * 2 <= page_chars) skip[b] = 1;
    }
    // Propagate to the subtrees of the newly skipped nodes.
    for (uint32_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].parent != kNoNode && skip[nodes[i].parent]) skip[i] = 1;
    }
  }
  return skip;
}

// ---------------------------------------------------------------- step 2: blocks

class BlockBuilder {
 public:
  BlockBuilder(const Document& doc, const std::vector<uint32_t>& end,
               const std::vector<uint8_t>& skip, const TextStats& stats)
      : doc_(doc), end_(end), skip_(skip), stats_(stats) {}

  Blocks Build(uint32_t body) {
    open_.push_back(body);
    for (uint32_t i = body + 1; i <= end_[body];) {
      CloseEnded(i);
      const Node& n = doc_.node(i);
      if (skip_[i]) {
        if (!n.is_text && IsBlockTag(n.tag)) Flush();
        i = end_[i] + 1;
        continue;
      }
      if (n.is_text) {
        AddText(i);
      } else {
        OpenElement(i);
      }
      ++i;
    }
    CloseEnded(end_[body] + 1);
    Flush();
    return std::move(out_);
  }

 private:
  void CloseEnded(uint32_t i) {
    while (open_.size() > 1 && end_[open_.back()] < i) {
      Flush();
      open_.pop_back();
    }
    if (link_end_ != kNoNode && link_end_ < i) link_end_ = kNoNode;
    if (pre_end_ != kNoNode && pre_end_ < i) pre_end_ = kNoNode;
  }

  void OpenElement(uint32_t i) {
    Tag t = doc_.node(i).tag;
    if (t == Tag::kBr) {
      // One <br> breaks a line, two or more break a paragraph: never more than a blank line.
      if (cur_.chars == 0) return;
      while (out_.text.back() == ' ') out_.text.pop_back();
      size_t newlines = 0;
      for (size_t k = out_.text.size(); k > cur_.begin && out_.text[k - 1] == '\n'; --k) {
        ++newlines;
      }
      if (newlines < 2) out_.text.push_back('\n');
      return;
    }
    if (t == Tag::kA && link_end_ == kNoNode && !WrapsProse(i)) link_end_ = end_[i];
    if (t == Tag::kPre && pre_end_ == kNoNode) pre_end_ = end_[i];
    if (t == Tag::kTd || t == Tag::kTh) {
      // Cells of one row stay on one line.
      if (cur_.chars > 0 && out_.text.back() != ' ') out_.text.push_back(' ');
      return;
    }
    if (IsBlockTag(t)) {
      Flush();
      open_.push_back(i);
    }
  }

  // An <a> around several hundred characters of paragraphs is a mis-nested wrapper, not a
  // link: its text is not counted as link text.
  bool WrapsProse(uint32_t a) const {
    if (stats_.chars[a] < 300) return false;
    for (uint32_t j = a + 1; j <= end_[a]; ++j) {
      if (!doc_.node(j).is_text && doc_.node(j).tag == Tag::kP) return true;
    }
    return false;
  }

  void AddText(uint32_t i) {
    std::string_view t = doc_.Text(i);
    if (cur_.first_node == kNoNode) {
      cur_.first_node = i;
      cur_.begin = out_.text.size();
    }
    uint32_t c = 0;
    for (char ch : t) c += static_cast<unsigned char>(ch) > ' ';
    cur_.chars += c;
    if (link_end_ != kNoNode) cur_.link_chars += c;
    if (pre_end_ != kNoNode) {
      cur_.in_pre = true;
      out_.text.append(t);
    } else {
      // Collapse white space, but keep a line break that <br> put at the end.
      size_t before = out_.text.size();
      bool line_start = before == cur_.begin || out_.text.back() == '\n';
      if (line_start) {
        AppendCollapsedFromLineStart(t);
      } else {
        AppendCollapsed(t, &out_.text);
      }
    }
  }

  void AppendCollapsedFromLineStart(std::string_view t) {
    // AppendCollapsed drops a leading space only after ' ' or '\n'; at a block start the
    // previous byte belongs to another block, so trim by hand.
    std::string_view trimmed = Trim(t);
    if (trimmed.empty()) return;
    AppendCollapsed(trimmed, &out_.text);
    if (SpaceLength(t, t.size() - 1) || (t.size() >= 2 && SpaceLength(t, t.size() - 2) == 2)) {
      out_.text.push_back(' ');
    }
  }

  void Flush() {
    if (cur_.first_node != kNoNode) {
      // Trim trailing spaces and newlines.
      while (out_.text.size() > cur_.begin &&
             (out_.text.back() == ' ' || out_.text.back() == '\n')) {
        out_.text.pop_back();
      }
      cur_.end = out_.text.size();
      cur_.owner = open_.back();
      cur_.owner_tag = doc_.node(cur_.owner).tag;
      if (cur_.chars > 0 && cur_.end > cur_.begin)
        out_.list.push_back(cur_);
      else
        out_.text.resize(cur_.begin);
    }
    cur_ = Block();
  }

  const Document& doc_;
  const std::vector<uint32_t>& end_;
  const std::vector<uint8_t>& skip_;
  const TextStats& stats_;
  std::vector<uint32_t> open_;  // open block-level elements, innermost last
  uint32_t link_end_ = kNoNode;
  uint32_t pre_end_ = kNoNode;
  Block cur_;
  Blocks out_;
};

// ---------------------------------------------------------------- step 3: choose

bool IsSentenceLike(std::string_view t) {
  // Prose has sentence punctuation; menus and tag lists do not.
  for (char c : t) {
    if (c == '.' || c == ',' || c == '!' || c == '?' || c == ';' || c == ':') return true;
  }
  // CJK full stop and comma.
  return t.find("\xE3\x80\x82") != std::string_view::npos ||
         t.find("\xEF\xBC\x8C") != std::string_view::npos ||
         t.find("\xE3\x80\x81") != std::string_view::npos;
}

// Link-heavy blocks are navigation, except paragraphs of prose that happen to link a lot.
bool IsLinkList(const Block& b, std::string_view t) {
  double ld = b.chars ? static_cast<double>(b.link_chars) / b.chars : 0;
  if (ld <= 0.5) return false;
  if (b.chars >= 200 && IsSentenceLike(t)) return false;
  if (b.owner_tag == Tag::kP && ld < 0.8 && b.chars >= 60 && IsSentenceLike(t)) return false;
  return true;
}

// Text written as paragraphs is what articles are made of; text in bare <div>s and table
// cells is as often teasers, captions and widgets.
double OwnerWeight(Tag t) {
  switch (t) {
    case Tag::kP:
    case Tag::kPre:
    case Tag::kBlockquote:
      return 1.0;
    case Tag::kLi:
    case Tag::kDd:
    case Tag::kFigcaption:
      return 0.6;
    default:
      return 0.5;
  }
}

double BlockValue(const Blocks& blocks, const Block& b) {
  double ld = b.chars ? static_cast<double>(b.link_chars) / b.chars : 0;
  std::string_view t = blocks.Text(b);
  if (IsLinkList(b, t)) return -1.5 * b.chars;
  if (IsHeadingTag(b.owner_tag)) return 0;
  if (b.chars >= 80 || (b.chars >= 30 && IsSentenceLike(t))) {
    return b.chars * (1.0 - ld) * OwnerWeight(b.owner_tag);
  }
  // Short lines: neutral unless mostly link.
  return ld > 0.3 ? -0.5 * b.chars : 0;
}

// Marks blocks confirmed by the JSON-LD articleBody; returns the confirmed characters.
size_t MatchArticleBody(const Blocks& blocks, std::string_view body, std::vector<uint8_t>* hit) {
  hit->assign(blocks.list.size(), 0);
  size_t matched = 0;
  for (size_t k = 0; k < blocks.list.size(); ++k) {
    const Block& b = blocks.list[k];
    if (b.chars < 30) continue;
    std::string probe = CollapseSpace(blocks.Text(b).substr(0, 80));
    if (probe.size() > 60) probe.resize(60);
    // Do not cut inside a UTF-8 sequence.
    while (!probe.empty() && (static_cast<unsigned char>(probe.back()) & 0xC0) == 0x80) {
      probe.pop_back();
    }
    if (!probe.empty() && (static_cast<unsigned char>(probe.back()) & 0xC0) == 0xC0) {
      probe.pop_back();
    }
    if (probe.size() >= 20 && body.find(probe) != std::string_view::npos) {
      (*hit)[k] = 1;
      matched += b.end - b.begin;
    }
  }
  return matched;
}

// Each block's value counts fully for its own element and decays by kDecay for every level
// above it, so the winner is the element with much article text close below it: a page-wide
// wrapper that also holds teasers and link lists loses to the article's own container.
constexpr double kDecay = 0.8;
// How far above the chosen element to look for more of the article.
constexpr int kWidenLevels = 8;

bool IsProseOwner(Tag t) { return t == Tag::kP || t == Tag::kPre || t == Tag::kBlockquote; }

uint32_t ChooseContainer(const Document& doc, const Blocks& blocks, uint32_t body,
                         const std::vector<uint32_t>& end, const std::vector<double>& values) {
  const uint32_t last = end[body];
  std::vector<double> decayed(last + 1, 0.0);
  // Undecayed sums of prose and of link lists: used to widen the choice to a parent whose
  // other children add paragraphs (a lede or a second body part) and not boilerplate.
  std::vector<double> prose(last + 1, 0.0);
  for (size_t k = 0; k < blocks.list.size(); ++k) {
    const Block& b = blocks.list[k];
    decayed[b.owner] += values[k];
    if (values[k] < 0 || IsProseOwner(b.owner_tag)) prose[b.owner] += values[k];
  }
  for (uint32_t i = last; i > body; --i) {
    uint32_t p = doc.node(i).parent;
    if (p == kNoNode || p < body) continue;
    decayed[p] += kDecay * decayed[i];
    prose[p] += prose[i];
  }
  uint32_t best = body;
  for (uint32_t i = body; i <= last; ++i) {
    if (!doc.node(i).is_text && decayed[i] > decayed[best]) best = i;
  }
  if (std::getenv("BYLINE_DEBUG_CONTENT")) {
    for (uint32_t a = best; a != kNoNode && a >= body; a = doc.node(a).parent) {
      std::fprintf(stderr, "ancestor %s.%s decayed=%.0f prose=%.0f\n",
                   std::string(doc.TagName(a)).c_str(),
                   std::string(doc.Attr(a, "class").substr(0, 40)).c_str(), decayed[a], prose[a]);
    }
  }
  // Widen to the nearest ancestor (a few levels up) that adds prose net of link lists.
  for (bool widened = true; widened && best != body;) {
    widened = false;
    uint32_t a = doc.node(best).parent;
    for (int level = 0; level < kWidenLevels && a != kNoNode && a >= body; ++level) {
      if (prose[a] > prose[best] + 1.0) {
        best = a;
        widened = true;
        break;
      }
      a = doc.node(a).parent;
    }
  }
  return best;
}

// ---------------------------------------------------------------- step 4: emit

// Escaped markup shown as text ("<img src=...>" in a badly saved page) is never prose.
bool LooksLikeMarkup(std::string_view t) {
  return t.size() > 3 && t[0] == '<' &&
         ((t[1] >= 'a' && t[1] <= 'z') || t[1] == '/' || t[1] == '!') &&
         t.find('>') != std::string_view::npos;
}

bool SameText(std::string_view a, std::string_view b) {
  return !a.empty() && CollapseSpace(a) == CollapseSpace(b);
}

bool EndsLikeSentence(std::string_view t) {
  t = Trim(t);
  if (t.empty()) return false;
  char c = t.back();
  if (c == '.' || c == '!' || c == '?' || c == '"' || c == '\'' || c == ')') return true;
  // ” » … 。 ！ ？
  for (std::string_view end : {"\xE2\x80\x9D", "\xC2\xBB", "\xE2\x80\xA6", "\xE3\x80\x82",
                               "\xEF\xBC\x81", "\xEF\xBC\x9F"}) {
    if (EndsWith(t, end)) return true;
  }
  return false;
}

bool IsLongProse(const Block& b, std::string_view t) {
  return b.chars >= 100 && IsSentenceLike(t) && !IsHeadingTag(b.owner_tag);
}

// After the article's last paragraph, containers often end with labels and credits
// ("More on this topic:", "Photo: Jane Doe / Agency", a "Sources" heading): short blocks
// that are headings, end in a colon or are not sentences are cut from the tail.
bool IsTailLabel(const Block& b, std::string_view t) {
  if (IsHeadingTag(b.owner_tag)) return true;
  t = Trim(t);
  if (!t.empty() && t.back() == ':') return true;
  return b.chars < 100 && !EndsLikeSentence(t);
}

// Class and id words that mark an article's intro paragraph (lede, standfirst, deck).
constexpr std::string_view kLedeNames[] = {"intro",   "lead", "lede",     "standfirst", "summary",
                                           "excerpt", "deck", "abstract", "subline"};

bool IsNamedLede(const Document& doc, uint32_t owner) {
  // The owner or one of its two nearest ancestors carries the name.
  uint32_t a = owner;
  for (int up = 0; up < 3 && a != kNoNode; ++up, a = doc.node(a).parent) {
    std::string names = AsciiLower(doc.Attr(a, "class"));
    names += ' ';
    names += AsciiLower(doc.Attr(a, "id"));
    if (HasAny(names, kLedeNames)) return true;
  }
  return false;
}

// The lede often sits just before the article body, in the article's header rather than in
// the container chosen: blocks among the few right before the container are taken back when
// they are link-poor prose named as an intro, or a sentence-long heading under the headline.
std::vector<uint8_t> FindLede(const Document& doc, const Blocks& blocks, uint32_t container,
                              const std::vector<uint32_t>& end) {
  std::vector<uint8_t> lede(blocks.list.size(), 0);
  size_t first = 0;
  while (first < blocks.list.size() && blocks.list[first].owner < container) ++first;
  if (first == blocks.list.size() || blocks.list[first].owner > end[container]) return lede;
  for (size_t k = first, seen = 0; k-- > 0 && seen < 4; ++seen) {
    const Block& b = blocks.list[k];
    std::string_view t = blocks.Text(b);
    if (IsLinkList(b, t)) break;
    if (b.owner_tag == Tag::kH1) break;  // nothing above the headline is the article
    bool prose = b.chars >= 60 && IsSentenceLike(t) && b.link_chars * 5 < b.chars;
    bool long_heading = IsHeadingTag(b.owner_tag) && b.chars >= 100 && IsSentenceLike(t);
    if (prose && (IsNamedLede(doc, b.owner) || long_heading)) lede[k] = 1;
  }
  return lede;
}

// Ad markers open a short block ("ANZEIGE - ...", "Advertisement", "Sponsored"). The words are
// the common markers of the languages the press writes in most.
bool IsAdMarker(std::string_view t) {
  constexpr std::string_view kMarkers[] = {"advertisement", "anzeige",   "werbung",
                                           "sponsored",     "publicité", "publicidad",
                                           "pubblicità",    "reklama",   "advertentie"};
  if (t.size() > 120) return false;
  std::string head = AsciiLower(t.substr(0, 16));
  for (std::string_view m : kMarkers) {
    if (StartsWith(head, m)) return true;
  }
  return false;
}

// A line of digits and punctuation alone ("20:37", "12.05.2021") outside lists and tables is a
// timestamp or a counter, not text.
bool IsBareNumberLine(const Block& b, std::string_view t) {
  if (b.chars > 24 || b.owner_tag == Tag::kLi || b.owner_tag == Tag::kTr ||
      b.owner_tag == Tag::kTd || b.owner_tag == Tag::kTh) {
    return false;
  }
  for (char c : t) {
    if (static_cast<unsigned char>(c) >= 0x80 || std::isalpha(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

bool IsListLabel(const Block& b, std::string_view t) {
  t = Trim(t);
  if (b.chars > 60 || t.empty()) return false;
  return IsHeadingTag(b.owner_tag) || t.back() == ':' || !EndsLikeSentence(t);
}

std::string Emit(const Blocks& blocks, uint32_t container, const std::vector<uint32_t>& end,
                 const std::vector<uint8_t>& lede, const ContentHints& hints) {
  std::vector<const Block*> kept;
  bool title_dropped = false;
  bool seen_prose = false;
  for (size_t k = 0; k < blocks.list.size(); ++k) {
    const Block& b = blocks.list[k];
    if ((b.owner < container || b.owner > end[container]) && !lede[k]) continue;
    std::string_view t = blocks.Text(b);
    if (IsLinkList(b, t) || LooksLikeMarkup(t) || IsAdMarker(t) || IsBareNumberLine(b, t)) {
      // A label right before a link list ("More on this topic:") is the list's title.
      if (!kept.empty() && kept.back() == &blocks.list[k - 1] &&
          IsListLabel(*kept.back(), blocks.Text(*kept.back()))) {
        kept.pop_back();
      }
      continue;
    }
    if (!title_dropped && IsHeadingTag(b.owner_tag) &&
        (SameText(t, hints.title) || (b.owner_tag == Tag::kH1 && !seen_prose))) {
      // The headline is metadata, not text.
      title_dropped = true;
      continue;
    }
    seen_prose = seen_prose || IsLongProse(b, t);
    kept.push_back(&b);
  }
  size_t n = kept.size();
  while (n > 0 && !IsLongProse(*kept[n - 1], blocks.Text(*kept[n - 1])) &&
         IsTailLabel(*kept[n - 1], blocks.Text(*kept[n - 1]))) {
    --n;
  }
  // Keep everything when the page is all labels (a list, a table of facts).
  if (n == 0) n = kept.size();
  std::string out;
  for (size_t k = 0; k < n; ++k) {
    if (!out.empty()) out.append("\n\n");
    out.append(blocks.Text(*kept[k]));
  }
  return out;
}

// BYLINE_DEBUG_CONTENT=1 prints the blocks, their values and the chosen container to stderr:
// the tool for finding out why a page came out wrong.
void DebugDump(const Document& doc, const Blocks& blocks, const std::vector<double>& values,
               uint32_t container, const std::vector<uint32_t>& end) {
  static const bool enabled = std::getenv("BYLINE_DEBUG_CONTENT") != nullptr;
  if (!enabled) return;
  auto describe = [&](uint32_t i) {
    // Appended piece by piece: gcc 12 at -O3 warns falsely (-Wrestrict) on "." + string.
    std::string d(doc.TagName(i));
    if (std::string_view c = doc.Attr(i, "class"); !c.empty())
      d.append(".").append(c.substr(0, 60));
    if (std::string_view id = doc.Attr(i, "id"); !id.empty())
      d.append("#").append(id.substr(0, 40));
    return d;
  };
  std::string path;
  for (uint32_t i = container; i != kNoNode; i = doc.node(i).parent)
    path = describe(i) + " > " + path;
  std::fprintf(stderr, "container: %s\n", path.c_str());
  for (size_t k = 0; k < blocks.list.size(); ++k) {
    const Block& b = blocks.list[k];
    bool in = b.owner >= container && b.owner <= end[container];
    std::string t(blocks.Text(b).substr(0, 90));
    for (char& c : t)
      if (c == '\n') c = ' ';
    std::fprintf(stderr, "%c %7.0f %4u/%-4u %-30.30s | %s\n", in ? '+' : ' ', values[k],
                 b.link_chars, b.chars, describe(b.owner).c_str(), t.c_str());
  }
}

uint32_t FindBody(const Document& doc) {
  uint32_t body = doc.FindFirst(Tag::kBody);
  return body == kNoNode ? doc.root() : body;
}

}  // namespace

std::string ExtractMainText(const Document& doc, const ContentHints& hints) {
  if (doc.empty()) return {};
  const uint32_t body = FindBody(doc);
  const std::vector<uint32_t> end = SubtreeEnds(doc);
  const TextStats stats = SubtreeTextStats(doc);
  const std::vector<uint8_t> skip = Prune(doc, stats, body, hints);
  Blocks blocks = BlockBuilder(doc, end, skip, stats).Build(body);
  if (blocks.list.empty()) return std::string(hints.article_body);

  std::vector<double> values(blocks.list.size());
  for (size_t k = 0; k < blocks.list.size(); ++k) values[k] = BlockValue(blocks, blocks.list[k]);

  // Structured data that agrees with the page steers the choice.
  const std::string_view ld_body = hints.article_body;
  size_t matched = 0;
  if (ld_body.size() >= 200) {
    std::vector<uint8_t> hit;
    matched = MatchArticleBody(blocks, ld_body, &hit);
    if (matched * 3 >= ld_body.size()) {
      for (size_t k = 0; k < values.size(); ++k) {
        // Unconfirmed text neither pulls the choice nor widens it; it is still emitted when
        // it sits inside the chosen container (articleBody is sometimes abridged).
        if (values[k] > 0) values[k] *= hit[k] ? 2.0 : 0.0;
      }
    }
  }
  uint32_t container = ChooseContainer(doc, blocks, body, end, values);
  DebugDump(doc, blocks, values, container, end);
  std::string text = Emit(blocks, container, end, FindLede(doc, blocks, container, end), hints);
  // The page lacks the text that its structured data holds (script-rendered or truncated
  // pages): the publisher's articleBody is the better answer.
  if (ld_body.size() >= 200 && text.size() * 2 < ld_body.size() && matched * 3 < ld_body.size()) {
    return std::string(ld_body);
  }
  return text;
}

}  // namespace byline::extract
