// A hand-written tokenizer rather than ICU's word break iterator: entity spans need a few
// decisions ICU does not make (possessive 's outside, "Corp." with its period, "High-Flyer"
// as two tokens joined by a flag), and this runs at hundreds of MB/s.
#include "extract/tokens.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <string_view>

namespace byline::extract {
namespace {

struct CodePoint {
  UChar32 c;
  int32_t next;  // offset after it
};

CodePoint At(std::string_view s, int32_t i) {
  UChar32 c;
  int32_t j = i;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), j, static_cast<int32_t>(s.size()), c);
  if (c < 0) c = 0xFFFD;
  return {c, j};
}

bool IsWordChar(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(c) || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK;
}

bool IsApostrophe(UChar32 c) { return c == '\'' || c == 0x2019; }
bool IsHyphen(UChar32 c) { return c == '-' || c == 0x2010 || c == 0x2011; }

bool IsSpace(UChar32 c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || u_isspace(c); }

// Letters-and-periods abbreviations: "U.S.", "U.K.", "N.V.", "S.A.".
int32_t DottedAbbreviationEnd(std::string_view s, int32_t i) {
  int32_t j = i;
  int letters = 0;
  while (j + 1 < static_cast<int32_t>(s.size()) &&
         ((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= 'a' && s[j] <= 'z')) && s[j + 1] == '.') {
    j += 2;
    ++letters;
  }
  return letters >= 2 ? j : i;
}

// Words that keep their final period: legal forms and honorifics.
bool KeepsPeriod(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "Inc",  "Corp", "Co",  "Ltd", "Jr",  "Sr",  "Mr",  "Mrs",  "Ms",   "Dr",  "St",  "Bros",
      "Prof", "Sen",  "Rep", "Gov", "Gen", "Lt",  "Col", "Capt", "Mt",   "Ft",  "Plc", "Cos",
      "Jan",  "Feb",  "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",  "Sept", "Oct", "Nov", "Dec"};
  for (std::string_view k : kWords) {
    if (w == k) return true;
  }
  return false;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> out;
  out.reserve(text.size() / 5);
  const int32_t n = static_cast<int32_t>(text.size());
  bool space_before = true, line_start = true;
  int32_t i = 0;
  while (i < n) {
    CodePoint cp = At(text, i);
    if (IsSpace(cp.c)) {
      space_before = true;
      if (cp.c == '\n') line_start = true;
      i = cp.next;
      continue;
    }
    Token t;
    t.start = static_cast<uint32_t>(i);
    t.space_before = space_before;
    t.line_start = line_start;
    space_before = line_start = false;
    if (!IsWordChar(cp.c)) {
      if (IsHyphen(cp.c) && !out.empty() && out.back().end == static_cast<uint32_t>(i) &&
          out.back().word && cp.next < n && IsWordChar(At(text, cp.next).c)) {
        out.back().hyphen_after = true;  // "High-Flyer": the hyphen is a flag, not a token
        i = cp.next;
        continue;
      }
      t.end = static_cast<uint32_t>(cp.next);
      out.push_back(t);
      i = cp.next;
      continue;
    }
    t.word = true;
    if (int32_t e = DottedAbbreviationEnd(text, i); e > i) {
      t.end = static_cast<uint32_t>(e);
      t.upper_first = text[i] >= 'A' && text[i] <= 'Z';
      t.all_caps = t.upper_first;
      out.push_back(t);
      i = e;
      continue;
    }
    bool prev_lower = false;
    int letters = 0, uppers = 0;
    int32_t j = i;
    for (;;) {
      CodePoint w = At(text, j);
      if (j < n && IsWordChar(w.c)) {
        if (u_isupper(w.c)) {
          ++uppers;
          ++letters;
          if (j == i) t.upper_first = true;
          if (prev_lower) t.inner_caps = true;
          prev_lower = false;
        } else if (u_islower(w.c)) {
          ++letters;
          t.has_lower = true;
          prev_lower = true;
        } else if (u_isdigit(w.c)) {
          t.has_digit = true;
        } else {
          ++letters;  // letters without case (CJK) count as letters
        }
        j = w.next;
        continue;
      }
      // An apostrophe inside a word ("O'Brien", "don't") continues it; 's ends it.
      if (j < n && IsApostrophe(w.c) && w.next < n && IsWordChar(At(text, w.next).c)) {
        CodePoint s = At(text, w.next);
        bool possessive =
            (s.c == 's' || s.c == 'S') && (s.next >= n || !IsWordChar(At(text, s.next).c));
        if (possessive) {
          t.possessive = true;
          t.end = static_cast<uint32_t>(j);
          j = s.next;
          break;
        }
        j = w.next;
        continue;
      }
      t.end = static_cast<uint32_t>(j);
      break;
    }
    t.all_caps = letters >= 2 && uppers == letters;
    // An initial ("P. Simmons") keeps its period too: one capital letter, a period, a space
    // and a capitalised word.
    bool initial = t.end == t.start + 1 && t.upper_first && t.end + 2 < static_cast<uint32_t>(n) &&
                   text[t.end] == '.' && text[t.end + 1] == ' ' && text[t.end + 2] >= 'A' &&
                   text[t.end + 2] <= 'Z';
    if (initial) t.initial = true;
    if (!t.possessive && t.end < static_cast<uint32_t>(n) && text[t.end] == '.' &&
        (initial || KeepsPeriod(text.substr(t.start, t.end - t.start)))) {
      ++t.end;
      j = static_cast<int32_t>(t.end);
    }
    out.push_back(t);
    i = j;
  }
  return out;
}

}  // namespace byline::extract
