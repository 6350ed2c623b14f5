// Text helpers of the metadata stage: the comparison key, word splitting, class/id and
// attribute tests, and the rendered text of a subtree. Every other metadata*.cc file uses
// them, so they sit apart from any one field.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.h"
#include "extract/metadata_internal.h"
#include "extract/text_util.h"

namespace byline::extract::metadata_internal {

// Lower case for ASCII and the Latin-1 capitals (U+00C0-U+00DE), which covers the accented
// letters of the month names and names compared here.
std::string LowerLatin1(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 32);
      ++i;
    }
  }
  return out;
}

// A comparison key: lower case, letters and digits only ("The Times!" -> "thetimes").
// Typographic punctuation (U+2000-U+206F: dashes, curly quotes) is dropped as well.
std::string Key(std::string_view s) {
  std::string lower = LowerLatin1(s);
  std::string out;
  out.reserve(lower.size());
  for (size_t i = 0; i < lower.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(lower[i]);
    if (c < 0x80) {
      if (IsAsciiAlpha(static_cast<char>(c)) || IsAsciiDigit(static_cast<char>(c))) {
        out.push_back(static_cast<char>(c));
      }
    } else if (c == 0xE2 && i + 2 < lower.size() &&
               (static_cast<unsigned char>(lower[i + 1]) == 0x80 ||
                static_cast<unsigned char>(lower[i + 1]) == 0x81)) {
      i += 2;
    } else if (c == 0xC2 && i + 1 < lower.size()) {
      ++i;  // Latin-1 punctuation and NBSP (U+0080-U+00BF)
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

// Tokens of a class or id attribute ("post-author", "byline__name") in lower case, joined by
// spaces, for substring tests.
std::string ClassAndId(const Document& doc, uint32_t i) {
  std::string s = AsciiLower(doc.Attr(i, "class"));
  s.push_back(' ');
  s.append(AsciiLower(doc.Attr(i, "id")));
  return s;
}

bool ContainsAny(std::string_view haystack, std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles) {
    if (haystack.find(n) != std::string_view::npos) return true;
  }
  return false;
}

// Whether the space-separated attribute value (rel, itemprop) contains `token`.
bool HasToken(std::string_view value, std::string_view token) {
  std::string lower = AsciiLower(value);
  std::replace_if(
      lower.begin(), lower.end(), [](char c) { return c > 0 && c < ' '; }, ' ');
  std::string lower_token = AsciiLower(token);
  for (std::string_view w : SplitWords(lower)) {
    if (w == lower_token) return true;
  }
  return false;
}

namespace {

// Formatting elements that sit inside words or names: no separator is added around them.
bool IsInlineFormatting(Tag t) {
  switch (t) {
    case Tag::kA:
    case Tag::kB:
    case Tag::kStrong:
    case Tag::kEm:
    case Tag::kI:
    case Tag::kU:
    case Tag::kFont:
    case Tag::kMark:
    case Tag::kSup:
    case Tag::kSub:
    case Tag::kAbbr:
    case Tag::kSmall:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool IsSkippedSubtree(Tag t) { return IsInvisibleTag(t) || t == Tag::kNoscript; }

// The rendered text of the subtree of `node`, white space collapsed, a newline between
// blocks and a space between other elements (so "<span>Jane Doe</span><time>May 1</time>"
// does not run together). Stops after about max_bytes.
std::string VisibleText(const Document& doc, uint32_t node, size_t max_bytes) {
  std::string out;
  auto separate = [&out](char sep) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out.push_back(sep);
  };
  auto separate_element = [&](uint32_t e) {
    Tag t = doc.node(e).tag;
    if (IsBlockTag(t)) {
      separate('\n');
    } else if (!IsInlineFormatting(t)) {
      separate(' ');
    }
  };
  uint32_t j = node;
  while (j != kNoNode && out.size() <= max_bytes) {
    const Node& n = doc.node(j);
    bool descend = true;
    if (n.is_text) {
      AppendCollapsed(doc.Text(j), &out);
    } else if (j != node && IsSkippedSubtree(n.tag)) {
      descend = false;
    } else if (j != node) {
      separate_element(j);
    }
    uint32_t next = doc.Next(j, node, !descend);
    // Leaving elements separates them from what follows too ("<span>Author</span><a>Jane
    // Doe</a>"): every element from j up to the parent of `next` has ended.
    if (next == kNoNode || next != n.first_child || !descend) {
      uint32_t stop = next == kNoNode ? node : doc.node(next).parent;
      for (uint32_t e = j; e != kNoNode && e != stop && e != node; e = doc.node(e).parent) {
        if (!doc.node(e).is_text) separate_element(e);
      }
    }
    j = next;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  size_t start = 0;
  while (start < out.size() && (out[start] == ' ' || out[start] == '\n')) ++start;
  return out.substr(start);
}

}  // namespace byline::extract::metadata_internal
