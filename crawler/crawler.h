// crawler: polite, incremental fetching of news sites (issue 5).
#ifndef BYLINE_CRAWLER_CRAWLER_H_
#define BYLINE_CRAWLER_CRAWLER_H_

#include <string>

#include "common/status.h"

namespace byline::crawler {

// The User-Agent sent by default: a product token robots.txt groups can name ("byline"),
// a version and a contact URL.
std::string DefaultUserAgent();

}  // namespace byline::crawler

#endif  // BYLINE_CRAWLER_CRAWLER_H_
