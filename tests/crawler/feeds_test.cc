// Feeds and sitemaps: every kind from a fixture file, dates, and hostile bodies (gzip bomb,
// billion laughs, XXE, truncated XML, HTML, empty).
#include "crawler/feeds.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "crawler/gunzip.h"

namespace byline::crawler {
namespace {

std::string Fixture(const std::string& name) {
  std::string dir = __FILE__;
  dir.resize(dir.rfind('/'));
  std::ifstream in(dir + "/fixtures/feeds/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Gzips `prefix` followed by `repeat` bytes of `fill`, deflating in 1 MiB chunks so that the
// inflated size is never held in memory.
std::string Gzip(const std::string& prefix, size_t repeat = 0, char fill = '\0') {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out;
  char buf[1 << 16];
  auto pump = [&](const std::string& in, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof(buf);
      deflate(&z, flush);
      out.append(buf, sizeof(buf) - z.avail_out);
    } while (z.avail_out == 0);
  };
  pump(prefix, Z_NO_FLUSH);
  const std::string chunk(1 << 20, fill);
  for (size_t done = 0; done < repeat; done += chunk.size()) {
    pump(repeat - done >= chunk.size() ? chunk : chunk.substr(0, repeat - done), Z_NO_FLUSH);
  }
  pump("", Z_FINISH);
  deflateEnd(&z);
  return out;
}

bool HasWarningContaining(const XmlDiscovery& d, const std::string& part) {
  for (const std::string& w : d.warnings) {
    if (w.find(part) != std::string::npos) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Each kind of document.

TEST(FeedsTest, Rss2ItemsWithLinkGuidFeedburnerAndDates) {
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("rss2.xml"));
  EXPECT_EQ(d.kind, XmlDocKind::kRss2);
  ASSERT_EQ(d.urls.size(), 4u);
  // Whitespace around the link trimmed, &amp; decoded, CDATA title kept as text.
  EXPECT_EQ(d.urls[0].url, "https://tech.example.com/2024/05/07/nvidia?ref=rss&page=1");
  EXPECT_EQ(d.urls[0].title, "Nvidia & the chips <b>race</b>");
  EXPECT_EQ(d.urls[0].published_unix, 1715074200);
  EXPECT_FALSE(d.urls[0].lastmod_unix.has_value());
  EXPECT_EQ(d.urls[1].url, "/2024/05/06/relative");  // as written; the crawler resolves it
  EXPECT_EQ(d.urls[1].published_unix, 1714975200);   // dc:date
  EXPECT_EQ(d.urls[2].url, "https://tech.example.com/2024/05/05/guid-only");
  EXPECT_EQ(d.urls[2].published_unix, 1714968900);
  EXPECT_EQ(d.urls[3].url, "https://tech.example.com/2024/05/04/original");
  EXPECT_EQ(d.urls[3].published_unix, 1714842000);  // EST is -0500
  EXPECT_TRUE(HasWarningContaining(d, "1 entries without a URL")) << d.warnings.size();
}

TEST(FeedsTest, Rss1ItemsUseLinkThenRdfAbout) {
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("rss1.rdf"));
  EXPECT_EQ(d.kind, XmlDocKind::kRss1);
  ASSERT_EQ(d.urls.size(), 2u);
  EXPECT_EQ(d.urls[0].url, "https://rdf.example.org/a?x=1&y=2");
  EXPECT_EQ(d.urls[0].title, "First");
  EXPECT_EQ(d.urls[0].published_unix, 1709251200);
  EXPECT_EQ(d.urls[1].url, "https://rdf.example.org/b");
  EXPECT_EQ(d.urls[1].published_unix, 1709373600);
}

TEST(FeedsTest, AtomEntriesUseAlternateLinkThenHttpId) {
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("atom.xml"));
  EXPECT_EQ(d.kind, XmlDocKind::kAtom);
  ASSERT_EQ(d.urls.size(), 3u);
  EXPECT_EQ(d.urls[0].url, "https://atom.example.com/2024/05/07/one");
  EXPECT_EQ(d.urls[0].title, "Alternate <em>link</em>");
  EXPECT_EQ(d.urls[0].published_unix, 1715086800);  // <published> wins over <updated>
  EXPECT_EQ(d.urls[1].url, "two.html");
  EXPECT_EQ(d.urls[1].published_unix, 1714953600);  // <updated> when no <published>
  EXPECT_EQ(d.urls[2].url, "https://atom.example.com/2024/05/05/three");
  EXPECT_FALSE(d.urls[2].published_unix.has_value());
  EXPECT_TRUE(HasWarningContaining(d, "1 entries without a URL"));  // the urn: id
}

TEST(FeedsTest, NamespacesMatchByUriNotPrefix) {
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("atom_prefixed.xml"));
  EXPECT_EQ(d.kind, XmlDocKind::kAtom);
  ASSERT_EQ(d.urls.size(), 1u);
  EXPECT_EQ(d.urls[0].url, "https://atom.example.com/right");
  EXPECT_EQ(d.urls[0].title, "Prefixed");
}

TEST(FeedsTest, UrlsetLocAndLastmod) {
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("sitemap.xml"));
  EXPECT_EQ(d.kind, XmlDocKind::kUrlset);
  ASSERT_EQ(d.urls.size(), 4u);
  EXPECT_EQ(d.urls[0].url, "https://www.example.com/2024/05/07/story?id=1&lang=en");
  EXPECT_EQ(d.urls[0].lastmod_unix, 1715040000);
  EXPECT_FALSE(d.urls[0].published_unix.has_value());
  EXPECT_EQ(d.urls[1].lastmod_unix, 1714558830);
  EXPECT_EQ(d.urls[2].url, "https://www.example.com/cdata?a=1&b=2");
  EXPECT_FALSE(d.urls[2].lastmod_unix.has_value());
  EXPECT_EQ(d.urls[3].url, "https://www.example.com/bad-date");
  EXPECT_FALSE(d.urls[3].lastmod_unix.has_value());
  EXPECT_TRUE(HasWarningContaining(d, "1 entries without a URL"));
  EXPECT_TRUE(HasWarningContaining(d, "1 unreadable dates"));
}

TEST(FeedsTest, SitemapIndexListsChildSitemaps) {
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("sitemap_index.xml"));
  EXPECT_EQ(d.kind, XmlDocKind::kSitemapIndex);
  ASSERT_EQ(d.urls.size(), 2u);
  EXPECT_EQ(d.urls[0].url, "https://www.example.com/sitemap-news.xml");
  EXPECT_EQ(d.urls[0].lastmod_unix, 1715072400);  // fractional seconds dropped
  EXPECT_EQ(d.urls[1].url, "https://www.example.com/sitemap-2024-04.xml.gz");
  EXPECT_TRUE(d.warnings.empty());
}

TEST(FeedsTest, GoogleNewsSitemapGivesPublicationDateAndTitle) {
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("news_sitemap.xml"));
  EXPECT_EQ(d.kind, XmlDocKind::kUrlset);
  ASSERT_EQ(d.urls.size(), 2u);
  EXPECT_EQ(d.urls[0].url, "https://news.example.com/2024/05/07/deal");
  EXPECT_EQ(d.urls[0].published_unix, 1715066100);
  EXPECT_EQ(d.urls[0].title, "Acme buys Initech for $2 billion");
  EXPECT_EQ(d.urls[1].published_unix, 1714953600);
  EXPECT_TRUE(d.warnings.empty());
}

TEST(FeedsTest, GzippedSitemapIsInflated) {
  std::string plain = Fixture("sitemap.xml");
  XmlDiscovery d = ParseFeedOrSitemap(Gzip(plain));
  EXPECT_EQ(d.kind, XmlDocKind::kUrlset);
  EXPECT_EQ(d.urls.size(), 4u);
  EXPECT_FALSE(HasWarningContaining(d, "gzip"));
}

// ---------------------------------------------------------------------------------------
// Dates.

TEST(FeedsTest, DatesInRfc822AndIso8601) {
  struct Case {
    const char* text;
    std::optional<int64_t> unix;
  } cases[] = {
      // RFC 822 / 1123 with named zones and numeric offsets (RFC 822 §5).
      {"Tue, 07 May 2024 09:30:00 GMT", 1715074200},
      {"Tue, 07 May 2024 09:30:00 +0000", 1715074200},
      {"Tue, 7 May 2024 11:30:00 +0200", 1715074200},
      {"Tue, 07 May 2024 05:30:00 EDT", 1715074200},
      {"Tue, 07 May 2024 01:30:00 PST", 1715074200},
      {"07 May 2024 09:30 UT", 1715074200},
      {"Fri, 31 Dec 99 23:59:59 GMT", 946684799},  // 2-digit year
      {"Tuesday, 07 May 2024 09:30:00 Z", 1715074200},
      {"7 May 2024", 1715040000},
      // ISO 8601 / W3C datetime.
      {"2024-05-07", 1715040000},
      {"2024-05-07T09:30:00Z", 1715074200},
      {"2024-05-07T09:30Z", 1715074200},
      {"2024-05-07T11:30:00+02:00", 1715074200},
      {"2024-05-07T04:30:00-0500", 1715074200},
      {"2024-05-07T09:30:00.123456Z", 1715074200},
      {"2024-05-07 09:30:00", 1715074200},  // no zone: UTC
      {"  2000-02-29T00:00:00Z \n", 951782400},
      {"1970-01-01T00:00:00Z", 0},
      // Unreadable.
      {"", std::nullopt},
      {"yesterday", std::nullopt},
      {"2024-13-01", std::nullopt},
      {"2024-05-07T25:00:00Z", std::nullopt},
      {"Tue, 07 Foo 2024 09:30:00 GMT", std::nullopt},
      {"2024-05-07T09:30:00+99:00", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseFeedDate(c.text), c.unix) << "\"" << c.text << "\"";
  }
}

// ---------------------------------------------------------------------------------------
// Hostile and broken bodies.

TEST(FeedsTest, GzipBombStopsAtTheLimitWithoutGrowingPastIt) {
  static const std::string bomb = Gzip("", size_t{1} << 30);  // 1 GiB of zeros, ~4.5 MB
  ASSERT_LT(bomb.size(), size_t{8} << 20);
  constexpr size_t kLimit = size_t{1} << 20;
  auto start = std::chrono::steady_clock::now();
  Inflated inflated = Gunzip(bomb, kLimit);
  EXPECT_TRUE(inflated.truncated);
  EXPECT_EQ(inflated.bytes.size(), kLimit);
  EXPECT_LE(inflated.bytes.capacity(), kLimit);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));

  // Through the parser with its default limit (50 MiB): cut, warned, nothing read.
  start = std::chrono::steady_clock::now();
  XmlDiscovery d = ParseFeedOrSitemap(bomb);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(d.kind, XmlDocKind::kUnknown);
  EXPECT_TRUE(HasWarningContaining(d, "past the limit of 52428800 bytes"));
}

TEST(FeedsTest, GzipBombInsideASitemapKeepsWhatCameBeforeTheLimit) {
  std::string head =
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<url><loc>https://bomb.example.com/1</loc></url>";
  XmlDiscovery d = ParseFeedOrSitemap(Gzip(head, size_t{64} << 20, ' '), size_t{1} << 20);
  EXPECT_EQ(d.kind, XmlDocKind::kUrlset);
  ASSERT_EQ(d.urls.size(), 1u);
  EXPECT_EQ(d.urls[0].url, "https://bomb.example.com/1");
  EXPECT_TRUE(HasWarningContaining(d, "past the limit"));
}

TEST(FeedsTest, ConcatenatedAndDamagedGzip) {
  std::string two =
      Gzip("<urlset><url><loc>a</loc></url>") + Gzip("<url><loc>b</loc></url></urlset>");
  XmlDiscovery d = ParseFeedOrSitemap(two);
  ASSERT_EQ(d.urls.size(), 2u);
  EXPECT_EQ(d.urls[1].url, "b");

  std::string gz = Gzip(Fixture("sitemap.xml"));
  Inflated cut = Gunzip(std::string_view(gz).substr(0, gz.size() - 12), 1 << 20);
  EXPECT_FALSE(cut.truncated);
  EXPECT_NE(cut.error, "");
  gz[20] ^= 0x55;
  EXPECT_NE(Gunzip(gz, 1 << 20).error, "");
}

TEST(FeedsTest, BillionLaughsIsNotExpanded) {
  auto start = std::chrono::steady_clock::now();
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("billion_laughs.xml"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(d.kind, XmlDocKind::kRss2);
  EXPECT_TRUE(HasWarningContaining(d, "10 entity declarations ignored"));
  for (const DiscoveredUrl& u : d.urls) {
    EXPECT_EQ(u.url.find("lol"), std::string::npos) << u.url;
    EXPECT_EQ(u.title.find("lol"), std::string::npos) << u.title;
  }
  ASSERT_FALSE(d.urls.empty());
  EXPECT_EQ(d.urls.back().url, "https://laughs.example.com/ok");
}

TEST(FeedsTest, ExternalEntitiesAreNeverRead) {
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("xxe.xml"));
  EXPECT_EQ(d.kind, XmlDocKind::kUrlset);
  ASSERT_EQ(d.urls.size(), 2u);
  EXPECT_EQ(d.urls[0].url, "https://xxe.example.com/");
  EXPECT_EQ(d.urls[1].url, "https://xxe.example.com/plain");
  EXPECT_TRUE(HasWarningContaining(d, "2 entity declarations ignored"));
  for (const std::string& w : d.warnings) EXPECT_EQ(w.find("root:"), std::string::npos) << w;
}

TEST(FeedsTest, TruncatedXmlGivesTheCompleteItemsAndWarnings) {
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("truncated.xml"));
  EXPECT_EQ(d.kind, XmlDocKind::kRss2);
  ASSERT_GE(d.urls.size(), 2u);
  EXPECT_EQ(d.urls[0].url, "https://cut.example.com/1");
  EXPECT_EQ(d.urls[1].url, "https://cut.example.com/2");
  EXPECT_TRUE(HasWarningContaining(d, "XML error at line"));
}

TEST(FeedsTest, HtmlServedAsAFeedIsUnknown) {
  XmlDiscovery d = ParseFeedOrSitemap(Fixture("html_page.html"));
  EXPECT_EQ(d.kind, XmlDocKind::kUnknown);
  EXPECT_TRUE(d.urls.empty());
  EXPECT_TRUE(HasWarningContaining(d, "root element <html> is not a feed or a sitemap"));
}

TEST(FeedsTest, EmptyAndNonXmlBodies) {
  XmlDiscovery empty = ParseFeedOrSitemap("");
  EXPECT_EQ(empty.kind, XmlDocKind::kUnknown);
  EXPECT_TRUE(HasWarningContaining(empty, "empty body"));

  XmlDiscovery json = ParseFeedOrSitemap("{\"version\": \"https://jsonfeed.org/version/1\"}");
  EXPECT_EQ(json.kind, XmlDocKind::kUnknown);
  EXPECT_TRUE(HasWarningContaining(json, "not XML"));

  XmlDiscovery spaces = ParseFeedOrSitemap(Gzip("  \n"));
  EXPECT_EQ(spaces.kind, XmlDocKind::kUnknown);
  EXPECT_FALSE(spaces.warnings.empty());
}

TEST(FeedsTest, KindNames) {
  EXPECT_EQ(XmlDocKindName(XmlDocKind::kSitemapIndex), "sitemapindex");
  EXPECT_EQ(XmlDocKindName(XmlDocKind::kUnknown), "unknown");
}

}  // namespace
}  // namespace byline::crawler
