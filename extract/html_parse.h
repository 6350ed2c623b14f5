// Parsing UTF-8 HTML into byline's Document (the only place that includes <gumbo.h>).
#ifndef BYLINE_EXTRACT_HTML_PARSE_H_
#define BYLINE_EXTRACT_HTML_PARSE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.h"

namespace byline::extract {

struct ParseLimits {
  size_t max_depth = 256;        // deeper elements are flattened into their ancestor
  size_t max_nodes = 4'000'000;  // nodes past this are dropped
};

// Parses `utf8` (must be valid UTF-8: Gumbo 0.10.1 reads nothing else) with the HTML5
// algorithm. Never fails: malformed markup gives whatever tree HTML5 error recovery builds.
// Limits that were hit are reported in `warnings` (may be null).
Document ParseHtml(std::string_view utf8, const ParseLimits& limits,
                   std::vector<std::string>* warnings);

// Removes start tags nested deeper than `cap` (and their end tags) so that the parser never
// sees pathological nesting. Returns false, leaving *out alone, when the input is within the
// cap; otherwise fills *out and returns true. Exposed for tests.
bool CapNesting(std::string_view html, size_t cap, std::string* out);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_HTML_PARSE_H_
