// Walks tests/extract/fixtures/pages/: every <name>.html is one test case, checked against the
// expectations in <name>.json beside it:
//
//   {"description": "...",         what the page exercises (not checked)
//    "page_url": "...",            the URL the page was fetched from (ExtractOptions::url)
//    "title": "...", "published": "...", "site": "...", "language": "..", "url": "...",
//                                  checked exactly when present (null: must be absent)
//    "authors": [...],             checked as a set when present
//    "text_contains": [...],       whole paragraphs or sentences, in document order
//    "text_excludes": [...],       boilerplate that must not be in the text
//    "paragraphs_min": N}          at least N paragraphs
//
// Every page's text is also checked for form: valid UTF-8, paragraphs separated by exactly one
// blank line, no leading or trailing white space, no runs of spaces.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extract.h"
#include "tests/extract/utf8_oracle.h"

namespace byline::extract {
namespace {

namespace fs = std::filesystem;

fs::path PagesDir() { return fs::path(BYLINE_FIXTURES_DIR) / "pages"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The fixture names (file stems), sorted, found at run time.
std::vector<std::string> FixtureNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(PagesDir(), ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".html") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The text around byte `pos` of `text`, for failure messages.
std::string Around(std::string_view text, size_t pos) {
  const size_t from = pos > 60 ? pos - 60 : 0;
  return std::string(text.substr(from, 120));
}

std::vector<std::string_view> SplitParagraphs(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

std::string Describe(const std::optional<std::string>& v) { return v ? "\"" + *v + "\"" : "null"; }

// Checks the text's form; returns the problems found.
std::vector<std::string> FormProblems(std::string_view text) {
  std::vector<std::string> problems;
  if (size_t bad = byline::test_oracle::FirstInvalidUtf8(text); bad != std::string_view::npos) {
    problems.push_back("invalid UTF-8 at byte " + std::to_string(bad) +
                       " near: " + Around(text, bad));
  }
  if (text.find('\0') != std::string_view::npos) problems.push_back("text holds a NUL byte");
  if (size_t p = text.find("\n\n\n"); p != std::string_view::npos) {
    problems.push_back("more than one blank line between paragraphs at byte " + std::to_string(p) +
                       " near: " + Around(text, p));
  }
  if (size_t p = text.find("  "); p != std::string_view::npos) {
    problems.push_back("run of spaces at byte " + std::to_string(p) + " near: " + Around(text, p));
  }
  for (std::string_view bad : {"\t", "\r", "\f", "\v", " \n", "\n "}) {
    if (size_t p = text.find(bad); p != std::string_view::npos) {
      problems.push_back("white space at a line edge or a control character at byte " +
                         std::to_string(p) + " near: " + Around(text, p));
      break;
    }
  }
  if (!text.empty()) {
    const char first = text.front();
    const char last = text.back();
    if (first == ' ' || first == '\n') problems.push_back("text starts with white space");
    if (last == ' ' || last == '\n') problems.push_back("text ends with white space");
  }
  return problems;
}

class FixturePageTest : public testing::TestWithParam<std::string> {};

TEST_P(FixturePageTest, MatchesExpectations) {
  const fs::path html_path = PagesDir() / (GetParam() + ".html");
  const fs::path json_path = PagesDir() / (GetParam() + ".json");
  ASSERT_TRUE(fs::exists(json_path)) << "no expectations file " << json_path;
  const std::string html = ReadFile(html_path);
  ASSERT_FALSE(html.empty()) << html_path << " is empty";
  nlohmann::json expect;
  try {
    expect = nlohmann::json::parse(ReadFile(json_path));
  } catch (const nlohmann::json::exception& e) {
    FAIL() << json_path << " is not valid JSON: " << e.what();
  }
  ASSERT_TRUE(expect.is_object()) << json_path << " must hold a JSON object";
  // A misspelt key would silently check nothing.
  for (const auto& [key, value] : expect.items()) {
    static const std::set<std::string> kKnown = {
        "description", "page_url", "title",         "authors",       "published",     "site",
        "language",    "url",      "text_contains", "text_excludes", "paragraphs_min"};
    ASSERT_TRUE(kKnown.count(key)) << json_path << ": unknown key \"" << key << "\"";
  }

  ExtractOptions options;
  if (expect.contains("page_url")) options.url = expect["page_url"].get<std::string>();
  Result<Article> result = ExtractHtml(html, options);
  ASSERT_TRUE(result.ok()) << "ExtractHtml failed on " << html_path << ": "
                           << result.status().ToString();
  const Article& a = *result;
  const std::string& text = a.text;
  SCOPED_TRACE("page " + GetParam() + ".html (charset " + a.charset + ")");

  // Metadata fields: exact when present; JSON null means "must be absent".
  auto check_field = [&](const char* key, const std::optional<std::string>& actual) {
    if (!expect.contains(key)) return;
    const nlohmann::json& e = expect[key];
    std::optional<std::string> want;
    if (!e.is_null()) want = e.get<std::string>();
    EXPECT_EQ(actual, want) << key << ": got " << Describe(actual) << ", expected "
                            << Describe(want);
  };
  check_field("title", a.title);
  check_field("published", a.published);
  check_field("site", a.site);
  check_field("language", a.language);
  check_field("url", a.url);
  if (expect.contains("authors")) {
    std::vector<std::string> want = expect["authors"].get<std::vector<std::string>>();
    std::vector<std::string> got = a.authors;
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want) << "authors: got " << nlohmann::json(a.authors).dump() << ", expected "
                         << expect["authors"].dump();
  }

  // Text: wanted passages present and in document order, boilerplate absent.
  size_t last_pos = 0;
  std::string last_snippet;
  for (const auto& item : expect.value("text_contains", nlohmann::json::array())) {
    const std::string want = item.get<std::string>();
    const size_t pos = text.find(want);
    if (pos == std::string::npos) {
      ADD_FAILURE() << "text lacks: \"" << want << "\"\n--- text ---\n" << text << "\n------------";
      continue;
    }
    if (pos < last_pos) {
      ADD_FAILURE() << "out of order: \"" << want << "\" comes before \"" << last_snippet
                    << "...\"";
    }
    last_pos = pos;
    last_snippet = want.substr(0, 60);
  }
  for (const auto& item : expect.value("text_excludes", nlohmann::json::array())) {
    const std::string bad = item.get<std::string>();
    if (const size_t pos = text.find(bad); pos != std::string::npos) {
      ADD_FAILURE() << "text holds boilerplate \"" << bad << "\" near: " << Around(text, pos);
    }
  }
  if (expect.contains("paragraphs_min")) {
    const size_t min = expect["paragraphs_min"].get<size_t>();
    const size_t n = text.empty() ? 0 : SplitParagraphs(text).size();
    EXPECT_GE(n, min) << "too few paragraphs: " << n << " < " << min;
  }

  // Form.
  for (const std::string& problem : FormProblems(text)) ADD_FAILURE() << problem;
}

// gtest names may hold only letters, digits and '_'.
std::string CaseName(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixturePageTest, testing::ValuesIn(FixtureNames()), CaseName);

// Guards against the walk silently finding nothing (a moved folder would pass every test).
TEST(FixtureSetTest, HasPagesAndExpectations) {
  const std::vector<std::string> names = FixtureNames();
  EXPECT_GE(names.size(), 8u) << "expected at least 8 pages in " << PagesDir();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(PagesDir(), ec)) {
    if (entry.path().extension() != ".json") continue;
    fs::path html = entry.path();
    html.replace_extension(".html");
    EXPECT_TRUE(fs::exists(html)) << entry.path() << " has no page beside it";
  }
}

// The form check itself must catch what it claims to catch.
TEST(FixtureSetTest, FormCheckCatchesBadText) {
  EXPECT_TRUE(FormProblems("One paragraph.\n\nAnother one.\nWith a line break.").empty());
  EXPECT_FALSE(FormProblems("One.\n\n\nTwo.").empty());
  EXPECT_FALSE(FormProblems(" One.").empty());
  EXPECT_FALSE(FormProblems("One.\n").empty());
  EXPECT_FALSE(FormProblems("One  two.").empty());
  EXPECT_FALSE(FormProblems("One.\n\n Two.").empty());
  EXPECT_FALSE(FormProblems("One \n\nTwo.").empty());
  EXPECT_FALSE(FormProblems("Caf\xC3").empty());
  EXPECT_FALSE(FormProblems("\xC0\xAF").empty());      // overlong '/'
  EXPECT_FALSE(FormProblems("\xED\xA0\x80").empty());  // surrogate
  EXPECT_TRUE(FormProblems("Caf\xC3\xA9 \xE2\x82\xAC\xF0\x9F\x98\x80").empty());
}

}  // namespace
}  // namespace byline::extract
