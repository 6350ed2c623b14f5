// Feeds (RSS 2.0, RSS 1.0, Atom) and XML sitemaps (urlset, sitemap index, Google News):
// the URLs they list, with their dates, for the crawler's discovery.
//
// Bodies come from servers we do not control, so parsing never fails: broken XML gives what
// libxml2's recovery can read plus warnings. Entity declarations are ignored altogether (no
// external entity is ever read and no entity is expanded, so XXE and "billion laughs"
// documents yield nothing harmful), the network is never touched and gzip is inflated under
// a limit. Elements are matched by namespace URI and local name, never by prefix.
#ifndef BYLINE_CRAWLER_FEEDS_H_
#define BYLINE_CRAWLER_FEEDS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace byline::crawler {

struct DiscoveredUrl {
  // As written in the document (absolute or relative, entities decoded, trimmed); the
  // crawler resolves it against the document URL. Atom's xml:base is not applied.
  std::string url;
  // news:publication_date, <pubDate>, Atom <published> (else <updated>), dc:date.
  std::optional<int64_t> published_unix;
  // Sitemap <lastmod> (urlset and sitemap index).
  std::optional<int64_t> lastmod_unix;
  std::string title;  // the item's or news:title, when the document gives one
};

enum class XmlDocKind { kUnknown, kRss2, kRss1, kAtom, kUrlset, kSitemapIndex };

struct XmlDiscovery {
  XmlDocKind kind = XmlDocKind::kUnknown;
  // Article URLs (items, entries, urlset <url>s) in document order or, for a sitemap
  // index, the child sitemaps' URLs. Entries without a usable URL are skipped.
  std::vector<DiscoveredUrl> urls;
  // What was odd: not XML, not a feed or sitemap, XML errors (the first few, then a count),
  // gzip cut at the limit, entity declarations ignored.
  std::vector<std::string> warnings;
};

// Parses a feed or sitemap body. Gzipped bodies (magic 1f 8b) are inflated first, stopping
// at max_inflated_bytes with a warning (the inflated buffer never exceeds that many bytes).
// Empty and non-XML bodies give kUnknown plus a warning. Thread-safe.
XmlDiscovery ParseFeedOrSitemap(std::string_view body, size_t max_inflated_bytes = 50u << 20);

// A date as feeds and sitemaps write it, in unix seconds UTC, or nullopt when unreadable:
// RFC 822 / RFC 1123 ("Tue, 07 May 2024 09:30:00 GMT", named US zones, "+0200", 2-digit
// years) and ISO 8601 / W3C datetime ("2024-05-07", "2024-05-07T09:30Z",
// "2024-05-07T09:30:00.123+02:00"). Times without a zone are taken as UTC.
std::optional<int64_t> ParseFeedDate(std::string_view text);

// Name of a kind for logs and reports: "rss2", "rss1", "atom", "urlset", "sitemapindex",
// "unknown".
std::string_view XmlDocKindName(XmlDocKind kind);

}  // namespace byline::crawler

#endif  // BYLINE_CRAWLER_FEEDS_H_
