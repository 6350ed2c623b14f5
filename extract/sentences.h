// Sentence boundaries with ICU's sentence break rules (English, with the standard
// abbreviation suppressions, so "Mr. Altman" and "U.S. officials" do not split).
#ifndef BYLINE_EXTRACT_SENTENCES_H_
#define BYLINE_EXTRACT_SENTENCES_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace byline::extract {

// Byte offsets where sentences start in `utf8` (valid UTF-8); the first is always 0 for
// non-empty text. Line breaks also end a sentence: headlines and list items have no stop.
std::vector<size_t> SentenceStarts(std::string_view utf8);

// Index of the sentence holding byte `offset`, given SentenceStarts' result.
int SentenceIndex(const std::vector<size_t>& starts, size_t offset);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_SENTENCES_H_
