#include "crawler/scope.h"

#include <gtest/gtest.h>

#include <string>

#include "crawler/url.h"

namespace byline::crawler {
namespace {

using V = ScopeVerdict;

struct ScopeCase {
  const char* url;
  int depth;
  ScopeVerdict want;
};

Scope MakeScope(ScopeOptions options) {
  options.current_year = 2026;
  Result<Scope> scope = Scope::Create(std::move(options));
  EXPECT_TRUE(scope.ok()) << scope.status().ToString();
  return std::move(scope).value();
}

void RunTable(const Scope& scope, const ScopeCase* cases, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const ScopeCase& c = cases[i];
    Result<std::string> url = CanonicalizeUrl(c.url);
    ASSERT_TRUE(url.ok()) << c.url << ": " << url.status().ToString();
    Result<UrlParts> parts = SplitUrl(*url);
    ASSERT_TRUE(parts.ok()) << *url;
    EXPECT_STREQ(ScopeVerdictName(scope.Check(*parts, *url, c.depth)), ScopeVerdictName(c.want))
        << *url << " at depth " << c.depth << ": " << scope.Reason(*parts, *url, c.depth);
  }
}

ScopeOptions NewsOptions() {
  ScopeOptions o;
  o.allowed_hosts = {"Example.com", "*.news.org"};
  o.exclude_patterns = {"/tag/", R"(\.pdf$)"};
  return o;
}

TEST(ScopeTest, DefaultsTable) {
  constexpr ScopeCase kCases[] = {
      {"https://example.com/2026/05/story", 0, V::kInScope},
      {"https://example.com/a/b/c/d/e", 5, V::kInScope},
      // Hosts.
      {"https://EXAMPLE.com/x", 1, V::kInScope},
      {"https://www.example.com/x", 1, V::kHostNotAllowed},  // exact entry: no subdomains
      {"https://other.com/x", 1, V::kHostNotAllowed},
      {"https://notexample.com/x", 1, V::kHostNotAllowed},
      {"https://news.org/x", 1, V::kInScope},  // "*.news.org" includes the apex
      {"https://www.news.org/x", 1, V::kInScope},
      {"https://a.b.news.org:8443/x", 1, V::kInScope},
      {"https://fakenews.org/x", 1, V::kHostNotAllowed},
      {"https://news.org.evil.com/x", 1, V::kHostNotAllowed},
      // Depth.
      {"https://example.com/x", 6, V::kTooDeep},
      // Exclude patterns.
      {"https://example.com/tag/ai", 1, V::kExcluded},
      {"https://example.com/report.pdf", 1, V::kExcluded},
      {"https://example.com/report.pdf.html", 1, V::kInScope},
      // Repeated segments.
      {"https://example.com/a/b/a/b/a/b", 1, V::kTrap},
      {"https://example.com/x/x/x", 1, V::kTrap},
      {"https://example.com/x/x/y", 1, V::kInScope},
      {"https://example.com/news/world/news/story", 1, V::kInScope},
      // Pagination.
      {"https://example.com/news?page=9999", 1, V::kTrap},
      {"https://example.com/news?page=50", 1, V::kInScope},
      {"https://example.com/news?PAGED=51", 1, V::kTrap},
      {"https://example.com/news/page/9999/", 1, V::kTrap},
      {"https://example.com/news/page/3/", 1, V::kInScope},
      {"https://example.com/news/page-400", 1, V::kTrap},
      {"https://example.com/?p=123456", 1, V::kInScope},  // WordPress post id
      {"https://example.com/news?page=99999999999999999999", 1, V::kTrap},
      // Calendars.
      {"https://example.com/events/2099/12/", 1, V::kTrap},
      {"https://example.com/events/1950/01/", 1, V::kTrap},
      {"https://example.com/2027/01/story", 1, V::kInScope},  // next year is plausible
      {"https://example.com/calendar/2031-05-01", 1, V::kTrap},
      {"https://example.com/calendar?date=2031-05-01", 1, V::kTrap},
      {"https://example.com/calendar?month=20310501", 1, V::kTrap},
      {"https://example.com/archive?year=1900", 1, V::kTrap},
      {"https://example.com/archive?year=2019", 1, V::kInScope},
      {"https://example.com/t/3456/2", 1, V::kInScope},  // a forum page, not a date
      {"https://example.com/story/12345678", 1, V::kInScope},
      // Query parameters.
      {"https://example.com/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10", 1, V::kInScope},
      {"https://example.com/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11", 1, V::kTrap},
  };
  RunTable(MakeScope(NewsOptions()), kCases, std::size(kCases));
}

TEST(ScopeTest, UrlLength) {
  ScopeOptions o = NewsOptions();
  o.max_url_length = 100;
  Scope scope = MakeScope(o);
  std::string url = "https://example.com/" + std::string(80, 'a');
  ScopeCase fits{url.c_str(), 1, V::kInScope};
  RunTable(scope, &fits, 1);
  std::string longer = url + std::string(20, 'b');
  ScopeCase too_long{longer.c_str(), 1, V::kTrap};
  RunTable(scope, &too_long, 1);
}

TEST(ScopeTest, IncludePatterns) {
  ScopeOptions o;
  o.include_patterns = {R"(/20\d\d/\d\d/)", "/features/"};
  o.exclude_patterns = {"/2019/"};
  constexpr ScopeCase kCases[] = {
      {"https://any.host/2024/05/story", 1, V::kInScope},  // empty allowed_hosts: any host
      {"https://any.host/features/x", 1, V::kInScope},
      {"https://any.host/about", 1, V::kNotIncluded},
      {"https://any.host/2019/05/story", 1, V::kExcluded},  // exclude wins over include
  };
  RunTable(MakeScope(o), kCases, std::size(kCases));
}

TEST(ScopeTest, GuardsSwitchOff) {
  ScopeOptions o;
  o.max_depth = -1;
  o.max_url_length = 0;
  o.max_repeated_segments = 0;
  o.max_query_params = 0;
  o.max_pagination = 0;
  constexpr ScopeCase kCases[] = {
      {"https://a.com/x", 1000, V::kInScope},
      {"https://a.com/x/x/x/x", 1, V::kInScope},
      {"https://a.com/?page=100000", 1, V::kInScope},
      {"https://a.com/s?a&b&c&d&e&f&g&h&i&j&k&l", 1, V::kInScope},
  };
  RunTable(MakeScope(o), kCases, std::size(kCases));
}

TEST(ScopeTest, StarAllowsEveryHost) {
  ScopeOptions o;
  o.allowed_hosts = {"*"};
  ScopeCase c{"https://whatever.example/x", 1, V::kInScope};
  RunTable(MakeScope(o), &c, 1);
}

TEST(ScopeTest, ReasonsNameTheCause) {
  Scope scope = MakeScope(NewsOptions());
  struct Row {
    const char* url;
    int depth;
    const char* needle;
  };
  constexpr Row kRows[] = {
      {"https://example.com/x", 0, "in scope"},
      {"https://other.com/x", 0, "other.com"},
      {"https://example.com/x", 9, "depth 9"},
      {"https://example.com/tag/x", 0, "/tag/"},
      {"https://example.com/a/a/a", 0, "\"a\""},
      {"https://example.com/?page=777", 0, "page=777"},
      {"https://example.com/cal/2099-01", 0, "2099-01"},
  };
  for (const Row& r : kRows) {
    Result<UrlParts> parts = SplitUrl(r.url);
    ASSERT_TRUE(parts.ok());
    std::string reason = scope.Reason(*parts, r.url, r.depth);
    EXPECT_NE(reason.find(r.needle), std::string::npos) << r.url << ": " << reason;
  }
}

TEST(ScopeCreateTest, BadPatternIsInvalidInputNamingIt) {
  ScopeOptions o;
  o.exclude_patterns = {"/ok/", "(unclosed"};
  Result<Scope> scope = Scope::Create(o);
  ASSERT_FALSE(scope.ok());
  EXPECT_EQ(scope.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(scope.status().message().find("(unclosed"), std::string::npos)
      << scope.status().message();

  o.exclude_patterns.clear();
  o.include_patterns = {"[z-a]"};
  scope = Scope::Create(o);
  ASSERT_FALSE(scope.ok());
  EXPECT_NE(scope.status().message().find("[z-a]"), std::string::npos);
}

TEST(ScopeCreateTest, BadHostIsInvalidInput) {
  for (const char* bad : {"", "*.", "http://a.com", "a.com/path", ".a.com", "a*.com"}) {
    ScopeOptions o;
    o.allowed_hosts = {bad};
    Result<Scope> scope = Scope::Create(o);
    EXPECT_FALSE(scope.ok()) << bad;
  }
  ScopeOptions o;
  o.allowed_hosts = {"[::1]", "a.com.", "*.b.org"};
  EXPECT_TRUE(Scope::Create(o).ok());
}

// The crawler keeps a Scope in a std::optional and moves it in; copies share the compiled
// patterns.
TEST(ScopeCreateTest, CopiesAndMovesKeepPatterns) {
  Scope original = MakeScope(NewsOptions());
  Scope copy = original;
  Scope moved = std::move(original);
  Result<UrlParts> parts = SplitUrl("https://example.com/tag/x");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(copy.Check(*parts, "https://example.com/tag/x", 0), V::kExcluded);
  EXPECT_EQ(moved.Check(*parts, "https://example.com/tag/x", 0), V::kExcluded);
}

}  // namespace
}  // namespace byline::crawler
