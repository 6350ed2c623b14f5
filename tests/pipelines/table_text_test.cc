// Cutting text for the terminal table: widths in characters, keyword in context.
#include "pipelines/table_text.h"

#include <gtest/gtest.h>

#include <string>

namespace byline::pipelines {
namespace {

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(TableTextTest, WidthsCountCharactersNotBytes) {
  EXPECT_EQ(DisplayWidth("Zürich €5"), 9u);
  EXPECT_EQ(CutToWidth("Zürich €5", 2), "Zü");
  EXPECT_EQ(LastColumns("Zürich €5", 2), "€5");
  EXPECT_EQ(LastColumns("abc", 10), "abc");
  EXPECT_EQ(LastColumns("abc", 0), "");
}

TEST(TableTextTest, ASentenceThatFitsIsWhole) {
  EXPECT_EQ(KeywordInContext("Nvidia rose.", "Nvidia", 60), "Nvidia rose.");
}

TEST(TableTextTest, TheKeywordStaysInViewWithContextOnBothSides) {
  const std::string sentence =
      Repeat("left words ", 10) + "Onhal Health" + Repeat(" right words", 10);
  const std::string cut = KeywordInContext(sentence, "Onhal Health", 60);
  EXPECT_EQ(DisplayWidth(cut), 60u);
  EXPECT_EQ(cut.substr(0, 3), "...");
  EXPECT_EQ(cut.substr(cut.size() - 3), "...");
  const size_t at = cut.find("Onhal Health");
  ASSERT_NE(at, std::string::npos);
  // As much before as after.
  EXPECT_EQ(at, cut.size() - at - std::string("Onhal Health").size());
}

TEST(TableTextTest, ASideShownWholeGivesItsRoomToTheOther) {
  const std::string near_start = "As Nvidia" + Repeat(" said more", 20);
  const std::string cut = KeywordInContext(near_start, "Nvidia", 60);
  EXPECT_EQ(DisplayWidth(cut), 60u);
  EXPECT_EQ(cut.substr(0, 9), "As Nvidia");
  EXPECT_EQ(cut.substr(cut.size() - 3), "...");
  const std::string near_end = Repeat("more said ", 20) + "by Nvidia.";
  const std::string end_cut = KeywordInContext(near_end, "Nvidia", 60);
  EXPECT_EQ(DisplayWidth(end_cut), 60u);
  EXPECT_EQ(end_cut.substr(0, 3), "...");
  EXPECT_EQ(end_cut.substr(end_cut.size() - 10), "by Nvidia.");
}

TEST(TableTextTest, MultibyteContextIsNeverSplit) {
  const std::string sentence = Repeat("é", 50) + " €6 million " + Repeat("ü", 50);
  const std::string cut = KeywordInContext(sentence, "€6 million", 30);
  EXPECT_EQ(DisplayWidth(cut), 30u);
  EXPECT_NE(cut.find("€6 million"), std::string::npos);
  // Every character whole: the byte count is the one the characters add up to.
  size_t bytes = 0;
  for (size_t i = 0; i < cut.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(cut[i]);
    bytes += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 0;
  }
  EXPECT_EQ(bytes, cut.size());
}

TEST(TableTextTest, WithoutTheKeywordTheEndIsCut) {
  const std::string sentence = Repeat("words ", 30);
  EXPECT_EQ(KeywordInContext(sentence, "Nvidia", 60), CutToWidth(sentence, 57) + "...");
  EXPECT_EQ(KeywordInContext(sentence, "", 60), CutToWidth(sentence, 57) + "...");
}

}  // namespace
}  // namespace byline::pipelines
