// The entity stage: people, organisations and amounts of money in an article's text, with
// canonical names, values and sentence indices (Article::mentions).
#ifndef BYLINE_EXTRACT_ENTITIES_H_
#define BYLINE_EXTRACT_ENTITIES_H_

#include <string_view>
#include <vector>

#include "extract/extract.h"

namespace byline::extract {

// All mentions in `text` (valid UTF-8), sorted by start, non-overlapping. `aliases` (may be
// null) forces canonical names and adds the names it lists wherever they occur.
// The sentence offsets computed on the way are stored in *sentence_starts (may be null).
std::vector<Mention> FindEntities(std::string_view text, const Aliases* aliases,
                                  std::vector<size_t>* sentence_starts = nullptr);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_ENTITIES_H_
