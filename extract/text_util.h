// Small text helpers shared inside extract/: whitespace, case, UTF-8 stepping.
#ifndef BYLINE_EXTRACT_TEXT_UTIL_H_
#define BYLINE_EXTRACT_TEXT_UTIL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace byline::extract {

// Length in bytes of a Unicode white space (ASCII space, tab, CR, LF, FF, VT, U+00A0,
// U+1680, U+2000-U+200B, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF) starting at s[i],
// or 0 when s[i] does not start one.
size_t SpaceLength(std::string_view s, size_t i);

// Length in bytes of a character that renders as nothing and is dropped from text (U+00AD
// SOFT HYPHEN, U+2060 WORD JOINER) starting at s[i], or 0.
size_t InvisibleLength(std::string_view s, size_t i);

// Appends `in` to `out` with every run of white space turned into one ASCII space. A leading
// space is dropped when `out` is empty or already ends in a space or newline.
void AppendCollapsed(std::string_view in, std::string* out);

// (Zero-width spaces are dropped rather than turned into spaces; see InvisibleLength for the
// characters that are dropped too.)
// `in` with runs of white space collapsed to one space and trimmed at both ends.
std::string CollapseSpace(std::string_view in);

// ASCII lower-casing (enough for tag, class and attribute matching).
std::string AsciiLower(std::string_view in);

bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
// Case-insensitive ASCII search.
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);

// Number of letters-or-digits words (runs of bytes that are not white space or ASCII
// punctuation).
size_t CountWords(std::string_view s);

// Trims ASCII and Unicode white space from both ends.
std::string_view Trim(std::string_view s);

// Appends the code point as UTF-8; 0, surrogates and values past U+10FFFF become U+FFFD.
void AppendUtf8(uint32_t cp, std::string* out);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_TEXT_UTIL_H_
