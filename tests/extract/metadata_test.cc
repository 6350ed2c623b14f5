#include "extract/metadata.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.h"
#include "extract/html_parse.h"

namespace byline::extract {
namespace {

using Names = std::vector<std::string>;

Metadata Extract(std::string_view html, std::string_view url = "") {
  Document doc = ParseHtml(html, ParseLimits{}, nullptr);
  return ExtractMetadata(doc, url);
}

// ---------------------------------------------------------------------------------------
// SplitAuthors

struct SplitCase {
  const char* byline;
  Names want;
};

class SplitAuthorsTest : public ::testing::TestWithParam<SplitCase> {};

TEST_P(SplitAuthorsTest, Splits) {
  EXPECT_EQ(SplitAuthors(GetParam().byline), GetParam().want) << GetParam().byline;
}

INSTANTIATE_TEST_SUITE_P(
    SplitAuthors, SplitAuthorsTest,
    ::testing::Values(
        SplitCase{"By Jane Doe and John Roe, Staff Writers", {"Jane Doe", "John Roe"}},
        SplitCase{"By Jane Doe and John Roe | Staff", {"Jane Doe", "John Roe"}},
        SplitCase{"Von Max Mustermann und Erika Musterfrau",
                  {"Max Mustermann", "Erika Musterfrau"}},
        SplitCase{"Par Marie Merlet", {"Marie Merlet"}},
        SplitCase{"Por Juan Carlos Muñoz", {"Juan Carlos Muñoz"}},
        SplitCase{"Jane Doe, Reporter", {"Jane Doe"}},
        SplitCase{"Jane Doe Senior Correspondent", {"Jane Doe"}},
        SplitCase{"BY JANE DOE", {"JANE DOE"}}, SplitCase{"Jane Doe (AP)", {"Jane Doe"}},
        SplitCase{"By Jane Doe / Reuters", {"Jane Doe"}},
        SplitCase{"By Jane Doe jane.doe@example.com @janedoe", {"Jane Doe"}},
        SplitCase{"By Jane Doe | May 1, 2024 10:00 AM", {"Jane Doe"}},
        SplitCase{"Jane Doe Updated 3 hours ago", {"Jane Doe"}},
        SplitCase{"Jane Doe, Jane Doe", {"Jane Doe"}},
        SplitCase{"Jane Doe and JANE DOE", {"Jane Doe"}},
        SplitCase{"Jane Doe, John Roe & Ann Poe", {"Jane Doe", "John Roe", "Ann Poe"}},
        SplitCase{"Ursula von der Leyen", {"Ursula von der Leyen"}},
        SplitCase{"By Ursula K. Le Guin", {"Ursula K. Le Guin"}},
        SplitCase{"Theresa May", {"Theresa May"}},
        SplitCase{"VON MORITZ GATHMANN am 21. April 2020", {"MORITZ GATHMANN"}},
        SplitCase{"Par Marie Dupont le 3 mai 2022", {"Marie Dupont"}},
        SplitCase{"Text: Anna Schmidt, Fotos: Peter Meier", {"Anna Schmidt"}},
        SplitCase{"Jane Doe, Berlin", {"Jane Doe"}}, SplitCase{"Steffi", {"Steffi"}},
        SplitCase{"Staff", {}}, SplitCase{"Editorial Team", {}}, SplitCase{"Redaktion", {}},
        SplitCase{"admin", {}}, SplitCase{"Associated Press", {}}, SplitCase{"AP", {}},
        SplitCase{"jane doe", {}}, SplitCase{"Jane Doe 2024", {"Jane Doe"}},
        SplitCase{"This is a sentence that is certainly not somebody's name", {}},
        SplitCase{"", {}}));

// ---------------------------------------------------------------------------------------
// NormalizeDate

struct DateCase {
  const char* text;
  std::optional<std::string> want;
};

class NormalizeDateTest : public ::testing::TestWithParam<DateCase> {};

TEST_P(NormalizeDateTest, Normalizes) {
  EXPECT_EQ(NormalizeDate(GetParam().text), GetParam().want) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    NormalizeDate, NormalizeDateTest,
    ::testing::Values(
        DateCase{"2024-05-01", "2024-05-01"},
        DateCase{"2024-05-01T10:00:00+02:00", "2024-05-01T10:00:00+02:00"},
        DateCase{"2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"},
        DateCase{"2024-05-01T10:00:00.000Z", "2024-05-01T10:00:00Z"},
        DateCase{"2024-05-01T10:00:00-0500", "2024-05-01T10:00:00-05:00"},
        DateCase{"2024-05-01 10:00", "2024-05-01T10:00:00"},
        DateCase{"Wed, 01 May 2024 10:00:00 GMT", "2024-05-01T10:00:00Z"},
        DateCase{"May 1, 2024", "2024-05-01"}, DateCase{"May 1st, 2024", "2024-05-01"},
        DateCase{"1 May 2024", "2024-05-01"}, DateCase{"01.05.2024", "2024-05-01"},
        DateCase{"2024/05/01", "2024-05-01"}, DateCase{"1. Mai 2024", "2024-05-01"},
        DateCase{"12. März 2023, 14:30 Uhr", "2023-03-12T14:30:00"},
        DateCase{"1er mai 2024", "2024-05-01"}, DateCase{"3 de mayo de 2022", "2022-05-03"},
        DateCase{"Published: Sept. 3, 2023 at 5:15 pm EDT", "2023-09-03T17:15:00-04:00"},
        DateCase{"25/12/2023", "2023-12-25"}, DateCase{"2024年5月1日", "2024-05-01"},
        DateCase{"1714557600", "2024-05-01T10:00:00Z"}, DateCase{"2024-02-29", "2024-02-29"},
        DateCase{"2023-02-29", std::nullopt}, DateCase{"2024-02-30", std::nullopt},
        DateCase{"2024-13-01", std::nullopt}, DateCase{"1985-01-01", std::nullopt},
        DateCase{"05/01/2024", std::nullopt},  // month/day order unknown
        DateCase{"May 2024", std::nullopt},    // no day
        DateCase{"not a date", std::nullopt}, DateCase{"", std::nullopt}));

// ---------------------------------------------------------------------------------------
// DateFromUrl

class DateFromUrlTest : public ::testing::TestWithParam<DateCase> {};

TEST_P(DateFromUrlTest, Finds) {
  EXPECT_EQ(DateFromUrl(GetParam().text), GetParam().want) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    DateFromUrl, DateFromUrlTest,
    ::testing::Values(
        DateCase{"https://example.com/2024/05/01/story", "2024-05-01"},
        DateCase{"https://example.com/2017/7/12/unter-uns", "2017-07-12"},
        DateCase{"https://example.com/news/2024-05-01-story.html", "2024-05-01"},
        DateCase{"https://example.com/20240501/story", "2024-05-01"},
        DateCase{"https://web.archive.org/web/20140109030403/http://b.example.org/2013/12/09/p/",
                 "2013-12-09"},
        DateCase{"2024-05-01", "2024-05-01"},
        DateCase{"https://example.com/2024/05/story", std::nullopt},
        DateCase{"https://example.com/2019/43/klimaschutz", std::nullopt},
        DateCase{"https://example.com/2024/13/01/story", std::nullopt},
        DateCase{"https://example.com/story?date=2024-05-01", std::nullopt},
        DateCase{"https://example.com/item/123456789", std::nullopt}, DateCase{"", std::nullopt}));

// ---------------------------------------------------------------------------------------
// ExtractMetadata

TEST(MetadataTest, JsonLdGraphArticle) {
  Metadata m = Extract(R"(<html lang="en-US"><head>
    <title>Bridge opens at last | The Daily Planet</title>
    <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"WebSite","@id":"https://planet.example/#site","name":"The Daily Planet"},
      {"@type":"Organization","@id":"https://planet.example/#org","name":"Daily Planet Inc"},
      {"@type":"WebPage","@id":"https://planet.example/news/bridge","name":"Bridge | Planet"},
      {"@type":["NewsArticle"],"headline":"Bridge opens at last",
       "author":[{"@id":"https://planet.example/#/person/1"},
                 {"@type":"Person","name":"John Roe"}],
       "publisher":{"@id":"https://planet.example/#org"},
       "datePublished":"2024-05-01T10:00:00+02:00","dateModified":"2024-05-03T08:00:00Z",
       "mainEntityOfPage":{"@id":"https://planet.example/news/bridge"},
       "articleBody":"The bridge\n  opened   today."},
      {"@type":"Person","@id":"https://planet.example/#/person/1","name":"Jane Doe"}]}
    </script></head><body><h1>Bridge opens at last</h1><p>Text.</p></body></html>)",
                       "https://planet.example/news/bridge?utm=x");
  EXPECT_EQ(m.title, "Bridge opens at last");
  EXPECT_EQ(m.authors, (Names{"Jane Doe", "John Roe"}));
  EXPECT_EQ(m.published, "2024-05-01T10:00:00+02:00");
  EXPECT_EQ(m.site, "Daily Planet Inc");
  EXPECT_EQ(m.url, "https://planet.example/news/bridge");
  EXPECT_EQ(m.language, "en");
  EXPECT_EQ(m.article_body, "The bridge opened today.");
}

TEST(MetadataTest, OpenGraphOnly) {
  Metadata m = Extract(R"(<html><head>
    <meta property="og:title" content="Rain expected all week">
    <meta property="og:site_name" content="Weather Today">
    <meta property="og:url" content="https://weather.example/rain">
    <meta property="og:locale" content="de_DE">
    <meta property="article:published_time" content="2023-10-16T06:00:00Z">
    <meta property="article:author" content="https://www.facebook.com/someone">
    <title>Rain expected all week - Weather Today</title></head>
    <body><p>Some text.</p></body></html>)",
                       "https://weather.example/rain?ref=home");
  EXPECT_EQ(m.title, "Rain expected all week");
  EXPECT_TRUE(m.authors.empty());  // a profile URL is not a name
  EXPECT_EQ(m.published, "2023-10-16T06:00:00Z");
  EXPECT_EQ(m.site, "Weather Today");
  EXPECT_EQ(m.url, "https://weather.example/rain");
  EXPECT_EQ(m.language, "de");
  EXPECT_TRUE(m.article_body.empty());
}

TEST(MetadataTest, VisibleBylineOnly) {
  std::string html = R"(<html><head><title>Council votes on budget</title></head><body>
    <nav><a href="/">Home</a></nav>
    <article><h1>Council votes on budget</h1>
    <p class="meta">By Jane Doe and John Roe | Staff</p>
    <p>The council voted on Tuesday.</p></article></body></html>)";
  Document doc = ParseHtml(html, ParseLimits{}, nullptr);
  Metadata m = ExtractMetadata(doc, "");
  EXPECT_EQ(m.authors, (Names{"Jane Doe", "John Roe"}));
  ASSERT_EQ(m.byline_nodes.size(), 1u);
  EXPECT_EQ(doc.node(m.byline_nodes[0]).tag, Tag::kP);
  EXPECT_EQ(doc.InnerText(m.byline_nodes[0]), "By Jane Doe and John Roe | Staff");
  EXPECT_EQ(m.title, "Council votes on budget");
}

TEST(MetadataTest, BylineMarkupWithDate) {
  Metadata m = Extract(R"(<html><body><h1>Neue Brücke eröffnet</h1>
    <div class="article-byline"><span class="author">Von Max Mustermann</span>
    <span>3. Mai 2024, 14:30 Uhr</span></div><p>Text.</p></body></html>)");
  EXPECT_EQ(m.authors, (Names{"Max Mustermann"}));
  EXPECT_EQ(m.published, "2024-05-03T14:30:00");
  EXPECT_FALSE(m.byline_nodes.empty());
}

TEST(MetadataTest, OrganizationAuthorIsNotAPerson) {
  Metadata m = Extract(R"(<html><head><script type="application/ld+json">
    {"@type":"Article","headline":"Quarterly results",
     "author":{"@type":"Organization","name":"Acme Corp Newsroom"},
     "publisher":{"@type":"Organization","name":"Acme Corp"}}</script>
    <meta name="author" content="Acme Corp"></head><body><p>x</p></body></html>)");
  EXPECT_TRUE(m.authors.empty()) << m.authors.size();
  EXPECT_EQ(m.site, "Acme Corp");
}

TEST(MetadataTest, PersonKeptBesideOrganization) {
  Metadata m = Extract(R"(<html><head><script type="application/ld+json">
    {"@type":"BlogPosting","headline":"Notes",
     "author":[{"@type":"Organization","name":"Acme"},{"@type":"Person","name":"Ann Poe"}]}
    </script></head><body></body></html>)");
  EXPECT_EQ(m.authors, (Names{"Ann Poe"}));
}

TEST(MetadataTest, AuthorEqualToSiteIsDropped) {
  Metadata m = Extract(R"(<html><head><meta property="og:site_name" content="Telebasel">
    <meta name="author" content="Telebasel"></head><body></body></html>)",
                       "https://telebasel.example/story");
  EXPECT_TRUE(m.authors.empty());
}

TEST(MetadataTest, CommentAuthorsAreIgnored) {
  Metadata m = Extract(R"(<html><body><article><h1>Headline of the story</h1>
    <p>Text of the story.</p></article>
    <div class="comments"><div class="comment"><span class="author">Bob Smith</span>
    <p>Nice!</p></div></div></body></html>)");
  EXPECT_TRUE(m.authors.empty());
}

TEST(MetadataTest, StructuredSourceAgreeingWithVisibleBylineWins) {
  // JSON-LD names the CMS account; parsely-author and the page name the writers.
  Metadata m = Extract(R"(<html><head>
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"Crash on I-95",
      "author":{"@type":"Person","name":"Kate Poster"}}</script>
    <meta name="parsely-author" content="Jessica Holly">
    <meta name="parsely-author" content="Gail Levy"></head>
    <body><article><h1>Crash on I-95</h1>
    <div class="byline">By Jessica Holly and Gail Levy</div><p>Text.</p></article>
    </body></html>)");
  EXPECT_EQ(m.authors, (Names{"Jessica Holly", "Gail Levy"}));
}

TEST(MetadataTest, BylineCompletesStructuredAuthors) {
  Metadata m = Extract(R"(<html><head><meta name="author" content="Jane Doe"></head>
    <body><h1>Two people wrote this story</h1>
    <p class="byline">By Jane Doe and John Roe</p><p>Text.</p></body></html>)");
  EXPECT_EQ(m.authors, (Names{"Jane Doe", "John Roe"}));
}

TEST(MetadataTest, PersonTypedAsOrganizationToo) {
  // A one-person blog: the owner is typed ["Person", "Organization"] and is the publisher.
  Metadata m = Extract(R"(<html><head><script type="application/ld+json">{"@graph":[
    {"@type":["Person","Organization"],"@id":"#me","name":"Andreas Kalt"},
    {"@type":"BlogPosting","headline":"Fifteen years","author":{"@id":"#me"},
     "publisher":{"@id":"#me"}}]}</script></head><body></body></html>)");
  EXPECT_EQ(m.authors, (Names{"Andreas Kalt"}));
}

TEST(MetadataTest, BylineInsideProseIsNotRecorded) {
  std::string html = R"(<html><body><article><h1>A long enough headline</h1>
    <p>As <a rel="author" href="/jane">Jane Doe</a> wrote last week in a piece that everyone
    read, the council has been arguing about this bridge for many years now, and the end of
    the argument is not in sight: nobody wants to pay for it, and everyone wants to use it.</p>
    </article></body></html>)";
  Document doc = ParseHtml(html, ParseLimits{}, nullptr);
  Metadata m = ExtractMetadata(doc, "");
  EXPECT_EQ(m.authors, (Names{"Jane Doe"}));
  EXPECT_TRUE(m.byline_nodes.empty());
}

TEST(MetadataTest, DateNextToBylineBeatsPageHeaderTime) {
  Metadata m = Extract(R"(<html><body>
    <div class="top"><time>Mittwoch, 01. November 2023</time></div>
    <div class="intro"><p class="kicker">Im Schlepptau</p>
    <p><span class="text_datum">31. Oktober 2023.</span> Dragqueens sind Kunstfiguren.</p>
    <p class="text_autor">Von Georg Kasch</p></div></body></html>)");
  EXPECT_EQ(m.authors, (Names{"Georg Kasch"}));
  EXPECT_EQ(m.published, "2023-10-31");
}

TEST(MetadataTest, TimeTextWhenDatetimeIsUnreadable) {
  Metadata m = Extract(R"(<html><body><article><h1>Headline of the piece</h1>
    <time datetime="gestern">1. November 2023 10:29</time><p>Text.</p></article>
    </body></html>)");
  EXPECT_EQ(m.published, "2023-11-01T10:29:00");
}

struct TitleCase {
  const char* head;
  const char* url;
  std::optional<std::string> want;
};

class MetadataTitleTest : public ::testing::TestWithParam<TitleCase> {};

TEST_P(MetadataTitleTest, Title) {
  std::string html = std::string("<html><head>") + GetParam().head + "</head><body></body></html>";
  EXPECT_EQ(Extract(html, GetParam().url).title, GetParam().want) << GetParam().head;
}

INSTANTIATE_TEST_SUITE_P(
    MetadataTitle, MetadataTitleTest,
    ::testing::Values(
        TitleCase{"<title>Headline Here | Example News</title>"
                  "<meta property='og:site_name' content='Example News'>",
                  "", "Headline Here"},
        TitleCase{"<title>Example News - Headline Here</title>"
                  "<meta property='og:site_name' content='Example News'>",
                  "", "Headline Here"},
        TitleCase{"<title>A longer headline about things \xE2\x80\x94 Example</title>",
                  "https://www.example.com/a", "A longer headline about things"},
        TitleCase{"<title>A longer headline about many things :: Site</title>", "",
                  "A longer headline about many things"},
        TitleCase{"<title>Plain headline without site</title>", "", "Plain headline without site"},
        TitleCase{"<title>Headline | Example News</title>"
                  "<meta property='og:title' content='Headline - and more | Example News'>"
                  "<meta property='og:site_name' content='Example News'>",
                  "", "Headline - and more"},
        TitleCase{"<title>  </title>", "", std::nullopt}, TitleCase{"", "", std::nullopt}));

TEST(MetadataTest, HeadlineAgreeingWithH1Wins) {
  Metadata m = Extract(R"(<html><head><meta property="og:title" content="SEO title">
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"Real headline"}
    </script><title>Real headline | Site</title></head>
    <body><h1>Site logo</h1><article><h1>Real headline</h1></article></body></html>)");
  EXPECT_EQ(m.title, "Real headline");
}

TEST(MetadataTest, LoneH1BeatsSeoTitles) {
  // og:title and <title> agree with each other but are the SEO variant of the headline.
  Metadata m = Extract(R"(<html><head>
    <meta property="og:title" content="Best cat toys 2022 - comparison">
    <title>Best cat toys 2022 - comparison</title></head>
    <body><h1 class="site-logo"><a href="/">Pet Magazine</a></h1>
    <h1>Buying guide: electronic cat toys keep cats busy</h1></body></html>)");
  EXPECT_EQ(m.title, "Buying guide: electronic cat toys keep cats busy");
}

TEST(MetadataTest, RelativeCanonicalIsResolved) {
  struct Case {
    const char* href;
    const char* page;
    std::optional<std::string> want;
  };
  const Case cases[] = {
      {"/news/story.html", "https://example.com/a/b?x=1", "https://example.com/news/story.html"},
      {"../c.html", "https://example.com/a/b/d.html", "https://example.com/a/c.html"},
      {"story2", "https://example.com/a/b", "https://example.com/a/story2"},
      {"//cdn.example.org/x", "https://example.com/a", "https://cdn.example.org/x"},
      {"https://other.example/x", "", "https://other.example/x"},
      {"javascript:void(0)", "https://example.com/a/b", "https://example.com/a/b"},
      {"ftp://example.com/file", "", std::nullopt},
      {"/relative/without/base", "", std::nullopt},
  };
  for (const Case& c : cases) {
    std::string html = std::string("<html><head><link rel='canonical' href='") + c.href +
                       "'></head><body></body></html>";
    EXPECT_EQ(Extract(html, c.page).url, c.want) << c.href << " on " << c.page;
  }
}

TEST(MetadataTest, LateJsonLdAfterBrokenBlock) {
  Metadata m = Extract(R"(<html><head>
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
    <script type="application/ld+json"><!--
      {"@type":"NewsArticle","headline":"Second block wins",
       "author":{"@type":"Person","name":"Ann
 Poe"},"datePublished":"2022-01-21"};
    --></script></head><body></body></html>)");
  EXPECT_EQ(m.title, "Second block wins");
  EXPECT_EQ(m.authors, (Names{"Ann Poe"}));
  EXPECT_EQ(m.published, "2022-01-21");
}

TEST(MetadataTest, DatePriority) {
  // JSON-LD over meta over <time> over the URL.
  const char* kTail = R"(<body><h1>Headline text here</h1>
    <time datetime="2020-03-03">March 3</time></body></html>)";
  std::string ld = R"(<script type="application/ld+json">{"@type":"Article",
    "datePublished":"2020-01-01"}</script>)";
  std::string meta = R"(<meta property="article:published_time" content="2020-02-02">)";
  std::string url = "https://example.com/2020/04/04/story";
  EXPECT_EQ(Extract("<html><head>" + ld + meta + "</head>" + kTail, url).published, "2020-01-01");
  EXPECT_EQ(Extract("<html><head>" + meta + "</head>" + kTail, url).published, "2020-02-02");
  EXPECT_EQ(Extract(std::string("<html><head></head>") + kTail, url).published, "2020-03-03");
  EXPECT_EQ(Extract("<html><head></head><body><p>x</p></body></html>", url).published,
            "2020-04-04");
  // dateModified is the last resort, after the URL.
  std::string modified = R"(<script type="application/ld+json">{"@type":"Article",
    "dateModified":"2021-05-05"}</script>)";
  EXPECT_EQ(Extract("<html><head>" + modified + "</head><body></body></html>", url).published,
            "2020-04-04");
  EXPECT_EQ(Extract("<html><head>" + modified + "</head><body></body></html>").published,
            "2021-05-05");
}

TEST(MetadataTest, Microdata) {
  Metadata m = Extract(R"(<html><body><div itemscope itemtype="https://schema.org/Article">
    <h2 itemprop="headline">Microdata headline</h2>
    <span itemprop="author" itemscope itemtype="https://schema.org/Person">
      <span itemprop="name">Lena Berg</span></span>
    <meta itemprop="datePublished" content="2021-11-19">
    <div itemprop="articleBody"><p>Body  one.</p><p>Body two.</p></div></div>
    </body></html>)");
  EXPECT_EQ(m.title, "Microdata headline");
  EXPECT_EQ(m.authors, (Names{"Lena Berg"}));
  EXPECT_EQ(m.published, "2021-11-19");
  EXPECT_EQ(m.article_body, "Body one. Body two.");
}

TEST(MetadataTest, LanguageSources) {
  EXPECT_EQ(Extract("<html lang='fr-CA'><body></body></html>").language, "fr");
  EXPECT_EQ(
      Extract("<html><head><meta property='og:locale' content='es_ES'></head></html>").language,
      "es");
  EXPECT_EQ(Extract("<html><head><meta http-equiv='content-language' content='nl'></head>"
                    "</html>")
                .language,
            "nl");
  EXPECT_EQ(Extract("<html><body><p>Hello there, this is text.</p></body></html>").language,
            std::nullopt);
}

TEST(MetadataTest, SiteSources) {
  EXPECT_EQ(Extract("<html><head><meta name='application-name' content='Blog X'></head>"
                    "</html>")
                .site,
            "Blog X");
  // The host is not a site name.
  EXPECT_EQ(Extract("<html><body></body></html>", "https://news.example.com/a").site, std::nullopt);
}

TEST(MetadataTest, EmptyAndDeepDocuments) {
  Document empty;
  Metadata m = ExtractMetadata(empty, "https://example.com/2024/05/01/a");
  EXPECT_EQ(m.published, "2024-05-01");
  EXPECT_EQ(m.url, "https://example.com/2024/05/01/a");

  // 100,000 nested elements: nothing may recurse.
  Document deep;
  uint32_t node = deep.AddElement(kNoNode, Tag::kHtml, "html");
  node = deep.AddElement(node, Tag::kBody, "body");
  for (int i = 0; i < 100000; ++i) node = deep.AddElement(node, Tag::kDiv, "div");
  uint32_t h1 = deep.AddElement(node, Tag::kH1, "h1");
  deep.AddText(h1, "Deep headline");
  uint32_t p = deep.AddElement(node, Tag::kP, "p");
  deep.AddText(p, "By Jane Doe");
  Metadata d = ExtractMetadata(deep, "");
  EXPECT_EQ(d.title, "Deep headline");
  EXPECT_EQ(d.authors, (Names{"Jane Doe"}));
}

}  // namespace
}  // namespace byline::extract
