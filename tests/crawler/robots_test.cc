#include "crawler/robots.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>

namespace byline::crawler {
namespace {

struct AllowCase {
  const char* what;
  std::string_view robots;
  const char* product;
  const char* path;
  bool allowed;
};

void RunTable(const AllowCase* cases, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const AllowCase& c = cases[i];
    RobotsRules rules = RobotsRules::Parse(c.robots, c.product);
    EXPECT_EQ(rules.Allowed(c.path), c.allowed)
        << c.what << ": product " << c.product << ", path " << c.path;
  }
}

// RFC 9309 §5.1, the example file, asked as each of its agents and as an unnamed one.
constexpr std::string_view kRfcExample =
    "User-Agent: *\n"
    "Disallow: *.gif$\n"
    "Disallow: /example/\n"
    "Allow: /publications/\n"
    "\n"
    "User-Agent: foobot\n"
    "Disallow:/\n"
    "Allow:/example/page.html\n"
    "Allow:/example/allowed.gif\n"
    "\n"
    "User-Agent: barbot\n"
    "User-Agent: bazbot\n"
    "Disallow: /example/page.html\n"
    "\n"
    "User-Agent: quxbot\n"
    "\n"
    "EOF\n";

constexpr AllowCase kRfcCases[] = {
    {"5.1 foobot", kRfcExample, "foobot", "/", false},
    {"5.1 foobot", kRfcExample, "foobot", "/example/page.html", true},
    {"5.1 foobot", kRfcExample, "foobot", "/example/allowed.gif", true},
    {"5.1 foobot", kRfcExample, "foobot", "/example/other.html", false},
    {"5.1 barbot", kRfcExample, "barbot", "/example/page.html", false},
    {"5.1 barbot", kRfcExample, "barbot", "/example/other.html", true},
    {"5.1 bazbot", kRfcExample, "bazbot", "/example/page.html", false},
    {"5.1 bazbot", kRfcExample, "bazbot", "/a.gif", true},
    {"5.1 quxbot has an empty group", kRfcExample, "quxbot", "/example/", true},
    {"5.1 quxbot has an empty group", kRfcExample, "quxbot", "/a.gif", true},
    {"5.1 others get *", kRfcExample, "byline", "/a.gif", false},
    {"5.1 others get *", kRfcExample, "byline", "/a.gif?size=2", true},
    {"5.1 others get *", kRfcExample, "byline", "/example/x", false},
    {"5.1 others get *", kRfcExample, "byline", "/publications/x", true},
    {"5.1 others get *", kRfcExample, "byline", "/", true},
    // §5.2: the longest match wins.
    {"5.2", "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n",
     "foobot", "/example/page/", true},
    {"5.2", "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n",
     "foobot", "/example/page/disallowed.gif", false},
    // §2.2.2, percent-encoding table.
    {"2.2.2 plain", "user-agent: *\ndisallow: /foo/bar?baz=quz\n", "byline", "/foo/bar?baz=quz",
     false},
    {"2.2.2 reserved escaped in URL", "user-agent: *\ndisallow: /foo/bar?baz=https://foo.bar\n",
     "byline", "/foo/bar?baz=https%3A%2F%2Ffoo.bar", false},
    {"2.2.2 UTF-8 pattern", "user-agent: *\ndisallow: /foo/bar/\xE3\x83\x84\n", "byline",
     "/foo/bar/%E3%83%84", false},
    {"2.2.2 escaped pattern", "user-agent: *\ndisallow: /foo/bar/%E3%83%84\n", "byline",
     "/foo/bar/%E3%83%84", false},
    {"2.2.2 unreserved escapes", "user-agent: *\ndisallow: /foo/bar/%62%61%7A\n", "byline",
     "/foo/bar/baz", false},
    // §2.2.3 special characters.
    {"2.2.3 * any run", "user-agent: *\ndisallow: /path/*/sub\n", "byline", "/path/a/b/sub", false},
    {"2.2.3 * any run", "user-agent: *\ndisallow: /path/*/sub\n", "byline", "/path/sub", true},
    {"2.2.3 $ end", "user-agent: *\ndisallow: /this/path/exactly$\n", "byline",
     "/this/path/exactly", false},
    {"2.2.3 $ end", "user-agent: *\ndisallow: /this/path/exactly$\n", "byline",
     "/this/path/exactly/not", true},
    {"2.2.3 comment", "user-agent: * # all\ndisallow: /a # the a's\n", "byline", "/a", false},
};

TEST(RobotsRfcTest, Examples) { RunTable(kRfcCases, std::size(kRfcCases)); }

// §2.1, §2.2.1: which group applies.
constexpr AllowCase kGroupCases[] = {
    {"product case-insensitive", "User-agent: BYLINE\nDisallow: /\n", "byline", "/x", false},
    {"version after token", "User-agent: byline/2.0\nDisallow: /\n", "byline", "/x", false},
    {"full User-Agent as product", "User-agent: byline\nDisallow: /\n",
     "byline/0.1 (+https://example.org)", "/x", false},
    {"other token", "User-agent: bylinebot\nDisallow: /\n", "byline", "/x", true},
    {"specific beats *", "User-agent: *\nDisallow: /\n\nUser-agent: byline\nDisallow: /private\n",
     "byline", "/public", true},
    {"specific beats *", "User-agent: *\nDisallow: /\n\nUser-agent: byline\nDisallow: /private\n",
     "byline", "/private/x", false},
    {"empty specific group allows all", "User-agent: *\nDisallow: /\nUser-agent: byline\n",
     "byline", "/x", true},
    {"same agent merged", "User-agent: byline\nDisallow: /a\n\nUser-agent: byline\nDisallow: /b\n",
     "byline", "/b", false},
    {"same agent merged", "User-agent: byline\nDisallow: /a\n\nUser-agent: byline\nDisallow: /b\n",
     "byline", "/a", false},
    {"* groups merged",
     "User-agent: *\nDisallow: /a\nUser-agent: other\nDisallow: /\n"
     "User-agent: *\nDisallow: /b\n",
     "byline", "/b", false},
    {"consecutive agents share a group", "User-agent: other\nUser-agent: byline\nDisallow: /x\n",
     "byline", "/x", false},
    {"agent after rules starts a group",
     "User-agent: byline\nDisallow: /x\nUser-agent: other\nDisallow: /y\n", "byline", "/y", true},
    {"no group for us, no *", "User-agent: other\nDisallow: /\n", "byline", "/x", true},
    {"rules before any agent ignored", "Disallow: /\nUser-agent: other\nDisallow: /\n", "byline",
     "/x", true},
    {"sitemap does not end agent lines",
     "User-agent: other\nSitemap: http://a/s.xml\nUser-agent: byline\nDisallow: /x\n", "byline",
     "/x", false},
};

TEST(RobotsGroupTest, Table) { RunTable(kGroupCases, std::size(kGroupCases)); }

// Line syntax: what real files contain.
constexpr AllowCase kSyntaxCases[] = {
    {"BOM", "\xEF\xBB\xBFUser-agent: *\nDisallow: /x\n", "byline", "/x", false},
    {"CRLF", "User-agent: *\r\nDisallow: /x\r\nAllow: /x/y\r\n", "byline", "/x/z", false},
    {"CRLF", "User-agent: *\r\nDisallow: /x\r\nAllow: /x/y\r\n", "byline", "/x/y", true},
    {"CR only", "User-agent: *\rDisallow: /x\rAllow: /x/y\r", "byline", "/x/z", false},
    {"CR only", "User-agent: *\rDisallow: /x\rAllow: /x/y\r", "byline", "/x/y", true},
    {"no final newline", "User-agent: *\nDisallow: /x", "byline", "/x", false},
    {"missing colon", "User-agent *\nDisallow /x\n", "byline", "/x", false},
    {"empty disallow allows", "User-agent: *\nDisallow:\n", "byline", "/x", true},
    {"empty disallow allows", "User-agent: *\nDisallow: \t \n", "byline", "/", true},
    {"keys case-insensitive", "USER-AGENT: *\nDISALLOW: /x\n", "byline", "/x", false},
    {"misspelt key", "User-agent: *\nDissallow: /x\n", "byline", "/x", false},
    {"spaces around", "  User-agent :  *  \n   Disallow  :   /x   \n", "byline", "/x", false},
    {"pattern without slash", "User-agent: *\nDisallow: private\n", "byline", "/private", false},
    {"unknown lines skipped", "User-agent: *\nFoo: bar\nNonsense\nDisallow: /x\n", "byline", "/x",
     false},
    {"empty file", "", "byline", "/x", true},
};

TEST(RobotsSyntaxTest, Table) { RunTable(kSyntaxCases, std::size(kSyntaxCases)); }

// §2.2.2, §2.2.3: matching.
constexpr AllowCase kMatchCases[] = {
    {"prefix", "User-agent: *\nDisallow: /fish\n", "byline", "/fish.html", false},
    {"prefix", "User-agent: *\nDisallow: /fish\n", "byline", "/Fish", true},  // case-sensitive
    {"query is matched", "User-agent: *\nDisallow: /*?print=\n", "byline", "/a?print=1", false},
    {"query is matched", "User-agent: *\nDisallow: /*?print=\n", "byline", "/a?x=1", true},
    {"longest wins", "User-agent: *\nAllow: /a\nDisallow: /a/b\n", "byline", "/a/b/c", false},
    {"longest wins", "User-agent: *\nDisallow: /a\nAllow: /a/b\n", "byline", "/a/b/c", true},
    {"allow wins tie", "User-agent: *\nDisallow: /page\nAllow: /page\n", "byline", "/page", true},
    {"allow wins tie", "User-agent: *\nAllow: /page\nDisallow: /page\n", "byline", "/page", true},
    {"tie by length with *", "User-agent: *\nDisallow: /*.x\nAllow: /a.x\n", "byline", "/a.x",
     true},
    {"* at end changes nothing", "User-agent: *\nDisallow: /a*\n", "byline", "/abc", false},
    {"** same as *", "User-agent: *\nDisallow: /a**c\n", "byline", "/abbbc", false},
    {"leading *", "User-agent: *\nDisallow: *secret\n", "byline", "/x/secret/y", false},
    {"$ anchors", "User-agent: *\nDisallow: /*.pdf$\n", "byline", "/docs/a.pdf", false},
    {"$ anchors", "User-agent: *\nDisallow: /*.pdf$\n", "byline", "/docs/a.pdf?x", true},
    {"$ anchors", "User-agent: *\nDisallow: /*.pdf$\n", "byline", "/a.pdf.html", true},
    {"$ only", "User-agent: *\nDisallow: /$\n", "byline", "/", false},
    {"$ only", "User-agent: *\nDisallow: /$\n", "byline", "/index.html", true},
    {"$ inside is literal", "User-agent: *\nDisallow: /a$b\n", "byline", "/a$b", false},
    {"greedy placement", "User-agent: *\nDisallow: /*ab*ab$\n", "byline", "/xabyab", false},
    {"greedy placement", "User-agent: *\nDisallow: /*aa$\n", "byline", "/aaa", false},
    {"greedy placement", "User-agent: *\nDisallow: /a*a$\n", "byline", "/a", true},
    {"%2F is /", "User-agent: *\nDisallow: /a/b\n", "byline", "/a%2Fb", false},
    {"%2F is /", "User-agent: *\nDisallow: /a%2fb\n", "byline", "/a/b", false},
    {"hex case", "User-agent: *\nDisallow: /%e3%83%84\n", "byline", "/%E3%83%84", false},
    {"hex case", "User-agent: *\nDisallow: /%E3%83%84\n", "byline", "/%e3%83%84", false},
    {"UTF-8 path", "User-agent: *\nDisallow: /%C3%A9\n", "byline", "/\xC3\xA9", false},
    {"%2A is a literal *", "User-agent: *\nDisallow: /a%2Ab\n", "byline", "/axb", true},
    {"%2A is a literal *", "User-agent: *\nDisallow: /a%2Ab\n", "byline", "/a*b", false},
    {"%24 is a literal $", "User-agent: *\nDisallow: /a%24\n", "byline", "/a$/x", false},
    {"%25 stays escaped", "User-agent: *\nDisallow: /100%25\n", "byline", "/100%", true},
    {"robots.txt always", "User-agent: *\nDisallow: /\n", "byline", "/robots.txt", true},
    {"robots.txt always", "User-agent: *\nDisallow: /\n", "byline", "/robots.txt.bak", false},
    {"empty path is /", "User-agent: *\nDisallow: /$\n", "byline", "", false},
};

TEST(RobotsMatchTest, Table) { RunTable(kMatchCases, std::size(kMatchCases)); }

TEST(RobotsGarbageTest, HtmlBodyAllowsAllAndWarns) {
  RobotsRules rules = RobotsRules::Parse(
      "<!DOCTYPE html>\n<html><head><title>Not found</title></head>\n<body>\n"
      "<p>Disallow: / is what we would say</p>\n</body></html>\n",
      "byline");
  EXPECT_TRUE(rules.Allowed("/"));
  EXPECT_TRUE(rules.Allowed("/anything"));
  ASSERT_FALSE(rules.warnings().empty());
  EXPECT_NE(rules.warnings()[0].find("HTML"), std::string::npos);
}

TEST(RobotsGarbageTest, BinaryBodyAllowsAllAndWarns) {
  constexpr char kPng[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe\nUser-agent \0*\n";
  std::string body(kPng, sizeof(kPng) - 1);
  RobotsRules rules = RobotsRules::Parse(body, "byline");
  EXPECT_TRUE(rules.Allowed("/x"));
  ASSERT_FALSE(rules.warnings().empty());
  EXPECT_NE(rules.warnings()[0].find("NUL"), std::string::npos);
  for (const std::string& w : rules.warnings()) {
    for (char c : w) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "unprintable byte in warning " << w;
  }
}

TEST(RobotsGarbageTest, WarnsWithLineNumbers) {
  RobotsRules rules =
      RobotsRules::Parse("Disallow: /early\nUser-agent: *\nfoo bar\nDisallow /x\n", "byline");
  ASSERT_EQ(rules.warnings().size(), 3u);
  EXPECT_EQ(rules.warnings()[0].rfind("line 1:", 0), 0u) << rules.warnings()[0];
  EXPECT_EQ(rules.warnings()[1].rfind("line 3:", 0), 0u) << rules.warnings()[1];
  EXPECT_EQ(rules.warnings()[2].rfind("line 4:", 0), 0u) << rules.warnings()[2];
  EXPECT_TRUE(rules.Allowed("/early"));
  EXPECT_FALSE(rules.Allowed("/x"));
}

TEST(RobotsGarbageTest, WarningsAreCapped) {
  std::string body = "User-agent: *\n";
  for (int i = 0; i < 1000; ++i) body += "garbage line\n";
  RobotsRules rules = RobotsRules::Parse(body, "byline");
  ASSERT_EQ(rules.warnings().size(), kRobotsMaxWarnings);
  EXPECT_NE(rules.warnings().back().find("more warnings"), std::string::npos);
}

TEST(RobotsGarbageTest, OnlyTheFirst500KiBCount) {
  std::string body = "User-agent: *\nDisallow: /early\n";
  while (body.size() + 100 < kRobotsMaxBytes) body += "# padding padding padding padding\n";
  body += "#" + std::string(kRobotsMaxBytes - 10 - body.size() - 2, 'x') + "\n";
  ASSERT_EQ(body.size(), kRobotsMaxBytes - 10);
  body += "Disallow: /cut-in-the-middle-of-this-line\n";  // straddles the limit
  body += "Disallow: /late\n";
  RobotsRules rules = RobotsRules::Parse(body, "byline");
  EXPECT_FALSE(rules.Allowed("/early"));
  EXPECT_TRUE(rules.Allowed("/late"));
  EXPECT_TRUE(rules.Allowed("/cut"));  // the partial line is dropped, not read as "/cut"
  ASSERT_FALSE(rules.warnings().empty());
  EXPECT_NE(rules.warnings()[0].find("cut"), std::string::npos);
}

// A pattern like /*a*a*a*...*b against a long path of 'a's makes backtracking matchers take
// exponential time; ours places each literal once.
TEST(RobotsGarbageTest, ManyWildcardsStayFast) {
  std::string pattern = "/";
  for (int i = 0; i < 2000; ++i) pattern += "*a";
  pattern += "*b$";
  std::string body = "User-agent: *\nDisallow: " + pattern + "\n";
  RobotsRules rules = RobotsRules::Parse(body, "byline");
  std::string path = "/" + std::string(100000, 'a');
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(rules.Allowed(path));
  EXPECT_FALSE(rules.Allowed(path + "b"));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::milliseconds(500));
}

TEST(RobotsDelayTest, ChosenGroupsDelay) {
  constexpr std::string_view kBody =
      "User-agent: *\nCrawl-delay: 7\n\nUser-agent: byline\nCrawl-delay: 2.5\n"
      "User-agent: other\nCrawl-delay: 30\nDisallow: /\n";
  EXPECT_EQ(RobotsRules::Parse(kBody, "byline").crawl_delay_seconds(), 2.5);
  EXPECT_EQ(RobotsRules::Parse(kBody, "nobody").crawl_delay_seconds(), 7.0);
  EXPECT_EQ(RobotsRules::Parse(kBody, "other").crawl_delay_seconds(), 30.0);
  // A group of our own without Crawl-delay does not inherit the "*" one.
  EXPECT_EQ(
      RobotsRules::Parse("User-agent: *\nCrawl-delay: 9\nUser-agent: byline\nAllow: /\n", "byline")
          .crawl_delay_seconds(),
      std::nullopt);
  // Merged groups that disagree: the slower wins.
  EXPECT_EQ(RobotsRules::Parse("User-agent: byline\nCrawl-delay: 1\nUser-agent: byline\n"
                               "Crawl-delay: 4\n",
                               "byline")
                .crawl_delay_seconds(),
            4.0);
}

TEST(RobotsDelayTest, BadValuesAreIgnoredWithAWarning) {
  for (std::string_view bad : {"soon", "-1", "inf", "nan", "5 seconds", ""}) {
    std::string body = "User-agent: *\nCrawl-delay: " + std::string(bad) + "\n";
    RobotsRules rules = RobotsRules::Parse(body, "byline");
    EXPECT_EQ(rules.crawl_delay_seconds(), std::nullopt) << bad;
    EXPECT_EQ(rules.warnings().size(), 1u) << bad;
  }
}

TEST(RobotsSitemapTest, CollectedFromAnywhereWithoutDuplicates) {
  RobotsRules rules = RobotsRules::Parse(
      "Sitemap: https://a.com/s1.xml\nUser-agent: other\nSitemap: https://a.com/s2.xml.gz\n"
      "Disallow: /\nsitemap:https://a.com/s1.xml\nSITEMAP: https://b.com/news.xml # news\n",
      "byline");
  ASSERT_EQ(rules.sitemaps().size(), 3u);
  EXPECT_EQ(rules.sitemaps()[0], "https://a.com/s1.xml");
  EXPECT_EQ(rules.sitemaps()[1], "https://a.com/s2.xml.gz");
  EXPECT_EQ(rules.sitemaps()[2], "https://b.com/news.xml");
}

TEST(RobotsFetchOutcomeTest, AllowAllAndDisallowAll) {
  EXPECT_TRUE(RobotsRules::AllowAll().Allowed("/anything?x=1"));
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed("/"));
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed("/anything"));
  EXPECT_TRUE(RobotsRules::DisallowAll().Allowed("/robots.txt"));
}

TEST(RobotsSerializeTest, RoundTripKeepsEveryAnswer) {
  RobotsRules original = RobotsRules::Parse(
      "User-agent: *\nDisallow: /\nUser-agent: byline\nCrawl-delay: 1.25\nDisallow: /*.gif$\n"
      "Allow: /a/%E3%83%84\nDisallow: /a\nSitemap: https://a.com/s.xml\nbogus\n",
      "byline");
  std::optional<RobotsRules> copy = RobotsRules::Deserialize(original.Serialize());
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->crawl_delay_seconds(), 1.25);
  EXPECT_EQ(copy->sitemaps(), original.sitemaps());
  EXPECT_EQ(copy->warnings(), original.warnings());
  EXPECT_EQ(copy->Serialize(), original.Serialize());
  for (const char* path : {"/", "/x.gif", "/x.gif?y", "/a", "/a/%e3%83%84", "/b", "/a/b"}) {
    EXPECT_EQ(copy->Allowed(path), original.Allowed(path)) << path;
  }
  EXPECT_FALSE(copy->Allowed("/a/b"));
  EXPECT_TRUE(copy->Allowed("/b"));
}

TEST(RobotsSerializeTest, RoundTripOfFetchOutcomes) {
  std::optional<RobotsRules> none =
      RobotsRules::Deserialize(RobotsRules::DisallowAll().Serialize());
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->Allowed("/x"));
  std::optional<RobotsRules> all = RobotsRules::Deserialize(RobotsRules::AllowAll().Serialize());
  ASSERT_TRUE(all.has_value());
  EXPECT_TRUE(all->Allowed("/x"));
}

TEST(RobotsSerializeTest, RejectsWhatItDidNotWrite) {
  for (std::string_view bad :
       {"", "User-agent: *\nDisallow: /\n", "byline-robots 2\n", "byline-robots 1\nfoo bar\n",
        "byline-robots 1\ncrawl-delay x\n", "byline-robots 1\ndisallow /a",  // no final newline
        "byline-robots 1\nallow \n"}) {
    EXPECT_FALSE(RobotsRules::Deserialize(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace byline::crawler
