// The link finder (extract/links.cc): what the crawler gets from a page, through FindLinks
// and through ExtractHtml's Article::links.
#include "extract/links.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "extract/extract.h"

namespace byline::extract {
namespace {

using Strings = std::vector<std::string>;

struct Case {
  const char* name;
  std::string html;
  std::string base;
  std::string canonical;
  Strings links;
  Strings feeds;
  bool noindex = false;
  bool nofollow = false;
};

const Case kCases[] = {
    {"anchors in order, repeats dropped",
     "<a href=/a>1</a><p><a href='b.html'>2</a><a href=/a>again</a><a href=\"c?x=1&amp;y=2\">",
     "",
     "",
     {"/a", "b.html", "c?x=1&y=2"},
     {}},
    {"area hrefs count, rel=nofollow kept",
     "<map><area href=/map1 shape=rect></map><a rel=nofollow href=/sponsored>s</a>",
     "",
     "",
     {"/map1", "/sponsored"},
     {}},
    {"non-page hrefs skipped",
     "<a href=''>e</a><a href='   '>w</a><a href=#top>f</a><a>none</a>"
     "<a href='JavaScript:void(0)'>j</a><a href='mailto:x@example.com'>m</a>"
     "<a href='tel:+15551234'>t</a><a href='data:text/html,hi'>d</a><a href='/ok#frag'>ok</a>",
     "",
     "",
     {"/ok#frag"},
     {}},
    {"ASCII white space trimmed, tabs and newlines inside removed, NBSP kept",
     "<a href='  \n/spaced\t '>1</a><a href='/wr\napped/\tpath'>2</a>"
     "<a href='/nb\xC2\xA0sp'>3</a>",
     "",
     "",
     {"/spaced", "/wrapped/path", "/nb\xC2\xA0sp"},
     {}},
    {"first base with href; canonical as written; first canonical wins",
     "<head><base target=_blank><base href=' https://cdn.example.com/x/ '>"
     "<base href=/ignored/><link rel=canonical href='/story?id=1'>"
     "<link rel=canonical href=/second></head><a href=rel>r</a>",
     "https://cdn.example.com/x/",
     "/story?id=1",
     {"rel"},
     {}},
    {"rel is a case-insensitive token list",
     "<link rel='Canonical Shortlink' href=/c><link rel='ALTERNATE' type='application/atom+xml'"
     " href=/atom>",
     "",
     "/c",
     {},
     {"/atom"}},
    {"feed autodiscovery: rss and atom only",
     "<link rel=alternate type=application/rss+xml href=/rss>"
     "<link rel=alternate type='application/atom+xml; charset=utf-8' href=/atom>"
     "<link rel=alternate type=application/feed+json href=/json>"
     "<link rel=alternate hreflang=de href=/de>"
     "<link rel=stylesheet type=application/rss+xml href=/not-a-feed>",
     "",
     "",
     {},
     {"/rss", "/atom"}},
    {"meta robots noindex",
     "<meta name=robots content='noindex, follow'><a href=/x>x</a>",
     "",
     "",
     {"/x"},
     {},
     true,
     false},
    {"meta robots nofollow, upper case",
     "<meta name=ROBOTS content='NOFOLLOW'>",
     "",
     "",
     {},
     {},
     false,
     true},
    {"meta byline none", "<meta name=byline content=none>", "", "", {}, {}, true, true},
    {"other robots names ignored",
     "<meta name=googlebot content=noindex>",
     "",
     "",
     {},
     {},
     false,
     false},
    {"links inside template are inert",
     "<template><a href=/tmpl>t</a></template><a href=/real>r</a>",
     "",
     "",
     {"/real"},
     {}},
    {"empty document", "", "", "", {}, {}},
};

void ExpectLinks(const PageLinks& got, const Case& c) {
  EXPECT_EQ(got.base, c.base) << c.name;
  EXPECT_EQ(got.canonical, c.canonical) << c.name;
  EXPECT_EQ(got.links, c.links) << c.name;
  EXPECT_EQ(got.feeds, c.feeds) << c.name;
  EXPECT_EQ(got.noindex, c.noindex) << c.name;
  EXPECT_EQ(got.nofollow, c.nofollow) << c.name;
}

TEST(LinksTest, SnippetTable) {
  for (const Case& c : kCases) {
    Result<PageLinks> got = FindLinks(c.html, ExtractOptions{});
    ASSERT_TRUE(got.ok()) << c.name << ": " << got.status().ToString();
    ExpectLinks(*got, c);
  }
}

// ExtractHtml fills Article::links from the tree it already parsed: the same answer.
TEST(LinksTest, ExtractHtmlGivesTheSameLinks) {
  for (const Case& c : kCases) {
    ExtractOptions options;
    options.entities = false;
    Result<Article> article = ExtractHtml(c.html, options);
    ASSERT_TRUE(article.ok()) << c.name;
    ExpectLinks(article->links, c);
  }
}

TEST(LinksTest, MalformedHtmlStillGivesItsLinks) {
  // Unclosed and misnested tags, unquoted values, an <a> inside <table> (foster-parented by
  // HTML5 recovery), no closing tags at the end.
  Result<PageLinks> got = FindLinks(
      "<html><body><div><a href=/one>one<a href=/two>two</div></span><p>"
      "<table><tr><a href=/in-table>x</a><td>cell</table><a href=/last>",
      ExtractOptions{});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->links, (Strings{"/one", "/two", "/in-table", "/last"}));

  // A quoted value left open runs to the end of the input: that tag is lost, not the others.
  Result<PageLinks> open_quote =
      FindLinks("<a href=/before>b</a><a href=\"/never-closed>x</a><a href=/after>", {});
  ASSERT_TRUE(open_quote.ok());
  EXPECT_EQ(open_quote->links, Strings{"/before"});
}

TEST(LinksTest, HundredThousandLinksInBoundedTime) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) {
    html += "<a href=\"/p/" + std::to_string(i % 50000) + "\">link</a>\n";
  }
  auto start = std::chrono::steady_clock::now();
  Result<PageLinks> got = FindLinks(html, ExtractOptions{});
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->links.size(), 50000u);  // each href twice: repeats dropped
  EXPECT_EQ(got->links.front(), "/p/0");
  EXPECT_EQ(got->links.back(), "/p/49999");
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(LinksTest, NonUtf8PagesAreDecodedFirst) {
  // windows-1252 declared in the page: e9 is é.
  Result<PageLinks> meta =
      FindLinks("<meta charset=windows-1252><a href='/caf\xE9'>caf\xE9</a>", ExtractOptions{});
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->links, Strings{"/caf\xC3\xA9"});

  // Shift_JIS from the HTTP header: 93 fa 96 7b is 日本.
  ExtractOptions options;
  options.http_charset = "Shift_JIS";
  Result<PageLinks> sjis = FindLinks("<a href='/\x93\xfa\x96\x7b'>x</a>", options);
  ASSERT_TRUE(sjis.ok());
  EXPECT_EQ(sjis->links, Strings{"/\xE6\x97\xA5\xE6\x9C\xAC"});
}

TEST(LinksTest, RefusesWhatExtractHtmlRefuses) {
  ExtractOptions small;
  small.max_input_bytes = 10;
  Result<PageLinks> big = FindLinks("<a href=/x>far too long</a>", small);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), Status::Code::kPolicy);

  std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\0\0\0\0\0", 24);
  Result<PageLinks> bin = FindLinks(binary, ExtractOptions{});
  ASSERT_FALSE(bin.ok());
  EXPECT_EQ(bin.status().code(), Status::Code::kInvalidInput);
}

}  // namespace
}  // namespace byline::extract
