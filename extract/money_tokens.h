// Internal to FindMoney (money*.cc): the tokenizer. Cuts the text around an anchor into
// numbers (with their separators and decimals), words (looked up in the lexicon), currency
// symbols and punctuation. Separate from the parser, which only reads tokens.
#ifndef BYLINE_EXTRACT_MONEY_TOKENS_H_
#define BYLINE_EXTRACT_MONEY_TOKENS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "extract/money_lexicon.h"

namespace byline::extract::money_internal {

enum class Kind : uint8_t { kEnd, kNumber, kWord, kSymbol, kPunct, kOther };

struct Token {
  size_t start = 0;
  size_t end = 0;
  Kind kind = Kind::kEnd;
  bool space_before = false;  // white space separates it from the token before
  bool break_before = true;   // a blank line does: money never spans one
  // kNumber
  double number = 0;
  uint8_t decimals = 0;       // digits after the decimal point
  uint8_t digits = 0;         // digits before it
  bool grouped = false;       // had thousands separators ("1,200")
  bool leading_zero = false;  // "08", "007": dates and codes, never amounts
  // kWord: the lexicon entry of the lower-cased word, if any
  const WordInfo* info = nullptr;
  // kSymbol: the currency ("USD" for "$"); minor for "¢"
  std::string_view code;
  bool minor = false;
  // kPunct: the ASCII byte; every dash is '-', "≈" is '~'
  char punct = 0;
};

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiSpaceByte(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Length of the UTF-8 sequence at s[i] and its code point; 1 and 0 for an invalid byte.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp);

// Appends tokens of s[pos, end) to `out`, at most `max` of them; returns where it stopped.
size_t Tokenize(std::string_view text, size_t pos, size_t end, size_t max, const Lexicon& lex,
                std::vector<Token>* out);

}  // namespace byline::extract::money_internal

#endif  // BYLINE_EXTRACT_MONEY_TOKENS_H_
