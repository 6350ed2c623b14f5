// Main-text extraction, one named step at a time (extract/content.cc).
#include "extract/content.h"

#include <gtest/gtest.h>

#include <string>

#include "extract/html_parse.h"

namespace byline::extract {
namespace {

std::string Main(const std::string& html, std::string_view title = "",
                 std::string_view article_body = "") {
  Document doc = ParseHtml(html, ParseLimits{}, nullptr);
  ContentHints hints;
  hints.title = title;
  hints.article_body = article_body;
  return ExtractMainText(doc, hints);
}

const std::string kPara1 =
    "The company said on Tuesday that revenue rose 40 percent in the quarter, helped by strong "
    "demand for its data-center chips from cloud providers and large enterprises.";
const std::string kPara2 =
    "Analysts had expected a smaller gain, and shares rose 6 percent in late trading after the "
    "results were published, adding roughly $12 billion to its market value.";
const std::string kPara3 =
    "The chief executive told investors on a call that supply constraints would ease by the end "
    "of the year, though she declined to give a forecast for the next quarter.";

TEST(ContentTest, KeepsParagraphsSeparatedByBlankLines) {
  std::string text = Main("<html><body><article><p>" + kPara1 + "</p><p>" + kPara2 + "</p><p>" +
                          kPara3 + "</p></article></body></html>");
  EXPECT_EQ(text, kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
}

TEST(ContentTest, DropsNavigationShareBarsCommentsAndFooter) {
  std::string html =
      "<html><body><nav><ul><li><a href=/>Home</a></li><li><a href=/ai>AI news</a></li></ul>"
      "</nav><div class='share-buttons'><a>Share on Facebook</a></div>"
      "<div class='story'><p>" +
      kPara1 + "</p><p>" + kPara2 + "</p><p>" + kPara3 +
      "</p></div>"
      "<div id='comments'><p>I strongly disagree with this article, the numbers look wrong to "
      "me and I have followed this company for many years now.</p></div>"
      "<footer><p>Copyright 2024 Example Media. All rights reserved worldwide.</p></footer>"
      "</body></html>";
  std::string text = Main(html);
  EXPECT_NE(text.find(kPara1), std::string::npos);
  EXPECT_NE(text.find(kPara3), std::string::npos);
  EXPECT_EQ(text.find("AI news"), std::string::npos);
  EXPECT_EQ(text.find("Share on Facebook"), std::string::npos);
  EXPECT_EQ(text.find("disagree"), std::string::npos);
  EXPECT_EQ(text.find("Copyright"), std::string::npos);
}

TEST(ContentTest, PrefersArticleOverTeaserList) {
  std::string teasers;
  for (int i = 0; i < 8; ++i) {
    teasers += "<div class='card'><h3><a href='/s" + std::to_string(i) +
               "'>Another story headline that links somewhere else</a></h3>"
               "<div class='desc'>A teaser description that is long enough to look like prose, "
               "with commas, and a full stop.</div></div>";
  }
  std::string html = "<html><body><div class='main'><div class='body'><p>" + kPara1 + "</p><p>" +
                     kPara2 + "</p><p>" + kPara3 + "</p></div></div><div class='more'>" + teasers +
                     "</div></body></html>";
  std::string text = Main(html);
  EXPECT_NE(text.find(kPara2), std::string::npos);
  EXPECT_EQ(text.find("teaser description"), std::string::npos);
}

TEST(ContentTest, DropsRepeatedHeadline) {
  std::string text = Main("<html><body><article><h1>Chip sales soar</h1><p>" + kPara1 +
                              "</p><h2>What comes next</h2><p>" + kPara2 +
                              "</p></article>"
                              "</body></html>",
                          "Chip sales soar");
  EXPECT_EQ(text.find("Chip sales soar"), std::string::npos);
  EXPECT_NE(text.find("What comes next"), std::string::npos);  // subheadings stay
}

TEST(ContentTest, KeepsListsQuotesAndNoscriptInsideArticle) {
  std::string html = "<html><body><article><p>" + kPara1 +
                     "</p><ul><li>First point of the list</li><li>Second point</li></ul>"
                     "<blockquote><p>We are sold out through next year, said the CEO.</p>"
                     "</blockquote><noscript><p>The chart shows revenue by quarter.</p>"
                     "</noscript><p>" +
                     kPara2 + "</p></article></body></html>";
  std::string text = Main(html);
  EXPECT_NE(text.find("First point of the list"), std::string::npos);
  EXPECT_NE(text.find("We are sold out"), std::string::npos);
  EXPECT_NE(text.find("The chart shows revenue"), std::string::npos);
}

TEST(ContentTest, HiddenElementsAreNotText) {
  std::string html = "<html><body><article><p>" + kPara1 +
                     "</p><div style='display: none'>Hidden promo text here</div>"
                     "<p hidden>Also hidden text</p><p>" +
                     kPara2 + "</p></article></body></html>";
  std::string text = Main(html);
  EXPECT_EQ(text.find("Hidden promo"), std::string::npos);
  EXPECT_EQ(text.find("Also hidden"), std::string::npos);
}

TEST(ContentTest, BrSeparatedTextInDivs) {
  std::string html = "<html><body><div class='post'>" + kPara1 + "<br><br>" + kPara2 + "<br>" +
                     kPara3 + "</div></body></html>";
  std::string text = Main(html);
  EXPECT_NE(text.find(kPara1), std::string::npos);
  EXPECT_NE(text.find(kPara3), std::string::npos);
}

TEST(ContentTest, ArticleBodyUsedWhenPageHasNoText) {
  std::string body(400, 'x');
  body = "Structured data body. " + kPara1 + " " + kPara2 + " " + kPara3;
  std::string text = Main("<html><body><div id='app'></div></body></html>", "", body);
  EXPECT_EQ(text, body);
}

TEST(ContentTest, ArticleBodySteersTheChoice) {
  // Two candidate regions of equal size; the JSON-LD body names the second.
  std::string other =
      "This paragraph belongs to a sponsored feature that sits beside the real story and is "
      "about as long as it, with commas, and full stops.";
  std::string html = "<html><body><div class='a'><p>" + other + "</p><p>" + other + "</p></div>" +
                     "<div class='b'><p>" + kPara1 + "</p><p>" + kPara2 + "</p></div>" +
                     "</body></html>";
  std::string text = Main(html, "", kPara1 + " " + kPara2);
  EXPECT_NE(text.find(kPara1), std::string::npos);
  EXPECT_EQ(text.find("sponsored feature"), std::string::npos);
}

TEST(ContentTest, EmptyDocumentGivesEmptyText) {
  EXPECT_EQ(Main(""), "");
  EXPECT_EQ(Main("<html><body></body></html>"), "");
}

TEST(ContentTest, TailLabelsAreCut) {
  std::string html = "<html><body><article><p>" + kPara1 + "</p><p>" + kPara2 +
                     "</p><p>Photo: Jane Doe / Agency</p><h3>More on this topic:</h3>"
                     "</article></body></html>";
  std::string text = Main(html);
  EXPECT_NE(text.find(kPara2), std::string::npos);
  EXPECT_EQ(text.find("Photo: Jane"), std::string::npos);
  EXPECT_EQ(text.find("More on this topic"), std::string::npos);
}

TEST(ContentTest, NamedLedeBeforeTheBodyIsTakenBack) {
  std::string html =
      "<html><body><article><header><h1>Chip sales soar</h1>"
      "<div class='article-intro'>The maker of graphics chips beat forecasts "
      "again, and says demand will last.</div></header><div class='body'><p>" +
      kPara1 + "</p><p>" + kPara2 + "</p><p>" + kPara3 + "</p></div></article></body></html>";
  std::string text = Main(html, "Chip sales soar");
  EXPECT_EQ(text.find("The maker of graphics chips"), 0u) << text;
  EXPECT_EQ(text.find("Chip sales soar"), std::string::npos);
}

TEST(ContentTest, LabelOfALinkListGoesWithIt) {
  std::string html = "<html><body><article><p>" + kPara1 + "</p><p>" + kPara2 + "</p><p>" + kPara3 +
                     "</p><p>More on this topic:</p><ul><li><a href=/a>Another story about chips "
                     "and markets</a></li></ul><p>" +
                     kPara1 + "</p></article></body></html>";
  std::string text = Main(html);
  EXPECT_EQ(text.find("More on this topic"), std::string::npos) << text;
}

TEST(ContentTest, AdMarkersAndBareTimestampsAreNotText) {
  std::string html = "<html><body><article><p>" + kPara1 +
                     "</p><div>ANZEIGE - Heute mal bestellen?</div><p>20:37</p>"
                     "<ul><li>2024</li></ul><p>" +
                     kPara2 + "</p></article></body></html>";
  std::string text = Main(html);
  EXPECT_EQ(text.find("ANZEIGE"), std::string::npos);
  EXPECT_EQ(text.find("20:37"), std::string::npos);
  EXPECT_NE(text.find("2024"), std::string::npos);  // list items keep their numbers
}

}  // namespace
}  // namespace byline::extract
