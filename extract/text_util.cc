#include "extract/text_util.h"

#include <algorithm>

namespace byline::extract {

size_t SpaceLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return (c == ' ' || (c >= '\t' && c <= '\r')) ? 1 : 0;
  auto at = [&](size_t k) -> unsigned char {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  if (c == 0xC2 && at(1) == 0xA0) return 2;                   // U+00A0
  if (c == 0xE1 && at(1) == 0x9A && at(2) == 0x80) return 3;  // U+1680
  if (c == 0xE2 && at(1) == 0x80) {
    unsigned char d = at(2);
    if (d <= 0x8B || d == 0xA8 || d == 0xA9 || d == 0xAF) return 3;  // U+2000-200B, 2028/9, 202F
  }
  if (c == 0xE2 && at(1) == 0x81 && at(2) == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && at(1) == 0x80 && at(2) == 0x80) return 3;  // U+3000
  if (c == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return 3;  // U+FEFF
  return 0;
}

size_t InvisibleLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xAD) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x81 &&
      static_cast<unsigned char>(s[i + 2]) == 0xA0) {
    return 3;  // U+2060 WORD JOINER
  }
  return 0;
}

void AppendCollapsed(std::string_view in, std::string* out) {
  bool space = out->empty() || out->back() == ' ' || out->back() == '\n';
  size_t i = 0;
  while (i < in.size()) {
    size_t n = SpaceLength(in, i);
    if (n) {
      // U+200B ZERO WIDTH SPACE and U+FEFF separate nothing visible: drop them.
      bool zero_width = n == 3 && ((in[i + 1] == '\x80' && in[i + 2] == '\x8B') || in[i] == '\xEF');
      if (!zero_width && !space) out->push_back(' ');
      space = space || !zero_width;
      i += n;
      continue;
    }
    if (n = InvisibleLength(in, i); n) {  // soft hyphens and word joiners vanish
      i += n;
      continue;
    }
    // Copy a run of non-space ASCII at once.
    size_t j = i + 1;
    while (j < in.size() && static_cast<unsigned char>(in[j]) > ' ' &&
           static_cast<unsigned char>(in[j]) < 0x80) {
      ++j;
    }
    out->append(in.data() + i, j - i);
    space = false;
    i = j;
  }
}

std::string CollapseSpace(std::string_view in) {
  std::string out;
  AppendCollapsed(in, &out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string AsciiLower(std::string_view in) {
  std::string out(in);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  auto it = std::search(
      haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
        return lower(a) == lower(b);
      });
  return it != haystack.end();
}

size_t CountWords(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool sep;
    size_t n = SpaceLength(s, i);
    if (n) {
      sep = true;
      i += n;
    } else {
      sep = c < 0x80 && !((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
      ++i;
    }
    if (!sep && !in_word) ++words;
    in_word = !sep;
  }
  return words;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t n = SpaceLength(s, b);
    if (!n) break;
    b += n;
  }
  size_t e = s.size();
  while (e > b) {
    // Step back over one UTF-8 character and test it.
    size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    if (SpaceLength(s, k) != e - k) break;
    e = k;
  }
  return s.substr(b, e - b);
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace byline::extract
