// People and organisations in text: candidate spans from capitalisation, classified by
// gazetteers, name shapes and context cues, then resolved within the document (a later
// "Altman" is "Sam Altman"; "Nvidia Corp." and "Nvidia" are one organisation).
#ifndef BYLINE_EXTRACT_NAMES_H_
#define BYLINE_EXTRACT_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

namespace byline::extract {

struct NameMatch {
  enum class Type { kPerson, kOrg };
  Type type = Type::kOrg;
  size_t start = 0;  // byte offsets into the text, end exclusive
  size_t end = 0;
  std::string canonical;
};

// Every person and organisation mention in `text` (valid UTF-8), sorted by position,
// non-overlapping. Spans exclude titles, roles and possessive 's; canonical names drop
// legal-form suffixes and resolve short forms to the fullest form in the document.
// `sentence_starts` (may be null) are the text's sentence offsets from SentenceStarts(),
// when the caller has them already; otherwise they are computed here.
std::vector<NameMatch> FindNames(std::string_view text,
                                 const std::vector<size_t>* sentence_starts = nullptr);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_NAMES_H_
