// Word tokens for entity recognition: what each word looks like (capitalised, all caps,
// innerCaps, digits), how it attaches to its neighbours (hyphen, possessive 's, abbreviation
// period), all as byte offsets into the text.
#ifndef BYLINE_EXTRACT_TOKENS_H_
#define BYLINE_EXTRACT_TOKENS_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace byline::extract {

struct Token {
  uint32_t start = 0;  // byte offsets into the text, end exclusive (without a possessive 's)
  uint32_t end = 0;
  bool word = false;         // letters or digits; otherwise one punctuation character
  bool upper_first = false;  // starts with an upper-case letter
  bool all_caps = false;     // two or more letters, none lower case ("FTC", "NASA")
  bool inner_caps = false;   // an upper-case letter after a lower-case one ("DeepSeek", "eBay")
  bool has_digit = false;
  bool has_lower = false;
  bool possessive = false;    // followed by 's or ’s (not part of the token)
  bool hyphen_after = false;  // the next token follows a hyphen with no space ("High-Flyer")
  bool space_before = true;   // white space (or text start) before the token
  bool line_start = false;    // first token after a line break
  bool initial = false;       // a capital letter with its period before a name ("P.")
};

// Tokens of `text` (valid UTF-8). Abbreviations with periods ("U.S.", "Corp.", "Mr.") are one
// token including the period; "&" is its own token; hyphens and apostrophes between words
// are recorded as flags, not tokens.
std::vector<Token> Tokenize(std::string_view text);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_TOKENS_H_
