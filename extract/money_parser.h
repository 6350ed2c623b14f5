// Internal to FindMoney (money*.cc): the parser. A small recursive-descent parser over tokens
// that reads one amount (number, scale, currency, cents, range, hedge) starting at a given
// token; every rule looks a bounded number of tokens ahead. Separate from the anchors and
// windows (money.cc), which decide where to try it.
#ifndef BYLINE_EXTRACT_MONEY_PARSER_H_
#define BYLINE_EXTRACT_MONEY_PARSER_H_

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "extract/money_tokens.h"

namespace byline::extract::money_internal {

// What the whole text says about ambiguous symbols.
struct Cues {
  bool yuan = false, yen = false;
  bool sweden = false, norway = false, denmark = false, iceland = false;
};

// An amount as the parser reads it: tokens [first, last), the parts of its value and its
// currency (empty for a bare number, which only a range can use).
struct Amount {
  size_t first = 0, last = 0;  // tokens [first, last)
  double raw = 0, scale = 1, unit = 1;
  bool has_scale = false;
  double cents = 0;       // "$20 and 43 cents"
  std::string_view code;  // empty for a bare number (a range end only)
  bool prefix = false;    // the currency came before the number
  bool approximate = false;
  bool year_like = false;
  std::optional<double> value_max;
  double Value() const { return (raw * scale * 100 + cents) / 100 * unit; }
};

// The amount of money starting at toks[i], if any. `text` is the text the tokens point into;
// `cues` settle the ambiguous symbols.
std::optional<Amount> ParseAmountAt(std::string_view text, const std::vector<Token>& toks,
                                    const Cues& cues, size_t i);

}  // namespace byline::extract::money_internal

#endif  // BYLINE_EXTRACT_MONEY_PARSER_H_
