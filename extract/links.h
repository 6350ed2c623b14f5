// The links of a parsed page, for the crawler: anchors, <base>, rel=canonical, feed
// autodiscovery and robots meta directives (PageLinks in extract.h).
//
// A walk over the Document that ExtractHtml already built, so extraction gets the links
// without parsing twice; FindLinks (extract.h) runs it alone when no extraction is wanted.
#ifndef BYLINE_EXTRACT_LINKS_H_
#define BYLINE_EXTRACT_LINKS_H_

#include "extract/dom.h"
#include "extract/extract.h"

namespace byline::extract {

// Collects the page's links in document order. Hrefs are trimmed of ASCII white space and
// cleared of tabs and newlines inside them (as URL parsers do), otherwise kept as written.
// Links inside <template> are not part of the page and are skipped.
PageLinks CollectLinks(const Document& doc);

// The same links from one pass over UTF-8 markup, without a tree (FindLinks uses it): tags,
// attributes, comments, raw-text elements and <template> are read as parsers read them;
// only the common named character references are decoded in attribute values.
PageLinks ScanLinks(std::string_view utf8_html);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_LINKS_H_
