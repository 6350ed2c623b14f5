// Text for a terminal table: widths in characters, cells cut to a width, and a sentence cut
// around the name it is shown for (keyword in context).
#ifndef BYLINE_PIPELINES_TABLE_TEXT_H_
#define BYLINE_PIPELINES_TABLE_TEXT_H_

#include <cstddef>
#include <string>

namespace byline::pipelines {

// Characters, not bytes: UTF-8 continuation bytes take no column. (Wide CJK characters are
// counted as one column; the table is for people at a terminal, not a layout engine.)
size_t DisplayWidth(const std::string& s);

// The first / last `columns` characters of `s`, never splitting a UTF-8 sequence.
std::string CutToWidth(const std::string& s, size_t columns);
std::string LastColumns(const std::string& s, size_t columns);

// `sentence` in at most `columns` characters (columns >= 10) with its first `keyword`
// kept in view: as much context on each side as fits, "..." where a side was cut. A
// sentence that fits is returned whole; one without the keyword is cut at its end.
std::string KeywordInContext(const std::string& sentence, const std::string& keyword,
                             size_t columns);

}  // namespace byline::pipelines

#endif  // BYLINE_PIPELINES_TABLE_TEXT_H_
