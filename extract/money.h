// Amounts of money in text: "$6 million", "US$1.2bn", "€500 million", "¥2 billion ($13.4
// million)" (two amounts), "$5-10 million", "between $2 million and $3 million", "tens of
// millions of dollars", "more than $1 billion", "₹1,200 crore" ... with value, ISO 4217
// currency, range end and approximation. RE2 patterns plus a small closed list of currency
// words and symbols (ICU supplies names and symbols of the ISO currencies).
#ifndef BYLINE_EXTRACT_MONEY_H_
#define BYLINE_EXTRACT_MONEY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace byline::extract {

struct MoneyMatch {
  size_t start = 0;  // byte offsets into the text, end exclusive
  size_t end = 0;
  double value = 0;                 // low end for ranges; lower bound for vague amounts
  std::optional<double> value_max;  // high end of a range
  std::string currency;             // ISO 4217, e.g. "USD"
  bool approximate = false;         // hedged ("more than", "about", "tens of millions")
};

// Every amount of money in `text` (UTF-8), in order of position, non-overlapping. Never
// fails; bounded time on hostile input (linear in the text).
std::vector<MoneyMatch> FindMoney(std::string_view text);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_MONEY_H_
