#include "crawler/url.h"

#include <gtest/gtest.h>

#include <string>

namespace byline::crawler {
namespace {

struct CanonCase {
  const char* url;
  const char* base;
  const char* want;  // nullptr: must be refused
};

// The canonical form documented in crawler/url.h; references resolved per RFC 3986 §5.
constexpr CanonCase kCanonCases[] = {
    // Case, default ports, empty path.
    {"HTTP://Example.COM/", "", "http://example.com/"},
    {"https://EXAMPLE.com:443", "", "https://example.com/"},
    {"http://example.com:80/a", "", "http://example.com/a"},
    {"http://example.com:8080", "", "http://example.com:8080/"},
    {"https://example.com:80/", "", "https://example.com:80/"},
    {"http://example.com./a", "", "http://example.com/a"},
    {"http://example.com/A/B", "", "http://example.com/A/B"},  // path case is significant
    // Dot segments, also percent-encoded ones.
    {"http://a.com/a/./b/../c", "", "http://a.com/a/c"},
    {"http://a.com/a/%2e%2E/b", "", "http://a.com/b"},
    {"http://a.com/a/b/..", "", "http://a.com/a/"},
    {"http://a.com/a//b", "", "http://a.com/a//b"},
    // Fragments.
    {"http://a.com/p#frag", "", "http://a.com/p"},
    {"#top", "http://a.com/b/c?x=1", "http://a.com/b/c?x=1"},
    {"", "http://a.com/b/c", "http://a.com/b/c"},
    // Relative references (RFC 3986 §5.4.1 with base http://a/b/c/d;p?q).
    {"g", "http://a/b/c/d;p?q", "http://a/b/c/g"},
    {"./g", "http://a/b/c/d;p?q", "http://a/b/c/g"},
    {"g/", "http://a/b/c/d;p?q", "http://a/b/c/g/"},
    {"/g", "http://a/b/c/d;p?q", "http://a/g"},
    {"//g", "http://a/b/c/d;p?q", "http://g/"},
    {"?y", "http://a/b/c/d;p?q", "http://a/b/c/d;p?y"},
    {"g?y", "http://a/b/c/d;p?q", "http://a/b/c/g?y"},
    {"g#s", "http://a/b/c/d;p?q", "http://a/b/c/g"},
    {";x", "http://a/b/c/d;p?q", "http://a/b/c/;x"},
    {"..", "http://a/b/c/d;p?q", "http://a/b/"},
    {"../g", "http://a/b/c/d;p?q", "http://a/b/g"},
    {"../../g", "http://a/b/c/d;p?q", "http://a/g"},
    {"../../../../x", "http://a/b/c/d;p?q", "http://a/x"},              // beyond the root
    {"//other.org/path", "https://a.com/x", "https://other.org/path"},  // protocol-relative
    {"HTTPS://B.COM", "http://a.com/", "https://b.com/"},
    // Tracking parameters; the rest keeps its order.
    {"http://a.com/?a=1&utm_source=x#frag", "", "http://a.com/?a=1"},
    {"http://a.com/?utm_source=x&utm_medium=y", "", "http://a.com/"},
    {"http://a.com/p?z=1&fbclid=abc&a=2&gclid=q&UTM_Campaign=c", "", "http://a.com/p?z=1&a=2"},
    {"http://a.com/p?b=2&&a=1&", "", "http://a.com/p?b=2&a=1"},
    {"http://a.com/p?ref=home&id=7", "", "http://a.com/p?ref=home&id=7"},
    {"http://a.com/?", "", "http://a.com/"},
    // Percent-encoding.
    {"http://a.com/%7euser/%41%2f%2F?%7e=%2a", "", "http://a.com/~user/A%2F%2F?~=%2A"},
    {"http://a.com/a b?c d", "", "http://a.com/a%20b?c%20d"},
    {"http://a.com/caf\xC3\xA9", "", "http://a.com/caf%C3%A9"},
    {"http://a.com/caf%c3%a9", "", "http://a.com/caf%C3%A9"},
    {"http://a.com/100%", "", "http://a.com/100%"},
    {"http://ex%41mple.com/", "", "http://example.com/"},
    // White space and controls.
    {"  \thttp://a.com/x \n", "", "http://a.com/x"},
    {"http://a.com/a\nb\tc", "", "http://a.com/abc"},
    {"http://a.com/a\x01"
     "b",
     "", nullptr},
    {"http://a.com/a\x7f", "", nullptr},
    // Hosts: IPv6, IPv4 spellings, IDN.
    {"http://[2001:DB8::1]:8080/x", "", "http://[2001:db8::1]:8080/x"},
    {"http://[::1]/", "", "http://[::1]/"},
    {"http://[fe80::1%25eth0]/", "", nullptr},
    {"http://127.1/", "", "http://127.0.0.1/"},
    {"http://0x7f.0.0.1/", "", "http://127.0.0.1/"},
    {"http://b\xC3\xBC"
     "cher.de/",
     "",
     "http://b\xC3\xBC"
     "cher.de/"},
    {"http://xn--bcher-kva.de/", "", "http://xn--bcher-kva.de/"},
    // Refused: other schemes, no host, user information, bad ports, nonsense.
    {"javascript:alert(1)", "http://a.com/", nullptr},
    {"JavaScript:void(0)", "", nullptr},
    {"mailto:someone@example.com", "http://a.com/", nullptr},
    {"data:text/html,<b>hi</b>", "", nullptr},
    {"tel:+15551234", "http://a.com/", nullptr},
    {"ftp://a.com/file", "", nullptr},
    {"file:///etc/passwd", "", nullptr},
    {"g", "ftp://a.com/dir/", nullptr},
    {"http://", "", nullptr},
    {"http:///path", "", "http://path/"},  // as browsers: extra slashes skipped
    {"http://user:pw@host/", "", nullptr},
    {"http://user@host/", "", nullptr},
    {"http://@host/", "", nullptr},
    {"http://a.com:99999/", "", nullptr},
    {"http://a.com:0/", "", nullptr},
    {"http://a b.com/", "", nullptr},
    {"http:a.com", "", nullptr},
    {"/relative/without/base", "", nullptr},
    {"", "", nullptr},
    {"   ", "", nullptr},
};

TEST(CanonicalizeUrlTest, Table) {
  for (const CanonCase& c : kCanonCases) {
    Result<std::string> got = CanonicalizeUrl(c.url, c.base);
    if (c.want == nullptr) {
      EXPECT_FALSE(got.ok()) << "url=[" << c.url << "] base=[" << c.base << "] gave " << *got;
      if (!got.ok()) {
        EXPECT_EQ(got.status().code(), Status::Code::kInvalidInput) << c.url;
      }
    } else {
      ASSERT_TRUE(got.ok()) << "url=[" << c.url << "] base=[" << c.base
                            << "]: " << got.status().ToString();
      EXPECT_EQ(*got, c.want) << "url=[" << c.url << "] base=[" << c.base << "]";
    }
  }
}

// A canonical URL is a fixed point: canonicalising it again changes nothing.
TEST(CanonicalizeUrlTest, IsIdempotent) {
  for (const CanonCase& c : kCanonCases) {
    if (c.want == nullptr) continue;
    Result<std::string> again = CanonicalizeUrl(c.want);
    ASSERT_TRUE(again.ok()) << c.want << ": " << again.status().ToString();
    EXPECT_EQ(*again, c.want);
  }
}

TEST(CanonicalizeUrlTest, RefusesVeryLongUrls) {
  std::string path(kMaxUrlBytes, 'a');
  EXPECT_FALSE(CanonicalizeUrl("http://a.com/" + path).ok());
  std::string fits(kMaxUrlBytes - 100, 'a');
  EXPECT_TRUE(CanonicalizeUrl("http://a.com/" + fits).ok());
  // Escaping can push a URL that fit over the limit.
  std::string grows((kMaxUrlBytes - 100) / 2, ' ');
  EXPECT_FALSE(CanonicalizeUrl("http://a.com/x" + grows + "x").ok());
}

TEST(CanonicalizeUrlTest, ErrorNamesTheScheme) {
  Result<std::string> got = CanonicalizeUrl("mailto:a@b.c");
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("mailto"), std::string::npos);
}

TEST(IsTrackingParameterTest, KnownAndUnknownNames) {
  EXPECT_TRUE(IsTrackingParameter("utm_source"));
  EXPECT_TRUE(IsTrackingParameter("UTM_whatever"));
  EXPECT_TRUE(IsTrackingParameter("fbclid"));
  EXPECT_TRUE(IsTrackingParameter("_ga"));
  EXPECT_TRUE(IsTrackingParameter("mc_eid"));
  EXPECT_FALSE(IsTrackingParameter("utm"));
  EXPECT_FALSE(IsTrackingParameter("page"));
  EXPECT_FALSE(IsTrackingParameter("id"));
  EXPECT_FALSE(IsTrackingParameter(""));
}

struct SplitCase {
  const char* url;
  const char* scheme;
  const char* host;
  int port;
  const char* path_and_query;
  const char* host_key;
};

TEST(SplitUrlTest, Table) {
  constexpr SplitCase kCases[] = {
      {"http://example.com/", "http", "example.com", 80, "/", "example.com:80"},
      {"https://example.com/a?b=1", "https", "example.com", 443, "/a?b=1", "example.com:443"},
      {"http://Example.com:8080/x/y", "http", "example.com", 8080, "/x/y", "example.com:8080"},
      {"http://[::1]:9000/r?q", "http", "[::1]", 9000, "/r?q", "[::1]:9000"},
      {"https://b\xC3\xBC"
       "cher.de",
       "https",
       "b\xC3\xBC"
       "cher.de",
       443, "/",
       "b\xC3\xBC"
       "cher.de:443"},
  };
  for (const SplitCase& c : kCases) {
    Result<UrlParts> parts = SplitUrl(c.url);
    ASSERT_TRUE(parts.ok()) << c.url << ": " << parts.status().ToString();
    EXPECT_EQ(parts->scheme, c.scheme) << c.url;
    EXPECT_EQ(parts->host, c.host) << c.url;
    EXPECT_EQ(parts->port, c.port) << c.url;
    EXPECT_EQ(parts->path_and_query, c.path_and_query) << c.url;
    EXPECT_EQ(HostKey(*parts), c.host_key) << c.url;
  }
}

TEST(SplitUrlTest, RefusesWhatCanonicalizeRefuses) {
  EXPECT_FALSE(SplitUrl("ftp://a.com/").ok());
  EXPECT_FALSE(SplitUrl("http://u:p@a.com/").ok());
  EXPECT_FALSE(SplitUrl("not a url").ok());
}

}  // namespace
}  // namespace byline::crawler
