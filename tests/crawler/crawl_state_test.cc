#include "crawler/crawl_state.h"

#include <gtest/gtest.h>

#include "crawler/robots.h"

namespace byline::crawler::internal {
namespace {

TEST(CrawlStateTest, RecordsSurviveTheirEncoding) {
  RunRecord run{42, true, 1700000000123};
  std::optional<RunRecord> r = DecodeRun(EncodeRun(run));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id, 42u);
  EXPECT_TRUE(r->running);
  EXPECT_EQ(r->started_ms, 1700000000123);

  std::optional<FrontierRecord> f = DecodeFrontier(EncodeFrontier({3, UrlKind::kSitemap, 99}));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->depth, 3);
  EXPECT_EQ(f->kind, UrlKind::kSitemap);
  EXPECT_EQ(f->published_unix, 99);

  UrlRecord u;
  u.state = CrawlState::kUnchanged;
  u.status = 304;
  u.run = 7;
  u.fetched_ms = 5;
  u.etag = "\"abc\tdef\"";  // a tab cannot break the record
  u.last_modified = "Tue, 01 Dec 2026 00:00:00 GMT";
  u.reason = "not modified";
  std::optional<UrlRecord> d = DecodeUrlRecord(EncodeUrlRecord(u));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state, CrawlState::kUnchanged);
  EXPECT_EQ(d->status, 304);
  EXPECT_EQ(d->run, 7u);
  EXPECT_EQ(d->etag, "\"abc def\"");
  EXPECT_EQ(d->last_modified, u.last_modified);
  EXPECT_EQ(d->reason, "not modified");
}

TEST(CrawlStateTest, CachedRobotsRulesComeBackTheSame) {
  RobotsRules rules = RobotsRules::Parse(
      "User-agent: *\nDisallow: /private/\nDisallow: /*?print=1$\nCrawl-delay: 2\n"
      "Sitemap: http://a.test/s.xml\n",
      "byline");
  std::optional<RobotsRecord> rec = DecodeRobots(EncodeRobots({123, rules.Serialize()}));
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->fetched_ms, 123);
  std::optional<RobotsRules> back = RobotsRules::Deserialize(rec->rules);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->Allowed("/private/x"));
  EXPECT_FALSE(back->Allowed("/a?print=1"));
  EXPECT_TRUE(back->Allowed("/a"));
  EXPECT_EQ(back->crawl_delay_seconds().value_or(0), 2.0);
  for (RobotsRules r : {RobotsRules::AllowAll(), RobotsRules::DisallowAll()}) {
    std::optional<RobotsRecord> x = DecodeRobots(EncodeRobots({1, r.Serialize()}));
    ASSERT_TRUE(x);
    ASSERT_TRUE(RobotsRules::Deserialize(x->rules));
    EXPECT_EQ(RobotsRules::Deserialize(x->rules)->Allowed("/a"), r.Allowed("/a"));
  }
}

TEST(CrawlStateTest, GarbageIsNotARecord) {
  EXPECT_FALSE(DecodeRun("nonsense"));
  EXPECT_FALSE(DecodeFrontier("1\tx\t0\t0"));
  EXPECT_FALSE(DecodeUrlRecord("1\t99\t0\t0\t0\t\t\t"));
  EXPECT_FALSE(DecodeRobots("2\t1\t"));
}

}  // namespace
}  // namespace byline::crawler::internal
