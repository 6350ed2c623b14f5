// robots.txt (RFC 9309): which paths of a host the crawler may fetch, how long to wait
// between requests, and where the host's sitemaps are.
//
// Parsing never fails. Whatever the body is (HTML served as robots.txt, binary, a 10 MB
// file), the result is a set of rules plus warnings describing what was ignored; a body
// with no usable lines allows everything. How the fetch went decides the rest:
//   2xx        -> RobotsRules::Parse(body, "byline")
//   4xx        -> RobotsRules::AllowAll()     (RFC 9309 §2.3.1.3)
//   5xx, none  -> RobotsRules::DisallowAll()  (RFC 9309 §2.3.1.4)
//
// Groups (§2.1, §2.2.1): a group is one or more user-agent lines followed by rules. The
// product token is matched ASCII-case-insensitively against the token at the start of each
// user-agent value ("byline/1.0" names "byline"). All groups naming the product are merged;
// when none does, all "*" groups are merged; when there is no "*" group either, everything
// is allowed. A group naming the product replaces "*" entirely, even when it has no rules.
// Sitemap lines belong to no group and are collected wherever they stand.
//
// Matching (§2.2.2, §2.2.3): a rule matches a path when its pattern matches a prefix of the
// path and query ("*" any run of bytes, "$" at the end of the pattern anchors). Of the
// matching rules the one with the longest pattern (in octets, after normalisation) wins, and
// Allow wins a tie. Both sides are normalised the same way first: escapes of printable ASCII
// are decoded ("%2F" matches "/", "%62" matches "b"), other escapes get upper-case hex,
// and non-ASCII bytes, spaces and controls are escaped (a UTF-8 pattern matches the escaped
// path). An escaped "%2A" or "%24" in a pattern is a literal '*' or '$', not a wildcard.
// Matching is greedy over the literal runs between '*'s, without backtracking: a pattern
// with many '*' costs O(pattern * path) at worst.
//
// Thread safety: a RobotsRules is immutable after construction and safe to share.
#ifndef BYLINE_CRAWLER_ROBOTS_H_
#define BYLINE_CRAWLER_ROBOTS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace byline::crawler {

// Parse looks at the first 500 KiB only (RFC 9309 §2.5 asks for at least that much); a line
// cut by the limit is dropped.
inline constexpr size_t kRobotsMaxBytes = 500 * 1024;

// At most this many warnings are kept; the last one counts the rest.
inline constexpr size_t kRobotsMaxWarnings = 20;

class RobotsRules {
 public:
  // Rules for `product`, the crawler's product token ("byline"; a full User-Agent such as
  // "byline/0.1 (+https://...)" is cut to its token).
  static RobotsRules Parse(std::string_view body, std::string_view product);
  static RobotsRules AllowAll();     // robots.txt answered 4xx
  static RobotsRules DisallowAll();  // robots.txt answered 5xx or could not be fetched

  // Whether `path_and_query` ("/a/b?c=d", as in UrlParts) may be fetched. "/robots.txt" is
  // always allowed; an empty path is "/".
  bool Allowed(std::string_view path_and_query) const;

  // Crawl-delay of the chosen group(s), in seconds (the largest when merged groups disagree).
  // Not capped here: the crawler applies its own ceiling.
  std::optional<double> crawl_delay_seconds() const { return crawl_delay_; }
  // Sitemap URLs in file order, duplicates removed, as written (not resolved or checked).
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }
  // What was ignored or odd, with line numbers ("line 3: no colon ..."); empty when clean.
  const std::vector<std::string>& warnings() const { return warnings_; }

  // A text form for the crawl-state cache: one record a line, first line "byline-robots 1".
  // Deserialize returns nullopt for anything Serialize did not write.
  std::string Serialize() const;
  static std::optional<RobotsRules> Deserialize(std::string_view data);

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;                // as written, for Serialize
    std::vector<std::string> literals;  // normalised runs between '*'s
    bool anchored = false;              // pattern ended in '$'
    size_t specificity = 0;             // normalised length in octets
  };

  void AddRule(bool allow, std::string_view pattern);
  static bool Matches(const Rule& rule, std::string_view normalized_path);

  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
  std::vector<std::string> warnings_;

  friend class RobotsBuilder;
};

}  // namespace byline::crawler

#endif  // BYLINE_CRAWLER_ROBOTS_H_
