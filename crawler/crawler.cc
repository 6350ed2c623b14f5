#include "crawler/crawler.h"

namespace byline::crawler {

std::string DefaultUserAgent() {
  return "byline/0.1 (+https://github.com/byline-crawler/byline; crawler for tech-press "
         "research)";
}

}  // namespace byline::crawler
