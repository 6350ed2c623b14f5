// `byline ingest`, `byline query` and `byline check` as users run them: the real binary, a
// real database in a temporary directory, the project's fixture pages.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/pipelines/db_cli_test.h"
#include "tests/run_byline.h"

namespace byline::pipelines {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using byline::testing::Ran;

class StoreCliTest : public byline::testing::DbCliTest {
 protected:
  // Ingests every fixture page; returns the number of pages.
  size_t IngestFixtures() {
    std::vector<std::string> args = {"ingest", "--db", db_};
    for (const auto& e : fs::directory_iterator(fs::path(BYLINE_FIXTURES_DIR) / "pages")) {
      if (e.path().extension() == ".html") args.push_back(e.path().string());
    }
    Ran r = Run(args);
    EXPECT_EQ(r.status, 0) << r.err;
    return args.size() - 3;
  }

  json Query(const std::vector<std::string>& rest) {
    Ran r = QueryRun(rest);
    json j = json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.out;
    return j;
  }
};

TEST_F(StoreCliTest, IngestThenAskEveryQuestion) {
  const size_t pages = IngestFixtures();
  ASSERT_GE(pages, 8u);

  json stats = Query({"stats"});
  ASSERT_EQ(stats["rows"].size(), 1u);
  EXPECT_EQ(stats["rows"][0]["articles"].get<size_t>(), pages);
  EXPECT_GT(stats["rows"][0]["mentions"].get<size_t>(), 10u);

  json top = Query({"top", "--type", "org", "--limit", "5"});
  ASSERT_FALSE(top["rows"].empty());
  const std::string org = top["rows"][0]["entity"].get<std::string>();
  for (const json& r : top["rows"]) EXPECT_EQ(r["type"], "ORG");

  json mentions = Query({"mentions", org, "--limit", "3"});
  ASSERT_FALSE(mentions["rows"].empty());
  for (const json& r : mentions["rows"]) {
    EXPECT_FALSE(r["snippet"].get<std::string>().empty());
    EXPECT_FALSE(r["url"].get<std::string>().empty());
  }
  json timeline = Query({"timeline", org, "--by", "month"});
  ASSERT_FALSE(timeline["rows"].empty());
  for (const json& p : timeline["rows"]) EXPECT_LE(p["count"], p["total"]);

  json entities = Query({"entities", org.substr(0, 2)});
  bool found = false;
  for (const json& r : entities["rows"]) found = found || r["entity"] == org;
  EXPECT_TRUE(found) << "autocomplete finds the top organisation from its first letters";

  Ran check = Run({"check", "--db", db_});
  EXPECT_EQ(check.status, 0) << check.out << check.err;
}

TEST_F(StoreCliTest, ReingestCountsNothingTwice) {
  IngestFixtures();
  json before = Query({"stats"});
  IngestFixtures();
  json after = Query({"stats"});
  EXPECT_EQ(before["rows"][0]["mentions"], after["rows"][0]["mentions"]);
  EXPECT_EQ(before["rows"][0]["articles"], after["rows"][0]["articles"]);
  EXPECT_EQ(Run({"check", "--db", db_}).status, 0);
}

TEST_F(StoreCliTest, CaseAndLegalFormsFindTheSameEntity) {
  IngestFixtures();
  json top = Query({"top", "--type", "org", "--limit", "1"});
  ASSERT_FALSE(top["rows"].empty());
  std::string org = top["rows"][0]["entity"].get<std::string>();
  std::string upper = org;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  json a = Query({"mentions", org, "--limit", "50"});
  json b = Query({"mentions", upper + " Inc.", "--limit", "50"});
  EXPECT_EQ(a["rows"].size(), b["rows"].size());
}

TEST_F(StoreCliTest, FormatsAndBadInput) {
  IngestFixtures();
  Ran csv = Run({"query", "--db", db_, "top", "--format", "csv"});
  EXPECT_EQ(csv.status, 0);
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')), "entity,type,count");
  Ran table = Run({"query", "--db", db_, "top"});
  EXPECT_EQ(table.status, 0);
  EXPECT_NE(table.out.find("entity"), std::string::npos);
  Ran ndjson = Run({"query", "--db", db_, "top", "--format", "ndjson", "--limit", "2"});
  EXPECT_EQ(ndjson.status, 0);
  EXPECT_EQ(std::count(ndjson.out.begin(), ndjson.out.end(), '\n'), 2);

  json unknown = Query({"mentions", "No Such Company Anywhere"});
  EXPECT_TRUE(unknown["rows"].empty()) << "an unknown entity is an empty answer";

  Ran bad_date = Run({"query", "--db", db_, "mentions", "x", "--since", "2024-13-45"});
  EXPECT_EQ(bad_date.status, 2);
  EXPECT_NE(bad_date.err.find("--since"), std::string::npos) << bad_date.err;
  Ran bad_sub = Run({"query", "--db", db_, "frobnicate"});
  EXPECT_EQ(bad_sub.status, 2);
  EXPECT_NE(bad_sub.err.find("unknown subcommand"), std::string::npos) << bad_sub.err;
  for (const char* limit : {"0", "-1", "99999999999999999999", "ten"}) {
    Ran bad_limit = Run({"query", "--db", db_, "top", "--limit", limit});
    EXPECT_EQ(bad_limit.status, 2) << limit;
    EXPECT_NE(bad_limit.err.find("--limit"), std::string::npos) << bad_limit.err;
  }
  Ran no_db = Run({"query", "--db", (dir_ / "missing").string(), "stats"});
  EXPECT_NE(no_db.status, 0);
}

// The table shows each mention's sentence around the mention, however far into a long
// sentence it is.
TEST_F(StoreCliTest, TableSnippetsKeepTheMentionInView) {
  IngestFixtures();
  json top = Query({"top", "--type", "org", "--limit", "3"});
  ASSERT_FALSE(top["rows"].empty());
  size_t late = 0;  // mentions past the first 60 characters of a longer sentence
  for (const json& entity : top["rows"]) {
    const std::string name = entity["entity"].get<std::string>();
    json rows = Query({"mentions", name, "--limit", "20"})["rows"];
    Ran table = Run({"query", "--db", db_, "mentions", name, "--limit", "20"});
    ASSERT_EQ(table.status, 0) << table.err;
    std::vector<std::string> lines;
    std::istringstream in(table.out);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    ASSERT_GE(lines.size(), rows.size() + 1);
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::string text = rows[i]["text"].get<std::string>();
      const std::string snippet = rows[i]["snippet"].get<std::string>();
      const size_t at = snippet.find(text);
      if (at == std::string::npos) continue;
      if (snippet.size() > 60 && at + text.size() > 60) ++late;
      // Once in the text column, once more in the snippet.
      const std::string& line = lines[i + 1];
      const size_t first = line.find(text);
      ASSERT_NE(first, std::string::npos) << line;
      EXPECT_NE(line.find(text, first + text.size()), std::string::npos) << line;
    }
  }
  EXPECT_GT(late, 0u) << "the fixtures have no mention late in a long sentence";
}

}  // namespace
}  // namespace byline::pipelines
