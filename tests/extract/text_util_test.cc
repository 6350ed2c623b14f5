#include "extract/text_util.h"

#include <gtest/gtest.h>

namespace byline::extract {
namespace {

TEST(TextUtilTest, CollapseSpace) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"  a  b\t\nc  ", "a b c"},
      {"a\xC2\xA0\xC2\xA0"
       "b",
       "a b"},  // NBSP
      {"Mit\xC2\xAD"
       "tel\xC2\xAD"
       "al\xC2\xAD"
       "ter",
       "Mittelalter"},                          // soft hyphens vanish
      {"zero\xE2\x80\x8Bwidth", "zerowidth"},   // U+200B
      {"ideo\xE3\x80\x80space", "ideo space"},  // U+3000
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(CollapseSpace(c.in), c.want) << c.in;
}

TEST(TextUtilTest, TrimHandlesUnicodeSpace) {
  EXPECT_EQ(Trim("\xC2\xA0 x y \xE3\x80\x80"), "x y");
  EXPECT_EQ(Trim("   "), "");
}

TEST(TextUtilTest, CountWords) {
  EXPECT_EQ(CountWords("Hello, world! It's 2024."), 5u);
  EXPECT_EQ(CountWords(""), 0u);
}

TEST(TextUtilTest, CaseInsensitiveSearch) {
  EXPECT_TRUE(ContainsIgnoreCase("Related-Articles", "related"));
  EXPECT_FALSE(ContainsIgnoreCase("story", "comment"));
}

}  // namespace
}  // namespace byline::extract
