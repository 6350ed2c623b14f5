// Scope: which discovered URLs the crawl follows.
//
// A link is followed when its host is allowed, the include/exclude patterns agree, it is not
// deeper than max_depth, and it does not look like a crawler trap: a URL that only exists
// because a site generates links without end (calendars, pagination, session paths that
// repeat themselves, faceted searches with every filter in the query).
//
// Checks run in this order and the first failure is the verdict: host, URL length, depth,
// exclude patterns, include patterns, then the other trap guards. Thread safety: a Scope is
// immutable after Create and safe to share between threads.
#ifndef BYLINE_CRAWLER_SCOPE_H_
#define BYLINE_CRAWLER_SCOPE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crawler/url.h"

namespace re2 {
class RE2;
}

namespace byline::crawler {

struct ScopeOptions {
  // Hosts the crawl may visit: "example.com" (that host only) or "*.example.com"
  // (example.com and every host below it), compared case-insensitively and without the
  // port; "*" allows every host. Empty: every host (the crawler fills in the seeds' hosts).
  std::vector<std::string> allowed_hosts;
  // RE2 patterns matched anywhere in the canonical URL (partial match). A URL matching any
  // exclude pattern is out; when include patterns are given, a URL must match one of them.
  std::vector<std::string> include_patterns, exclude_patterns;
  // Links followed from a seed (seeds are depth 0). Negative: no limit.
  int max_depth = 5;
  // Trap guards; 0 turns a guard off.
  size_t max_url_length = 2048;   // bytes of the canonical URL
  int max_repeated_segments = 2;  // times one path segment may occur (/a/b/a/b/a/b has 3 "a")
  int max_query_params = 10;      // '&'-separated parameters in the query
  int max_pagination = 50;        // ?page=N (also pg, paged, pagenum, page_num, pageno),
                                  // /page/N/, /page-N: N above this is a trap
  // Calendar guard (always on): a date in the path (/2031-05, /2031-05-01, /2031/05/) or in
  // a date query parameter (date, day, month, cal, calendar: 2031-05-01 or 20310501; year,
  // yr: 2031) with a year before 1970 or after current_year + 1 is a trap. In the /YYYY/MM/
  // form the month must have two digits and years below 1900 are ignored, so forum and
  // article ids ("/t/1234/5") are not taken for dates. 0: the system clock's year.
  int current_year = 0;
};

enum class ScopeVerdict {
  kInScope,
  kHostNotAllowed,
  kExcluded,     // matched an exclude pattern
  kNotIncluded,  // include patterns given, none matched
  kTooDeep,
  kTrap,  // URL length, repeated segments, calendar, pagination, query parameters
};

// The verdict as the URL log gives it as a reason: "in scope", "host not allowed",
// "excluded by pattern", "not matched by an include pattern", "deeper than max depth",
// "crawler trap".
const char* ScopeVerdictName(ScopeVerdict v);

class Scope {
 public:
  // kInvalidInput for a pattern RE2 refuses (the message quotes the pattern and RE2's
  // error) and for an empty or malformed allowed host.
  static Result<Scope> Create(ScopeOptions options);

  // `url` is SplitUrl(canonical_url); `depth` counts links from the seed.
  ScopeVerdict Check(const UrlParts& url, std::string_view canonical_url, int depth) const;

  // Check's verdict explained for the URL log: "in scope", "host a.org not allowed",
  // "matches exclude pattern \"/tag/\"", "page 9999 over 50", ...
  std::string Reason(const UrlParts& url, std::string_view canonical_url, int depth) const;

  const ScopeOptions& options() const { return options_; }

 private:
  explicit Scope(ScopeOptions options) : options_(std::move(options)) {}
  ScopeVerdict Evaluate(const UrlParts& url, std::string_view canonical_url, int depth,
                        std::string* reason) const;
  bool HostAllowed(std::string_view host) const;

  ScopeOptions options_;
  std::vector<std::shared_ptr<const re2::RE2>> include_, exclude_;
  int max_year_ = 0;
};

}  // namespace byline::crawler

#endif  // BYLINE_CRAWLER_SCOPE_H_
