// The queries: pages, filters, timelines, rankings.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "store/store.h"
#include "tests/store/test_util.h"

namespace byline::store {
namespace {

using testing::Article;
using testing::CheckProblems;
using testing::Money;
using testing::OpenOrDie;
using testing::Org;
using testing::Person;
using testing::TempDir;

class QueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrDie(tmp_.db());
    ASSERT_NE(store_, nullptr);
  }
  void Put(const ArticleRecord& a) { ASSERT_TRUE(store_->PutArticle(a).ok()) << a.id; }

  TempDir tmp_;
  std::unique_ptr<Store> store_;
};

TEST_F(QueriesTest, MentionRowsComeFromTheArticleRecord) {
  // The index knows only where mentions start: the surface, canonical name, end and snippet of
  // each row are the record's, mention by mention.
  MentionRecord shouted = Org("Nvidia", 10, 0);
  shouted.surface = "NVIDIA";
  shouted.end = 16;
  MentionRecord formal = Org("Nvidia", 60, 2);
  formal.canonical = "Nvidia Corp.";
  formal.surface = "Nvidia Corporation";
  formal.end = 78;
  Put(Article("a", "2025-04-01", {formal, Person("Jensen Huang", 30, 1), shouted}));
  Result<Page> page = store_->Mentions("nvidia", {}, 10, "");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->rows.size(), 2u);
  EXPECT_EQ(page->rows[0].start, 10u);
  EXPECT_EQ(page->rows[0].end, 16u);
  EXPECT_EQ(page->rows[0].surface, "NVIDIA");
  EXPECT_EQ(page->rows[0].canonical, "Nvidia");
  EXPECT_EQ(page->rows[0].snippet, "Sentence 0 about Nvidia");
  EXPECT_EQ(page->rows[1].start, 60u);
  EXPECT_EQ(page->rows[1].end, 78u);
  EXPECT_EQ(page->rows[1].surface, "Nvidia Corporation");
  EXPECT_EQ(page->rows[1].canonical, "Nvidia Corp.");
  EXPECT_EQ(page->rows[1].snippet, "Sentence 2 about Nvidia");
  EXPECT_TRUE(CheckProblems(*store_).empty());
}

TEST_F(QueriesTest, MentionsPagesAreNewestFirstWithoutGapsOrDuplicates) {
  // 30 days, one article a day, two mentions of nvidia in each: 60 rows.
  for (int d = 1; d <= 30; ++d) {
    char published[32];  // one buffer: gcc 12 -O3 warns falsely (-Wrestrict) on "a" + string
    std::snprintf(published, sizeof published, "2025-04-%02dT08:00:00", d);
    std::string id = "a";
    id += std::to_string(d);
    Put(Article(id, published, {Org("Nvidia", 0), Org("Nvidia", 100), Org("Intel", 50)},
                d % 2 ? "odd.example" : "even.example"));
  }
  std::vector<MentionRow> all;
  std::string cursor;
  int pages = 0;
  do {
    Result<Page> page = store_->Mentions("nvidia", {}, 7, cursor);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ASSERT_LE(page->rows.size(), 7u);
    all.insert(all.end(), page->rows.begin(), page->rows.end());
    cursor = page->next_cursor;
    ++pages;
  } while (!cursor.empty() && pages < 100);
  EXPECT_EQ(pages, 9);  // 60 rows in pages of 7: 8 full pages and one of 4
  ASSERT_EQ(all.size(), 60u);
  std::set<std::pair<std::string, uint32_t>> seen;
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_TRUE(seen.insert({all[i].article_id, all[i].start}).second) << "duplicate row";
    if (i > 0) {
      EXPECT_GE(all[i - 1].published, all[i].published) << "not newest first";
    }
    EXPECT_EQ(all[i].canonical, "Nvidia");
    EXPECT_EQ(all[i].snippet, "Sentence 0 about Nvidia");
    EXPECT_EQ(all[i].end - all[i].start, 6u);
    EXPECT_EQ(all[i].title, "Title of " + all[i].article_id);
  }
  EXPECT_EQ(all.front().published, "2025-04-30T08:00:00");
  EXPECT_EQ(all.back().published, "2025-04-01T08:00:00");

  // An exact page boundary: the last full page has no cursor.
  Result<Page> exact = store_->Mentions("nvidia", {"2025-04-01", "2025-04-05", "", {}}, 10, "");
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->rows.size(), 10u);
  EXPECT_TRUE(exact->next_cursor.empty());

  EXPECT_EQ(store_->Mentions("nvidia", {}, 5, "zz").status().code(), Status::Code::kInvalidInput);
  Result<Page> unknown = store_->Mentions("nobody", {}, 5, "");
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->rows.empty());
  EXPECT_TRUE(unknown->next_cursor.empty());
}

TEST_F(QueriesTest, MentionsOfAKeyUnderTwoTypesComeByStartAcrossPages) {
  // "jordan" is a person and an organisation in one article, mentioned out of order: the
  // article's postings (one per type) are merged by start, and a cursor may fall between
  // them.
  Put(Article("new", "2025-05-02",
              {Org("Jordan", 300), Person("Jordan", 10), Org("Jordan", 120), Person("Jordan", 200)},
              "x.example"));
  Put(Article("old", "2025-05-01", {Person("Jordan", 5)}, "x.example"));
  std::vector<std::pair<std::string, uint32_t>> seen;
  std::vector<EntityType> types;
  std::string cursor;
  for (int pages = 0; pages < 10; ++pages) {
    Result<Page> page = store_->Mentions("jordan", {}, 2, cursor);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const MentionRow& r : page->rows) {
      seen.emplace_back(r.article_id, r.start);
      types.push_back(r.type);
    }
    cursor = page->next_cursor;
    if (cursor.empty()) break;
  }
  using V = std::vector<std::pair<std::string, uint32_t>>;
  EXPECT_EQ(seen, (V{{"new", 10}, {"new", 120}, {"new", 200}, {"new", 300}, {"old", 5}}));
  EXPECT_EQ(types,
            (std::vector<EntityType>{EntityType::kPerson, EntityType::kOrg, EntityType::kPerson,
                                     EntityType::kOrg, EntityType::kPerson}));
  // A cursor that names no stored type is refused.
  EXPECT_EQ(store_->Mentions("jordan", {}, 2, std::string(28, '0')).status().code(),
            Status::Code::kInvalidInput);
  EXPECT_TRUE(CheckProblems(*store_).empty());
}

TEST_F(QueriesTest, MentionsFilters) {
  Put(Article("mar", "2025-03-31T23:59:59", {Org("Nvidia", 0)}, "x.example"));
  Put(Article("apr1", "2025-04-01", {Org("Nvidia", 0)}, "x.example"));
  Put(Article("apr2", "2025-04-02T10:00", {Org("Nvidia", 0)}, "y.example"));
  Put(Article("may", "2025-05-01", {Org("Nvidia", 0)}, "y.example"));
  auto ids = [&](const Filter& f) {
    std::vector<std::string> out;
    std::string cursor;
    do {
      Result<Page> page = store_->Mentions("nvidia", f, 1, cursor);
      EXPECT_TRUE(page.ok());
      if (!page.ok()) break;
      for (const MentionRow& r : page->rows) out.push_back(r.article_id);
      cursor = page->next_cursor;
    } while (!cursor.empty());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids({}), (V{"may", "apr2", "apr1", "mar"}));
  EXPECT_EQ(ids({"2025-04-01", "", "", {}}), (V{"may", "apr2", "apr1"}));
  EXPECT_EQ(ids({"", "2025-04-01", "", {}}), (V{"apr1", "mar"}));
  EXPECT_EQ(ids({"2025-04-01", "2025-04-30", "", {}}), (V{"apr2", "apr1"}));
  EXPECT_EQ(ids({"", "", "y.example", {}}), (V{"may", "apr2"}));
  EXPECT_EQ(ids({"", "2025-04-30", "y.example", {}}), (V{"apr2"}));
  EXPECT_EQ(ids({"2025-06-01", "2025-01-01", "", {}}), V{});
  EXPECT_EQ(store_->Mentions("nvidia", {"April", "", "", {}}, 5, "").status().code(),
            Status::Code::kInvalidInput);
}

TEST_F(QueriesTest, TimelineByDayWeekMonthWithTotals) {
  // 2025-03-09 is a Sunday (week 10), 2025-03-10 a Monday (week 11).
  Put(Article("a", "2025-03-09", {Org("Nvidia", 0), Org("Intel", 10)}, "s1"));
  Put(Article("b", "2025-03-10", {Org("Nvidia", 0), Org("Nvidia", 10), Org("Intel", 20)}, "s2"));
  Put(Article("c", "2025-03-12", {Org("Intel", 0), Person("Lisa Su", 10)}, "s1"));
  Put(Article("d", "2025-04-01", {Org("Nvidia", 0)}, "s1"));

  Result<std::vector<TimelinePoint>> days = store_->Timeline("nvidia", {}, "day");
  ASSERT_TRUE(days.ok());
  ASSERT_EQ(days->size(), 3u);
  EXPECT_EQ((*days)[0].period, "2025-03-09");
  EXPECT_EQ((*days)[0].count, 1u);
  EXPECT_EQ((*days)[0].total, 2u);
  EXPECT_EQ((*days)[1].period, "2025-03-10");
  EXPECT_EQ((*days)[1].count, 2u);
  EXPECT_EQ((*days)[1].total, 3u);
  EXPECT_EQ((*days)[2].period, "2025-04-01");

  Result<std::vector<TimelinePoint>> weeks = store_->Timeline("nvidia", {}, "week");
  ASSERT_TRUE(weeks.ok());
  ASSERT_EQ(weeks->size(), 3u);
  EXPECT_EQ((*weeks)[0].period, "2025-W10");
  EXPECT_EQ((*weeks)[1].period, "2025-W11");
  EXPECT_EQ((*weeks)[1].count, 2u);
  EXPECT_EQ((*weeks)[1].total, 5u);  // Monday's 3 and Wednesday's 2, without nvidia
  EXPECT_EQ((*weeks)[2].period, "2025-W14");

  Result<std::vector<TimelinePoint>> months = store_->Timeline("nvidia", {}, "month");
  ASSERT_TRUE(months.ok());
  ASSERT_EQ(months->size(), 2u);
  EXPECT_EQ((*months)[0].period, "2025-03");
  EXPECT_EQ((*months)[0].count, 3u);
  EXPECT_EQ((*months)[0].total, 7u);
  EXPECT_EQ((*months)[1].count, 1u);
  EXPECT_EQ((*months)[1].total, 1u);

  // Range and site filters clip both the count and the total.
  Result<std::vector<TimelinePoint>> clipped =
      store_->Timeline("nvidia", {"2025-03-10", "2025-03-31", "", {}}, "month");
  ASSERT_TRUE(clipped.ok());
  ASSERT_EQ(clipped->size(), 1u);
  EXPECT_EQ((*clipped)[0].count, 2u);
  EXPECT_EQ((*clipped)[0].total, 5u);
  Result<std::vector<TimelinePoint>> site = store_->Timeline("nvidia", {"", "", "s1", {}}, "month");
  ASSERT_TRUE(site.ok());
  ASSERT_EQ(site->size(), 2u);
  EXPECT_EQ((*site)[0].count, 1u);
  EXPECT_EQ((*site)[0].total, 4u);

  EXPECT_EQ(store_->Timeline("nvidia", {}, "year").status().code(), Status::Code::kInvalidInput);
}

TEST_F(QueriesTest, TimelineAddsTheTypesOfOneKey) {
  // "Jordan" the person and "Jordan" the company are one key of two types: a timeline of the
  // key counts both, on days of either and of both.
  Put(Article("a", "2025-03-03", {Person("Jordan", 0)}, "s1"));
  Put(Article("b", "2025-03-04", {Org("Jordan", 0), Org("Intel", 10)}, "s1"));
  Put(Article("c", "2025-03-05", {Person("Jordan", 0), Org("Jordan", 10)}, "s2"));
  Put(Article("d", "2025-03-20", {Org("Jordan", 0)}, "s1"));
  Put(Article("e", "2025-03-21", {Org("Intel", 0)}, "s1"));

  Result<std::vector<TimelinePoint>> days = store_->Timeline("jordan", {}, "day");
  ASSERT_TRUE(days.ok());
  ASSERT_EQ(days->size(), 4u);
  const std::vector<std::pair<std::string, uint64_t>> want = {
      {"2025-03-03", 1}, {"2025-03-04", 1}, {"2025-03-05", 2}, {"2025-03-20", 1}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ((*days)[i].period, want[i].first);
    EXPECT_EQ((*days)[i].count, want[i].second);
  }
  EXPECT_EQ((*days)[1].total, 2u);
  // Weeks: 2025-W10 (three days of both types) and W12; the totals of W12 count the 21st,
  // a day after the key's last one.
  Result<std::vector<TimelinePoint>> weeks = store_->Timeline("jordan", {}, "week");
  ASSERT_TRUE(weeks.ok());
  ASSERT_EQ(weeks->size(), 2u);
  EXPECT_EQ((*weeks)[0].period, "2025-W10");
  EXPECT_EQ((*weeks)[0].count, 4u);
  EXPECT_EQ((*weeks)[0].total, 5u);
  EXPECT_EQ((*weeks)[1].period, "2025-W12");
  EXPECT_EQ((*weeks)[1].count, 1u);
  EXPECT_EQ((*weeks)[1].total, 2u);
  // A range that starts inside a week counts that week's days in the range only.
  Result<std::vector<TimelinePoint>> clipped =
      store_->Timeline("jordan", {"2025-03-04", "", "", {}}, "week");
  ASSERT_TRUE(clipped.ok());
  ASSERT_EQ(clipped->size(), 2u);
  EXPECT_EQ((*clipped)[0].period, "2025-W10");
  EXPECT_EQ((*clipped)[0].count, 3u);
  EXPECT_EQ((*clipped)[0].total, 4u);
}

TEST(DatesTest, IsoWeeksAcrossYearEnds) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  // 2024-12-30 is in 2025-W01; 2021-01-03 in 2020-W53.
  ASSERT_TRUE(store->PutArticle(Article("a", "2024-12-30", {Org("X", 0)})).ok());
  ASSERT_TRUE(store->PutArticle(Article("b", "2021-01-03", {Org("X", 0)})).ok());
  Result<std::vector<TimelinePoint>> weeks = store->Timeline("x", {}, "week");
  ASSERT_TRUE(weeks.ok());
  ASSERT_EQ(weeks->size(), 2u);
  EXPECT_EQ((*weeks)[0].period, "2020-W53");
  EXPECT_EQ((*weeks)[1].period, "2025-W01");
}

TEST_F(QueriesTest, TopRanksByPeriodTypeAndSite) {
  Put(Article("a", "2025-03-01", {Org("Nvidia", 0), Org("Nvidia", 9), Person("Jensen Huang", 20)},
              "s1"));
  Put(Article(
      "b", "2025-03-02",
      {Org("Intel", 0), Person("Jensen Huang", 9), Person("Jensen Huang", 30), Person("Pat", 40)},
      "s2"));
  Put(Article("c", "2025-04-01", {Org("Intel", 0), Org("Intel", 9), Org("Intel", 19)}, "s1"));

  Result<std::vector<CountRow>> all = store_->Top({}, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].key, "intel");
  EXPECT_EQ((*all)[0].canonical, "Intel");
  EXPECT_EQ((*all)[0].count, 4u);
  EXPECT_EQ((*all)[1].key, "jensen huang");
  EXPECT_EQ((*all)[1].type, EntityType::kPerson);
  EXPECT_EQ((*all)[1].count, 3u);

  Filter march{"2025-03-01", "2025-03-31", "", EntityType::kOrg};
  Result<std::vector<CountRow>> orgs = store_->Top(march, 10);
  ASSERT_TRUE(orgs.ok());
  ASSERT_EQ(orgs->size(), 2u);
  EXPECT_EQ((*orgs)[0].key, "nvidia");
  EXPECT_EQ((*orgs)[0].count, 2u);
  EXPECT_EQ((*orgs)[1].key, "intel");
  EXPECT_EQ((*orgs)[1].count, 1u);

  Filter people{"", "", "", EntityType::kPerson};
  Result<std::vector<CountRow>> persons = store_->Top(people, 1);
  ASSERT_TRUE(persons.ok());
  ASSERT_EQ(persons->size(), 1u);
  EXPECT_EQ((*persons)[0].canonical, "Jensen Huang");

  Result<std::vector<CountRow>> s1 = store_->Top({"", "", "s1", {}}, 10);
  ASSERT_TRUE(s1.ok());
  ASSERT_EQ(s1->size(), 3u);
  EXPECT_EQ((*s1)[0].key, "intel");
  EXPECT_EQ((*s1)[0].count, 3u);
}

TEST_F(QueriesTest, CooccurCountsSharedArticles) {
  Put(Article(
      "a", "2025-03-01",
      {Org("OpenAI", 0), Org("Microsoft", 9), Org("Microsoft", 30), Person("Sam Altman", 40)},
      "s1"));
  Put(Article("b", "2025-03-02", {Org("OpenAI", 0), Org("Microsoft", 9)}, "s2"));
  Put(Article("c", "2025-03-03", {Org("OpenAI", 0), Person("Sam Altman", 9), Org("Google", 20)},
              "s1"));
  Put(Article("d", "2025-03-04", {Org("Google", 0), Org("Microsoft", 9)}, "s1"));

  Result<std::vector<CountRow>> rows = store_->Cooccur("openai", {}, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].key, "microsoft");
  EXPECT_EQ((*rows)[0].count, 2u);  // articles, not mentions
  EXPECT_EQ((*rows)[1].key, "sam altman");
  EXPECT_EQ((*rows)[1].count, 2u);
  EXPECT_EQ((*rows)[2].key, "google");
  EXPECT_EQ((*rows)[2].count, 1u);

  Result<std::vector<CountRow>> people =
      store_->Cooccur("openai", {"", "", "", EntityType::kPerson}, 10);
  ASSERT_TRUE(people.ok());
  ASSERT_EQ(people->size(), 1u);
  EXPECT_EQ((*people)[0].canonical, "Sam Altman");

  // A key that is a person and an organisation in one article is never its own neighbour,
  // and its article counts once.
  Put(Article("e", "2025-03-05", {Person("Jordan", 0), Org("Jordan", 10), Org("Nike", 20)}, "s2"));
  Result<std::vector<CountRow>> jordan = store_->Cooccur("jordan", {}, 10);
  ASSERT_TRUE(jordan.ok());
  ASSERT_EQ(jordan->size(), 1u);
  EXPECT_EQ((*jordan)[0].key, "nike");
  EXPECT_EQ((*jordan)[0].count, 1u);
  Result<std::vector<CountRow>> nike = store_->Cooccur("nike", {}, 10);
  ASSERT_TRUE(nike.ok());
  ASSERT_EQ(nike->size(), 2u);  // jordan once as each type
  EXPECT_EQ((*nike)[0].key, "jordan");
  EXPECT_EQ((*nike)[1].key, "jordan");
  EXPECT_NE((*nike)[0].type, (*nike)[1].type);

  // A limit cuts the ranking after the ties of its last row are ordered by key.
  Result<std::vector<CountRow>> one = store_->Cooccur("openai", {}, 1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].key, "microsoft");  // tied with "sam altman" at 2, first by key

  Result<std::vector<CountRow>> s1 = store_->Cooccur("openai", {"2025-03-02", "", "s1", {}}, 10);
  ASSERT_TRUE(s1.ok());
  ASSERT_EQ(s1->size(), 2u);  // only article c
  EXPECT_EQ((*s1)[0].count, 1u);
}

TEST_F(QueriesTest, CooccurCountsEachArticlesMainEntities) {
  // Thirty names in one article: postings list its 25 most-mentioned (ties by first mention),
  // so that their size does not grow with the square of the names a page holds.
  std::vector<MentionRecord> mentions = {Org("Nvidia", 0), Org("Intel", 10), Org("Nvidia", 20),
                                         Org("Intel", 30), Org("Nvidia", 40)};
  for (int i = 0; i < 28; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "Org%02d", i);
    mentions.push_back(Org(name, 100 + 10 * static_cast<uint32_t>(i)));
  }
  Put(Article("big", "2025-06-01", mentions, "s"));
  Result<std::vector<CountRow>> main = store_->Cooccur("nvidia", {}, 100);
  ASSERT_TRUE(main.ok());
  ASSERT_EQ(main->size(), 24u);
  EXPECT_EQ((*main)[0].key, "intel");
  EXPECT_EQ(main->back().key, "org22");
  Result<std::vector<CountRow>> minor = store_->Cooccur("org27", {}, 100);
  ASSERT_TRUE(minor.ok());
  ASSERT_EQ(minor->size(), 25u);  // the article's main entities; org27 is not one
  EXPECT_EQ((*minor)[0].key, "intel");
  EXPECT_TRUE(CheckProblems(*store_).empty());
}

// Cooccurrence against a recount from the articles: frequent keys (counted in an array) and
// keys of one article (counted in a map) alike.
TEST_F(QueriesTest, CooccurMatchesARecountForFrequentAndRareKeys) {
  std::mt19937 rng(7);
  constexpr int kNames = 400;
  std::map<std::string, std::map<std::string, uint64_t>> expected;
  for (int a = 0; a < 40; ++a) {
    std::set<std::string> names;
    names.insert("org" + std::to_string(rng() % 4));  // a few frequent ones
    while (names.size() < 6) names.insert("org" + std::to_string(rng() % kNames));
    std::vector<MentionRecord> mentions;
    uint32_t start = 0;
    for (const std::string& n : names) mentions.push_back(Org(n, start += 10));
    Put(Article("a" + std::to_string(a), "2025-04-01", mentions, "s"));
    for (const std::string& x : names) {
      for (const std::string& y : names) {
        if (x != y) ++expected[x][y];
      }
    }
  }
  for (int i = 0; i < 60; ++i) {
    Put(Article("pad" + std::to_string(i), "2025-04-02",  // names never co-mentioned
                {Org("lone" + std::to_string(i), 0)}, "s"));
  }
  size_t checked = 0;
  for (const auto& [key, others] : expected) {
    Result<std::vector<CountRow>> rows = store_->Cooccur(key, {}, 1000);
    ASSERT_TRUE(rows.ok()) << key;
    std::map<std::string, uint64_t> got;
    for (const CountRow& r : *rows) got[r.key] = r.count;
    EXPECT_EQ(got, others) << key;
    ++checked;
  }
  EXPECT_GT(checked, 50u);
  EXPECT_TRUE(CheckProblems(*store_).empty());
}

TEST_F(QueriesTest, MoneyLinkedToAnOrganisation) {
  MentionRecord range = Money("$5-10 million", 5e6, 40, {"acme", "globex"}, 1);
  range.value_max = 1e7;
  range.snippet = "Acme and Globex raised $5-10 million.";
  Put(Article("a", "2025-03-01", {Org("Acme", 0), range}, "s1"));
  Put(Article("b", "2025-03-05", {Org("Acme", 0), Money("$3 billion", 3e9, 20, {"acme"})}, "s2"));
  Put(Article("c", "2025-03-06", {Money("$1", 1, 0, {})}, "s2"));

  Result<std::vector<MoneyRow>> acme = store_->Money("acme", {}, 10);
  ASSERT_TRUE(acme.ok());
  ASSERT_EQ(acme->size(), 2u);
  EXPECT_EQ((*acme)[0].article_id, "b");
  EXPECT_EQ((*acme)[0].value, 3e9);
  EXPECT_EQ((*acme)[0].currency, "USD");
  EXPECT_EQ((*acme)[1].article_id, "a");
  EXPECT_EQ((*acme)[1].surface, "$5-10 million");
  EXPECT_EQ((*acme)[1].value_max, 1e7);
  EXPECT_EQ((*acme)[1].snippet, "Acme and Globex raised $5-10 million.");
  EXPECT_EQ((*acme)[1].url, "https://s1/a");

  Result<std::vector<MoneyRow>> globex = store_->Money("globex", {}, 10);
  ASSERT_TRUE(globex.ok());
  EXPECT_EQ(globex->size(), 1u);
  Result<std::vector<MoneyRow>> early = store_->Money("acme", {"", "2025-03-02", "", {}}, 10);
  ASSERT_TRUE(early.ok());
  ASSERT_EQ(early->size(), 1u);
  EXPECT_EQ((*early)[0].article_id, "a");
  Result<std::vector<MoneyRow>> one = store_->Money("acme", {}, 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
  EXPECT_TRUE(CheckProblems(*store_).empty());
}

TEST_F(QueriesTest, EntitiesByPrefixMostMentionedFirst) {
  Put(Article("a", "2025-03-01",
              {Org("Nvidia", 0), Org("Nvidia", 9), Org("Nvidia", 19), Org("Nvidia", 25),
               Org("NVentures", 30), Person("Nvidia", 40)},
              "s1"));
  Put(Article("b", "2025-04-01", {Org("NVentures", 0), Org("NVentures", 9), Org("Intel", 20)},
              "s2"));
  Result<std::vector<CountRow>> rows = store_->Entities("nv", {}, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].key, "nvidia");
  EXPECT_EQ((*rows)[0].type, EntityType::kOrg);
  EXPECT_EQ((*rows)[0].count, 4u);
  EXPECT_EQ((*rows)[1].canonical, "NVentures");
  EXPECT_EQ((*rows)[1].count, 3u);
  EXPECT_EQ((*rows)[2].type, EntityType::kPerson);

  Result<std::vector<CountRow>> april = store_->Entities("nv", {"2025-04-01", "", "", {}}, 10);
  ASSERT_TRUE(april.ok());
  ASSERT_EQ(april->size(), 1u);
  EXPECT_EQ((*april)[0].key, "nventures");
  EXPECT_EQ((*april)[0].count, 2u);

  Result<std::vector<CountRow>> people =
      store_->Entities("", {"", "", "", EntityType::kPerson}, 10);
  ASSERT_TRUE(people.ok());
  ASSERT_EQ(people->size(), 1u);

  Result<std::vector<CountRow>> s1 = store_->Entities("nv", {"", "", "s1", EntityType::kOrg}, 1);
  ASSERT_TRUE(s1.ok());
  ASSERT_EQ(s1->size(), 1u);
  EXPECT_EQ((*s1)[0].key, "nvidia");
}

TEST_F(QueriesTest, Stats) {
  Put(Article("a", "2025-03-01", {Org("Nvidia", 0), Person("Jensen", 9)}, "s1"));
  Put(Article("b", "2025-02-01", {Org("Nvidia", 0)}, "s1"));
  Put(Article("c", "2025-05-01", {}, "s1"));
  Result<Stats> stats = store_->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->articles, 3u);
  EXPECT_EQ(stats->mentions, 3u);
  EXPECT_EQ(stats->entities, 2u);
  EXPECT_EQ(stats->first_day, "2025-02-01");
  EXPECT_EQ(stats->last_day, "2025-03-01");  // days with mentions
  EXPECT_GT(stats->bytes_on_disk, 0u);
}

}  // namespace
}  // namespace byline::store
