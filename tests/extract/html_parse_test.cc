// Parsing into byline's Document and the guards around Gumbo (extract/html_parse.cc).
#include "extract/html_parse.h"

#include <gtest/gtest.h>

#include <string>

namespace byline::extract {
namespace {

TEST(HtmlParseTest, BuildsPreOrderTreeWithAttributes) {
  std::vector<std::string> warnings;
  Document doc = ParseHtml("<p class='x' id=y>Hello <b>world</b></p>", ParseLimits{}, &warnings);
  ASSERT_FALSE(doc.empty());
  EXPECT_EQ(doc.node(doc.root()).tag, Tag::kHtml);
  uint32_t p = doc.FindFirst(Tag::kP);
  ASSERT_NE(p, kNoNode);
  EXPECT_EQ(doc.Attr(p, "class"), "x");
  EXPECT_EQ(doc.Attr(p, "id"), "y");
  EXPECT_FALSE(doc.HasAttr(p, "style"));
  EXPECT_EQ(doc.InnerText(p), "Hello world");
  // Children come after their parent.
  for (uint32_t i = 1; i < doc.nodes().size(); ++i) EXPECT_LT(doc.node(i).parent, i);
  EXPECT_TRUE(warnings.empty());
}

TEST(HtmlParseTest, DecodesEntitiesAndKeepsUnknownTagNames) {
  Document doc = ParseHtml("<my-widget>a &amp; b &eacute;</my-widget>", ParseLimits{}, nullptr);
  uint32_t w = kNoNode;
  for (uint32_t i = 0; i < doc.nodes().size(); ++i) {
    if (!doc.node(i).is_text && doc.TagName(i) == "my-widget") w = i;
  }
  ASSERT_NE(w, kNoNode);
  EXPECT_EQ(doc.node(w).tag, Tag::kOther);
  EXPECT_EQ(doc.InnerText(w), "a & b \xC3\xA9");
}

TEST(HtmlParseTest, DepthLimitFlattensButKeepsText) {
  std::string html = "<body>";
  for (int i = 0; i < 50; ++i) html += "<div>";
  html += "deep";
  ParseLimits limits;
  limits.max_depth = 10;
  std::vector<std::string> warnings;
  Document doc = ParseHtml(html, limits, &warnings);
  uint32_t max_depth = 0;
  for (const Node& n : doc.nodes()) max_depth = std::max(max_depth, n.depth);
  EXPECT_LE(max_depth, 11u);
  EXPECT_EQ(doc.InnerText(doc.root()), "deep");
  EXPECT_FALSE(warnings.empty());
}

TEST(HtmlParseTest, NodeLimitDropsTheRest) {
  std::string html = "<body>";
  for (int i = 0; i < 1000; ++i) html += "<span>x</span>";
  ParseLimits limits;
  limits.max_nodes = 100;
  std::vector<std::string> warnings;
  Document doc = ParseHtml(html, limits, &warnings);
  EXPECT_LE(doc.nodes().size(), 100u);
  ASSERT_FALSE(warnings.empty());
}

TEST(CapNestingTest, LeavesNormalPagesAlone) {
  std::string out = "untouched";
  EXPECT_FALSE(CapNesting("<div><p>a<p>b<li>c</div>", 3, &out));
  EXPECT_EQ(out, "untouched");
}

TEST(CapNestingTest, RemovesTagsBeyondTheCapWithTheirEndTags) {
  std::string out;
  ASSERT_TRUE(CapNesting("<div><div><div><div>x</div></div></div></div>", 2, &out));
  EXPECT_EQ(out, "<div><div>x</div></div>");
}

TEST(CapNestingTest, IgnoresTagsInCommentsAndScripts) {
  std::string out;
  std::string html = "<div><!-- <div><div><div> --><script>if (a<b) '<div><div>'</script>x</div>";
  EXPECT_FALSE(CapNesting(html, 2, &out));  // div and script
}

TEST(CapNestingTest, UnclosedParagraphsDoNotCount) {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<p>para";
  std::string out;
  EXPECT_FALSE(CapNesting(html, 100, &out));
}

}  // namespace
}  // namespace byline::extract
