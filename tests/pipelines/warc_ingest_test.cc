// `byline ingest` of a WARC file written by the crawler's WarcWriter: the real binary, a real
// database, then the answers of `byline query` about what went in.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "crawler/warc.h"
#include "pipelines/article_record.h"
#include "tests/pipelines/db_cli_test.h"
#include "tests/run_byline.h"

namespace byline::pipelines {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using byline::testing::Ran;
using byline::testing::Slurp;

std::string Fixture(const std::string& name) {
  return Slurp(fs::path(BYLINE_FIXTURES_DIR) / "pages" / name);
}

// An article of our own with no date and no canonical link: the WARC record supplies both.
constexpr char kUndatedPage[] =
    "<!doctype html><html><head><meta charset=utf-8><title>Undated chip story</title></head>"
    "<body><article><h1>Undated chip story</h1>"
    "<p>Nvidia said on Tuesday that it will spend $500 million on a new design centre in "
    "Lisbon, where Nvidia already employs two hundred engineers.</p>"
    "<p>The company did not say when the centre would open, but analysts expect the first "
    "teams to move in before the end of the year.</p></article></body></html>";

class WarcIngestTest : public byline::testing::DbCliTest {
 protected:
  json Query(const std::vector<std::string>& rest) {
    return json::parse(QueryRun(rest).out, nullptr, false);
  }

  // The article's rows from `byline query article ID`, found by its URL.
  json ArticleRows(const std::string& url) {
    extract::Article a;
    a.url = url;
    return Query({"article", ArticleId(a, url), "--limit", "500"})["rows"];
  }

  // A WARC as the crawler writes it: two fixture pages at their canonical URLs (one sent with
  // its charset in Content-Type), an undated page, an image and a 404.
  std::string WriteWarc() {
    Result<std::unique_ptr<crawler::WarcWriter>> w =
        crawler::WarcWriter::Open((dir_ / "warc").string(), "crawl");
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    const std::string boilerplate = Fixture("news_boilerplate.html");
    const std::string windows1252 = Fixture("late_charset_windows1252.html");
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    const std::string not_found = "<html><body>Not found</body></html>";
    struct Fetch {
      std::string uri, status_line, content_type;
      const std::string* body;
    };
    const std::vector<Fetch> fetches = {
        {kBoilerplateUrl, "HTTP/1.1 200 OK", "text/html", &boilerplate},
        {kWindows1252Url, "HTTP/2 200", "text/html; charset=windows-1252", &windows1252},
        {"https://www.circuitledger.example/logo.png", "HTTP/1.1 200 OK", "image/png", &png},
        {"https://www.circuitledger.example/gone", "HTTP/1.1 404 Not Found", "text/html",
         &not_found},
        {kUndatedUrl, "HTTP/1.1 200 OK", "text/html; charset=utf-8", &undated_},
    };
    for (const Fetch& f : fetches) {
      crawler::WarcExchange x;
      x.target_uri = f.uri;
      x.fetched_unix_ms = 1740830400123;  // 2025-03-01T12:00:00.123Z
      x.request_head = "GET / HTTP/1.1\r\nHost: example\r\n\r\n";
      x.response_head = f.status_line + "\r\nContent-Type: " + f.content_type + "\r\n\r\n";
      x.response_body = *f.body;
      EXPECT_TRUE((*w)->Write(x).ok());
    }
    EXPECT_TRUE((*w)->Close().ok());
    return (*w)->files().front();
  }

  static constexpr char kBoilerplateUrl[] =
      "https://www.circuitledger.example/2024/03/12/halvorsen-brightwave-acquisition/";
  static constexpr char kWindows1252Url[] =
      "https://retaildispatch.example/2024/02/06/maison-leveque-ordering-app";
  static constexpr char kUndatedUrl[] = "https://undated.example/2025/chip-story";

  const std::string undated_ = kUndatedPage;
};

TEST_F(WarcIngestTest, HtmlResponsesBecomeArticlesAndTheRestIsCounted) {
  const std::string warc = WriteWarc();
  Ran ingest = Run({"ingest", "--db", db_, warc});
  ASSERT_EQ(ingest.status, 0) << ingest.out << ingest.err;
  EXPECT_EQ(ingest.out.find("ingested 3 articles"), 0u) << ingest.out;
  EXPECT_NE(ingest.out.find("0 failed; 2 WARC responses skipped"), std::string::npos) << ingest.out;

  json stats = Query({"stats"});
  ASSERT_EQ(stats["rows"].size(), 1u);
  EXPECT_EQ(stats["rows"][0]["articles"].get<size_t>(), 3u);

  json boilerplate = ArticleRows(kBoilerplateUrl);
  ASSERT_FALSE(boilerplate.empty()) << "stored under its URL, with mentions";
  EXPECT_EQ(boilerplate[0]["url"], kBoilerplateUrl);
  EXPECT_EQ(boilerplate[0]["published"], "2024-03-12T14:30:00Z") << "the page's date wins";

  json cafe = ArticleRows(kWindows1252Url);
  ASSERT_FALSE(cafe.empty());
  EXPECT_EQ(cafe[0]["url"], kWindows1252Url);
  EXPECT_EQ(cafe[0]["title"], "Café chain Maison Lévêque bets €14 million on its own ordering app");

  json undated = ArticleRows(kUndatedUrl);
  ASSERT_FALSE(undated.empty());
  EXPECT_EQ(undated[0]["url"], kUndatedUrl) << "the record's URI stands in for a canonical";
  EXPECT_EQ(undated[0]["published"], "2025-03-01T12:00:00Z") << "WARC-Date stands in";

  Ran check = Run({"check", "--db", db_});
  EXPECT_EQ(check.status, 0) << check.out << check.err;
}

TEST_F(WarcIngestTest, WarcAndHtmlFilesMixAndReingestCountsNothingTwice) {
  const std::string warc = WriteWarc();
  // The same archive under a name that does not say WARC is recognised by its bytes.
  const std::string renamed = (dir_ / "archive.bin").string();
  fs::copy_file(warc, renamed);
  const std::string html = (fs::path(BYLINE_FIXTURES_DIR) / "pages" / "jsonld_only.html").string();
  Ran first = Run({"ingest", "--db", db_, warc, html});
  ASSERT_EQ(first.status, 0) << first.err;
  json before = Query({"stats"});
  EXPECT_EQ(before["rows"][0]["articles"].get<size_t>(), 4u);
  Ran again = Run({"ingest", "--db", db_, renamed});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.out.find("ingested 3 articles"), 0u) << again.out;
  json after = Query({"stats"});
  EXPECT_EQ(after["rows"][0]["articles"], before["rows"][0]["articles"]);
  EXPECT_EQ(after["rows"][0]["mentions"], before["rows"][0]["mentions"]);
}

TEST_F(WarcIngestTest, DamagedWarcWarnsAndKeepsWhatItCan) {
  const std::string warc = WriteWarc();
  std::string bytes = Slurp(warc);
  bytes.resize(bytes.size() - 40);  // the crawler was killed while writing the last record
  std::ofstream(warc, std::ios::binary | std::ios::trunc) << bytes;
  Ran ingest = Run({"ingest", "--db", db_, warc});
  EXPECT_EQ(ingest.status, 0) << ingest.err;
  EXPECT_EQ(ingest.out.find("ingested 2 articles"), 0u) << ingest.out;
  EXPECT_NE(ingest.err.find("truncated"), std::string::npos) << ingest.err;

  Ran missing = Run({"ingest", "--db", db_, (dir_ / "missing.warc.gz").string()});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("missing.warc.gz"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace byline::pipelines
