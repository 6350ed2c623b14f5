// extract's Article -> store's ArticleRecord: ids, entity keys, snippets, money links.
#ifndef BYLINE_PIPELINES_ARTICLE_RECORD_H_
#define BYLINE_PIPELINES_ARTICLE_RECORD_H_

#include <string>

#include "extract/extract.h"
#include "store/store.h"

namespace byline::pipelines {

// A stable id for an article: 16 hex digits of XXH3-64 of its canonical URL, or of its
// source path when it has no URL.
std::string ArticleId(const extract::Article& article, const std::string& source);

// The record the store keeps. `fetched` (ISO-8601) stands in for a missing publication date.
store::ArticleRecord ToRecord(const extract::Article& article, const std::string& source,
                              const std::string& fetched);

}  // namespace byline::pipelines

#endif  // BYLINE_PIPELINES_ARTICLE_RECORD_H_
