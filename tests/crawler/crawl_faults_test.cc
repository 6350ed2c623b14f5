// The crawl against a server that misbehaves (FaultServer, in process): every fault ends in
// a recorded state with its reason, in bounded time and memory, and the rules hold (robots
// 5xx means disallow, Retry-After is honoured, redirects are checked hop by hop).
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/run_byline.h"
#include "tests/crawler/fault_server.h"

namespace byline::testing {
namespace {

class CrawlFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<FaultServer>> s = FaultServer::Start();
    ASSERT_TRUE(s.ok()) << s.status().message();
    server_ = std::move(*s);
  }

  // Crawls the given seeds on the fault server; extra flags after them.
  Ran Crawl(const std::vector<std::string>& paths, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "crawl",      "--db", tmp_ / "db",       "--url-log", tmp_ / "urls.jsonl",
        "--delay-ms", "0",    "--retry-base-ms", "100"};
    for (const std::string& p : paths) {
      args.push_back("--seed");
      args.push_back(server_->Url(p));
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return RunByline(args, tmp_.path());
  }
  Ran CrawlPrivate(const std::vector<std::string>& paths, std::vector<std::string> extra = {}) {
    extra.push_back("--allow-private");
    return Crawl(paths, extra);
  }

  nlohmann::json State(const std::string& path) {
    return LastStates(ReadUrlLog(tmp_ / "urls.jsonl"))[server_->Url(path)];
  }
  size_t RequestsBesidesRobots() {
    size_t n = 0;
    for (const RecordedRequest& r : server_->Requests()) n += r.path != "/robots.txt";
    return n;
  }

  std::unique_ptr<FaultServer> server_;
  TempDir tmp_;
};

TEST_F(CrawlFaultsTest, RobotsServerErrorDisallowsEverything) {
  server_->SetRobots(RobotsFile::ServerError());
  Ran r = CrawlPrivate({"/html/1", "/html/2"});
  EXPECT_EQ(r.status, 1) << "nothing could be fetched: " << r.out << r.err;
  EXPECT_EQ(RequestsBesidesRobots(), 0u);
  EXPECT_GE(server_->CountRequests("/robots.txt"), 1u);
  nlohmann::json s = State("/html/1");
  EXPECT_EQ(s.value("state", ""), "disallowed");
  EXPECT_NE(s.value("reason", "").find("503"), std::string::npos) << s;
}

TEST_F(CrawlFaultsTest, GarbageOrHtmlRobotsAllowsAll) {
  for (RobotsFile robots : {RobotsFile::Garbage(), RobotsFile::Html()}) {
    server_->SetRobots(robots);
    Ran r = CrawlPrivate({"/html/1"});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(State("/html/1").value("state", ""), "fetched");
    std::filesystem::remove_all(tmp_ / "db");
  }
}

TEST_F(CrawlFaultsTest, GzipBombStopsAtTheLimitInBoundedMemory) {
  Ran r = CrawlPrivate({"/gzip-bomb"}, {"--max-body-bytes", "8388608"});
  nlohmann::json s = State("/gzip-bomb");
  EXPECT_EQ(s.value("state", ""), "too_large") << s;
  EXPECT_LT(r.max_rss_kb, 200 * 1024) << "peak memory";
  EXPECT_LT(r.seconds, 30);
}

TEST_F(CrawlFaultsTest, HugePageIsRefusedInBoundedMemory) {
  Ran r = CrawlPrivate({"/huge"});
  EXPECT_EQ(State("/huge").value("state", ""), "too_large");
  EXPECT_LT(r.max_rss_kb, 200 * 1024);
}

TEST_F(CrawlFaultsTest, SlowPageTimesOutWithoutStallingOthers) {
  Ran r =
      CrawlPrivate({"/slow?ms=500", "/stall", "/html/1"},
                   {"--timeout-ms", "2000", "--max-retries", "0", "--per-host-connections", "3"});
  EXPECT_EQ(State("/html/1").value("state", ""), "fetched");
  for (const char* p : {"/slow?ms=500", "/stall"}) {
    nlohmann::json s = State(p);
    EXPECT_EQ(s.value("state", ""), "failed") << p;
    EXPECT_NE(s.value("reason", "").find("timeout"), std::string::npos) << s;
  }
  EXPECT_LT(r.seconds, 15);
}

TEST_F(CrawlFaultsTest, TooManyRequestsWaitsForRetryAfter) {
  Ran r = CrawlPrivate({"/retry-after/1"});
  EXPECT_EQ(State("/retry-after/1").value("state", ""), "fetched") << r.err;
  std::vector<double> times;
  for (const RecordedRequest& q : server_->Requests()) {
    if (q.path == "/retry-after/1") times.push_back(q.time_unix);
  }
  ASSERT_EQ(times.size(), 2u);
  EXPECT_GE(times[1] - times[0], 0.98);
}

TEST_F(CrawlFaultsTest, ServerErrorsAreRetriedThenGivenUp) {
  CrawlPrivate({"/flaky/2", "/status/503", "/status/404"}, {"--max-retries", "2"});
  EXPECT_EQ(State("/flaky/2").value("state", ""), "fetched");
  EXPECT_EQ(server_->CountRequests("/flaky/2"), 3u);
  nlohmann::json s = State("/status/503");
  EXPECT_EQ(s.value("state", ""), "failed");
  EXPECT_EQ(s.value("status", 0), 503);
  EXPECT_EQ(server_->CountRequests("/status/503"), 3u);
  EXPECT_EQ(State("/status/404").value("state", ""), "failed");
  EXPECT_EQ(server_->CountRequests("/status/404"), 1u) << "a 404 is not retried";
}

TEST_F(CrawlFaultsTest, RedirectsAreFollowedHopByHopWithLimits) {
  CrawlPrivate({"/redirect-loop/a", "/redirect-chain/5", "/redirect-chain/16"});
  nlohmann::json loop = State("/redirect-loop/b");
  EXPECT_EQ(loop.value("state", ""), "failed");
  EXPECT_NE(loop.value("reason", "").find("loop"), std::string::npos) << loop;
  EXPECT_LE(server_->CountRequests("/redirect-loop/a"), 1u);
  EXPECT_EQ(State("/redirect-chain/0").value("state", ""), "fetched");
  EXPECT_EQ(State("/redirect-chain/4").value("state", ""), "redirected");
  nlohmann::json far = State("/redirect-chain/11");
  EXPECT_EQ(far.value("state", ""), "failed");
  EXPECT_NE(far.value("reason", "").find("redirects"), std::string::npos) << far;
  EXPECT_EQ(server_->CountRequests("/redirect-chain/10"), 0u);
}

TEST_F(CrawlFaultsTest, RedirectToCloudMetadataIsNeverFollowed) {
  CrawlPrivate({"/redirect-to?url=http://169.254.169.254/latest/meta-data/"});
  nlohmann::json s =
      LastStates(ReadUrlLog(tmp_ / "urls.jsonl"))["http://169.254.169.254/latest/meta-data/"];
  EXPECT_EQ(s.value("state", ""), "out_of_scope") << s;
}

// Without --allow-private nothing on loopback is asked for, not even robots.txt, whether the
// URL names the address or a name resolves to it.
TEST_F(CrawlFaultsTest, LoopbackIsRefusedByDefault) {
  Ran r = Crawl({"/html/1"}, {"--resolve", server_->ResolveArg("intranet.test"), "--seed",
                              server_->Url("intranet.test", "/html/2"), "--allow-host",
                              "intranet.test", "--allow-host", "127.0.0.1"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(server_->Requests().size(), 0u);
  std::string log = Slurp(tmp_.path() / "urls.jsonl");
  EXPECT_NE(log.find("address policy: 127.0.0.1 is loopback"), std::string::npos) << log;
}

TEST_F(CrawlFaultsTest, BrokenFeedGivesWhatItHas) {
  Ran r = CrawlPrivate({}, {"--feed", server_->Url("/feed-broken"), "--max-depth", "1"});
  EXPECT_NE(State("/feed-broken").value("state", ""), "") << r.err;
  EXPECT_GE(RequestsBesidesRobots(), 2u) << "the items before the break are fetched";
}

TEST_F(CrawlFaultsTest, BadOptionsAreClearErrors) {
  Ran none = RunByline({"crawl", "--db", tmp_ / "db"}, tmp_.path());
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("nothing to crawl"), std::string::npos) << none.err;
  Ran bad = CrawlPrivate({"/html/1"}, {"--include", "(unclosed"});
  EXPECT_EQ(bad.status, 2);
  Ran scheme =
      RunByline({"crawl", "--db", tmp_ / "db", "--seed", "ftp://example.com/"}, tmp_.path());
  EXPECT_EQ(scheme.status, 2) << scheme.err;
  std::ofstream(tmp_ / "bad.toml") << "max_pages = \"many\"\n";
  Ran cfg = RunByline({"crawl", "--config", tmp_ / "bad.toml"}, tmp_.path());
  EXPECT_EQ(cfg.status, 2);
  EXPECT_NE(cfg.err.find("max_pages"), std::string::npos) << cfg.err;
}

}  // namespace
}  // namespace byline::testing

namespace byline::testing {
namespace {

TEST_F(CrawlFaultsTest, IdenticalBodiesAreExtractedOnce) {
  const std::string page =
      "<html><head><title>Same</title></head><body><article><p>Nvidia agreed to buy a chip "
      "designer for $2 billion, the company said on Tuesday in a statement.</p></article>"
      "</body></html>";
  server_->SetPage("/a.html", 200, page);
  server_->SetPage("/b.html", 200, page);
  CrawlPrivate({"/a.html", "/b.html"});
  std::string a = State("/a.html").value("state", ""), b = State("/b.html").value("state", "");
  EXPECT_TRUE((a == "fetched" && b == "duplicate") || (a == "duplicate" && b == "fetched"))
      << a << " " << b;
}

TEST_F(CrawlFaultsTest, AHostThatKeepsFailingIsPausedAndItsUrlsKept) {
  std::vector<std::string> seeds;
  for (int i = 0; i < 20; ++i) seeds.push_back("/status/500?n=" + std::to_string(i));
  Ran r = CrawlPrivate(seeds, {"--max-retries", "0", "--report", tmp_ / "report.json"});
  nlohmann::json report = nlohmann::json::parse(Slurp(tmp_.path() / "report.json"), nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << r.err;
  EXPECT_GT(report.value("frontier_left", 0), 0) << report;
  EXPECT_LT(server_->CountRequests("/status/500"), 20u);
  EXPECT_NE(r.err.find("paused"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace byline::testing
