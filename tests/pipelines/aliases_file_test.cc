// The watchlist/alias TOML file (pipelines/aliases_file.cc).
#include "pipelines/aliases_file.h"

#include <gtest/gtest.h>

namespace byline::pipelines {
namespace {

TEST(AliasesFileTest, ParsesEntries) {
  auto r = ParseAliases(R"(
[[entity]]
canonical = "Alphabet"
aliases = ["Google", "GOOGL"]

[[entity]]
canonical = "Sam Altman"
type = "PERSON"
)",
                        "test.toml");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entries.size(), 2u);
  EXPECT_EQ(r->entries[0].canonical, "Alphabet");
  EXPECT_FALSE(r->entries[0].person);
  EXPECT_EQ(r->entries[0].forms, (std::vector<std::string>{"Google", "GOOGL"}));
  EXPECT_TRUE(r->entries[1].person);
  EXPECT_TRUE(r->entries[1].forms.empty());
}

TEST(AliasesFileTest, EmptyFileIsAnEmptyWatchlist) {
  auto r = ParseAliases("", "empty.toml");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->entries.empty());
}

TEST(AliasesFileTest, BadInputsAreClearErrors) {
  struct Case {
    const char* toml;
    const char* says;
  } cases[] = {
      {"[[entity]]\ncanonical = \n", "line 2"},
      {"[[entity]]\naliases = [\"x\"]\n", "no 'canonical'"},
      {"[[entity]]\ncanonical = \"X\"\ntype = \"PLACE\"\n", "type 'PLACE'"},
      {"[[entity]]\ncanonical = \"X\"\naliases = \"Y\"\n", "array of strings"},
      {"[[entity]]\ncanonical = \"X\"\naliases = [1, 2]\n", "array of strings"},
      {"entity = 3\n", "array of tables"},
  };
  for (const Case& c : cases) {
    auto r = ParseAliases(c.toml, "bad.toml");
    ASSERT_FALSE(r.ok()) << c.toml;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
    EXPECT_NE(r.status().message().find(c.says), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("bad.toml"), std::string::npos);
  }
}

TEST(AliasesFileTest, MissingFileIsNotFound) {
  auto r = LoadAliases("/nonexistent/watchlist.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace byline::pipelines
