// The money tokenizer. See money_tokens.h.
#include "extract/money_tokens.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "extract/money_lexicon.h"
#include "extract/text_util.h"

namespace byline::extract::money_internal {

// Length of the UTF-8 sequence at s[i] and its code point; 1 and 0 for an invalid byte.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  UChar32 c = 0;
  int32_t j = static_cast<int32_t>(i);
  int32_t n = static_cast<int32_t>(std::min<size_t>(s.size(), i + 4));
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), j, n, c);
  *cp = c < 0 ? 0 : static_cast<uint32_t>(c);
  return c < 0 ? 1 : static_cast<size_t>(j) - i;
}

namespace {

constexpr size_t kMaxNumberDigits = 15;  // beyond this a double is not exact: not money
constexpr size_t kMaxWordLength = 24;    // longer words are in no list

// Digits with thousands separators ("1,200", Indian "1,20,000") and a decimal part. A number
// followed by another ".digit" is a version ("5.6.0") and no amount.
size_t LexNumber(std::string_view s, size_t i, Token* t) {
  size_t j = i;
  auto digits_at = [&](size_t k, size_t n) {
    for (size_t d = 0; d < n; ++d) {
      if (k + d >= s.size() || !IsDigit(s[k + d])) return false;
    }
    return k + n >= s.size() || !IsDigit(s[k + n]);
  };
  while (j < s.size() && IsDigit(s[j])) ++j;
  size_t int_end = j;
  while (j < s.size() && s[j] == ',') {
    if (digits_at(j + 1, 3)) {
      j += 4;
    } else if (digits_at(j + 1, 2) && j + 3 < s.size() && s[j + 3] == ',' &&
               (digits_at(j + 4, 3) || digits_at(j + 4, 2))) {
      j += 3;  // Indian grouping: a two-digit group is always followed by more groups
    } else {
      break;
    }
    t->grouped = true;
    int_end = j;
  }
  size_t frac_start = j, frac_end = j;
  if (j + 1 < s.size() && s[j] == '.' && IsDigit(s[j + 1])) {
    frac_start = j + 1;
    frac_end = frac_start;
    while (frac_end < s.size() && IsDigit(s[frac_end])) ++frac_end;
    j = frac_end;
  }
  bool version = j + 1 < s.size() && (s[j] == '.' || s[j] == ',') && IsDigit(s[j + 1]) &&
                 frac_end > frac_start;
  size_t int_digits = 0;
  double value = 0;
  for (size_t k = i; k < int_end; ++k) {
    if (s[k] == ',') continue;
    value = value * 10 + (s[k] - '0');
    ++int_digits;
  }
  size_t frac_digits = frac_end - frac_start;
  if (version || int_digits + frac_digits > kMaxNumberDigits) {
    // Swallow the rest of the digit run so it cannot restart as a number.
    while (j < s.size() && (IsDigit(s[j]) || s[j] == '.' || s[j] == ',')) ++j;
    t->kind = Kind::kOther;
    return j;
  }
  double frac = 0, div = 1;
  for (size_t k = frac_start; k < frac_end; ++k) {
    frac = frac * 10 + (s[k] - '0');
    div *= 10;
  }
  t->kind = Kind::kNumber;
  t->leading_zero = int_digits > 1 && s[i] == '0';
  t->number = value + frac / div;
  t->decimals = static_cast<uint8_t>(frac_digits);
  t->digits = static_cast<uint8_t>(int_digits);
  return j;
}

size_t LexWord(std::string_view s, size_t i, const Lexicon& lex, Token* t) {
  size_t j = i;
  while (j < s.size() && IsAlpha(s[j])) ++j;
  t->kind = Kind::kWord;
  if (j - i <= kMaxWordLength) {
    char lower[kMaxWordLength];
    for (size_t k = i; k < j; ++k) {
      char c = s[k];
      lower[k - i] = IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
    }
    t->info = lex.Word(std::string_view(lower, j - i));
  }
  return j;
}

size_t LexNonAscii(std::string_view s, size_t i, const Lexicon& lex, Token* t) {
  uint32_t cp = 0;
  size_t n = DecodeUtf8(s, i, &cp);
  t->kind = Kind::kOther;
  if (std::string_view code = lex.Symbol(cp); !code.empty()) {
    t->kind = Kind::kSymbol;
    t->code = code;
    t->minor = cp == 0xA2;  // ¢
  } else if (cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 || cp == 0x2014 ||
             cp == 0x2212) {
    t->kind = Kind::kPunct;
    t->punct = '-';
  } else if (cp == 0x2248) {
    t->kind = Kind::kPunct;
    t->punct = '~';
  }
  return i + n;
}

// Whether white space (ASCII or Unicode) or the start of the text precedes text[pos].
bool SpaceBefore(std::string_view text, size_t pos) {
  if (pos == 0 || IsAsciiSpaceByte(text[pos - 1])) return true;
  return (pos >= 2 && SpaceLength(text, pos - 2) == 2) ||
         (pos >= 3 && SpaceLength(text, pos - 3) == 3);
}

}  // namespace

// Appends tokens of s[pos, end) to `out`, at most `max` of them; returns where it stopped.
size_t Tokenize(std::string_view text, size_t pos, size_t end, size_t max, const Lexicon& lex,
                std::vector<Token>* out) {
  // Lexing stops at the window's end even inside a token, so no byte is lexed twice.
  std::string_view s = text.substr(0, end);
  bool space = SpaceBefore(text, pos);
  int newlines = 0;
  while (pos < end && out->size() < max) {
    if (size_t n = SpaceLength(s, pos); n > 0) {
      if (s[pos] == '\n') ++newlines;
      space = true;
      pos += n;
      continue;
    }
    if (size_t n = InvisibleLength(s, pos); n > 0) {
      pos += n;
      continue;
    }
    Token t;
    t.start = pos;
    t.space_before = space;
    t.break_before = newlines >= 2;
    char c = s[pos];
    bool cents_after_sign = c == '.' && pos + 1 < s.size() && IsDigit(s[pos + 1]) && !space &&
                            !out->empty() && out->back().kind == Kind::kSymbol;  // "$.99"
    if (IsDigit(c) || cents_after_sign) {
      pos = LexNumber(s, pos, &t);
    } else if (IsAlpha(c)) {
      pos = LexWord(s, pos, lex, &t);
    } else if (c == '$') {
      t.kind = Kind::kSymbol;
      t.code = lex.Symbol('$');
      ++pos;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      t.kind = Kind::kPunct;
      t.punct = c;
      ++pos;
    } else {
      pos = LexNonAscii(s, pos, lex, &t);
    }
    t.end = pos;
    out->push_back(t);
    space = false;
    newlines = 0;
  }
  return pos;
}

}  // namespace byline::extract::money_internal
