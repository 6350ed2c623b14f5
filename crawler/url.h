// URL canonicalisation: one spelling per page, so the frontier fetches each article once.
//
// Parsing and reference resolution are libcurl's URL API (curl_url, 7.88); the normalisation
// on top of it is ours, because 7.88 leaves host case, percent-encoding case and encoded dot
// segments alone, and resolves "#frag" and "" against a base wrongly.
//
// The canonical form of an http(s) URL:
//   - scheme and host in ASCII lower case; one trailing dot of the host dropped; an IDN host
//     is kept as curl gives it (UTF-8, not punycode); IPv6 literals in brackets;
//   - the port only when it is not the scheme's default;
//   - the path with dot segments removed (also "%2e" ones), "/" when empty;
//   - percent-encoding: escapes of unreserved characters (A-Z a-z 0-9 - . _ ~) decoded,
//     other escapes with upper-case hex, and space, '"', '<', '>', '`', '{', '}' and non-ASCII
//     bytes encoded; reserved escapes such as %2F stay escaped;
//   - the query with tracking parameters removed (IsTrackingParameter) and the order of the
//     rest kept; empty "&&" pieces dropped; no "?" when nothing is left;
//   - no fragment, no user information (a URL with any is refused);
//   - surrounding white space and control characters trimmed, and tab, CR and LF inside
//     removed (as browsers do); other control characters refuse the URL.
#ifndef BYLINE_CRAWLER_URL_H_
#define BYLINE_CRAWLER_URL_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace byline::crawler {

// URLs (input, or canonical output) longer than this are refused outright. Scope applies its
// own, lower and configurable, limit (ScopeOptions::max_url_length).
inline constexpr size_t kMaxUrlBytes = 8192;

// Resolves `url` against `base` (may be empty; when given it must itself be an absolute
// http(s) URL) and returns the canonical form above. Errors (kInvalidInput): schemes other
// than http and https (javascript:, mailto:, data:, ftp:...), unparsable URLs, no host, port
// 0, user information, IPv6 zone ids, longer than kMaxUrlBytes.
Result<std::string> CanonicalizeUrl(std::string_view url, std::string_view base = {});

// The pieces of a URL the crawler needs to connect and to ask robots.txt.
struct UrlParts {
  std::string scheme;          // "http" or "https"
  std::string host;            // lower case, IDN as given by curl, IPv6 as "[::1]"
  std::string path_and_query;  // "/a/b?c=d", never empty
  int port = 0;                // explicit or the scheme's default (80, 443)
};

// Splits a URL (meant for canonical ones; others are parsed the same way, not canonicalised).
// Errors as CanonicalizeUrl's.
Result<UrlParts> SplitUrl(std::string_view canonical_url);

// "host:port", the key for per-host politeness and robots.txt caching: "example.com:443",
// "[::1]:8080".
std::string HostKey(const UrlParts& parts);

// True for query parameter names that only track where a visitor came from, compared
// ASCII-case-insensitively: every name starting "utm_", and _ga, _gl, _hsenc, _hsmi, dclid,
// fbclid, gbraid, gclid, gclsrc, igshid, mc_cid, mc_eid, mkt_tok, msclkid, oly_anon_id,
// oly_enc_id, ref_src, twclid, ttclid, vero_id, wbraid, yclid. Names that sometimes carry
// content ("ref", "source", "id") are not on the list.
bool IsTrackingParameter(std::string_view name);

// ASCII lower-casing (hosts, schemes, header and robots.txt tokens).
std::string AsciiLower(std::string_view s);

}  // namespace byline::crawler

#endif  // BYLINE_CRAWLER_URL_H_
