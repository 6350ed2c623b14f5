// Main-text extraction: which parts of the page are the article.
#ifndef BYLINE_EXTRACT_CONTENT_H_
#define BYLINE_EXTRACT_CONTENT_H_

#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.h"

namespace byline::extract {

struct ContentHints {
  std::string_view title;         // the headline, to drop a repeated title from the text
  std::string_view article_body;  // JSON-LD articleBody, "" when none
  const std::vector<uint32_t>* skip_nodes = nullptr;  // bylines and datelines to leave out
};

// The article text: paragraphs, headings, list items, quotes, separated by blank lines,
// whitespace normalised. "" when the page has no text.
std::string ExtractMainText(const Document& doc, const ContentHints& hints);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_CONTENT_H_
