// The mention store against SQLite on the same synthetic data and the same questions: ingest
// rate, size on disk, and p50/p99 latency of timeline, mentions (first page), top and cooccur.
// Both answer a sample of the questions first, and the run fails when their answers differ.
//
//   build/bench/store_bench [--mentions=1000000] [--queries=200] [--dir=/tmp/...] [--seed=1]
//                           [--keep] [--reuse-sqlite | --reuse] [--only=NAME]
//                           [--cache=MIB] [--warm]
//
// --keep leaves both databases in --dir; a later run with --reuse-sqlite ingests byline
// again but not SQLite, and one with --reuse ingests neither (for working on queries), both
// quoting the kept runs' ingest figures. --only=NAME runs the query sets whose name contains
// NAME (for profiling one). --cache=MIB gives each system that much cache (byline's block
// cache, SQLite's page cache; default 64); --warm fills both before each query set (byline
// with Store::Warm, SQLite by reading every page through its pager), which measures them at
// memory speed: with a cache as big as SQLite's file, the two use the same memory.
//
// Data: articles in chronological order from 2022-01-01 to 2024-12-31 on 50 sites, 10-30
// mentions each (20 on average) in sentences of generated prose, of 200,000 entity keys
// (45% people, 55% organisations) drawn from a Zipf-Mandelbrot law (s = 1, q = 10: the 3,000
// most frequent keys take about 57% of the picks, the most frequent one about 1%), plus
// amounts of money linked to the organisations of their sentence. The generator is seeded,
// and the same article stream is generated again for SQLite; generation is not timed.
//
// SQLite gets what a careful engineer would build: entity keys interned to integers; mentions
// clustered by (entity, time desc) in a WITHOUT ROWID table; an (entity, time desc, article)
// table of the distinct entities of each article with an (article, entity) index for
// cooccurrence; per-day counters kept at write time by upserts (entity-day with a covering
// (type, day, entity, n) index for top, day totals), like byline's; WAL, synchronous=NORMAL,
// prepared statements, one transaction per 1,000 articles, a 64 MiB page cache (byline's
// block cache is 64 MiB too). It keeps no per-site counters, which byline does: that favours
// SQLite on ingest and size. byline gets the same batching: one PutArticles (one atomic
// WriteBatch) per 1,000 articles. Ingest is also reported in CPU seconds of the process
// (background threads included), steadier than wall time on a shared machine. Once its
// compactions have settled, byline answers the queries through a read-only open, as
// `byline query` does. A timed query is one system producing its answer's rows (byline's
// API result; SQLite's rows stepped and read into a vector); putting answers side by side is
// not timed. Each query set starts with both databases' files read through the
// operating system's cache: the application caches start as they are, but no engine waits
// for the disk (some machines drop cached file pages within seconds, which made the figures
// of a run a matter of luck).
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "store/rocks_store.h"  // to wait for compactions to settle
#include "store/store.h"

namespace {

using byline::store::ArticleRecord;
using byline::store::CountRow;
using byline::store::EntityType;
using byline::store::Filter;
using byline::store::MentionRecord;
using byline::store::Store;
using byline::store::StoreOptions;
using byline::store::TimelinePoint;
using Clock = std::chrono::steady_clock;

constexpr size_t kEntities = 200'000;
constexpr size_t kFrequent = 3'000;
constexpr size_t kSites = 50;
constexpr size_t kPageRows = 20;
constexpr size_t kTopRows = 20;
constexpr size_t kArticlesPerTransaction = 1'000;
constexpr size_t kChunkArticles = 1'000;
constexpr size_t kCooccurArticles = 20'000;  // byline's bound (store/queries.cc)
constexpr int64_t kFirstDay = 18'993;        // 2022-01-01, days since 1970-01-01
constexpr int64_t kDays = 1'096;             // to 2024-12-31

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "store_bench: %s\n", what.c_str());
  std::exit(1);
}

// CPU seconds of the whole process so far, background threads included: on a shared machine
// this varies less than wall time.
double CpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }
double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// ---- dates (days since 1970-01-01 <-> civil, Howard Hinnant's algorithms) ----

struct Civil {
  int y;
  unsigned m, d;
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string FormatDay(int64_t day) {
  const Civil c = CivilFromDays(day);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
  return buf;
}

// ---- the synthetic world ----

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Zipf-Mandelbrot over ranks 0..n-1: P(r) ~ 1 / (r + 1 + q)^s.
class Zipf {
 public:
  Zipf(size_t n, double s, double q) : cdf_(n) {
    double sum = 0;
    for (size_t r = 0; r < n; ++r) {
      sum += 1.0 / std::pow(static_cast<double>(r) + 1 + q, s);
      cdf_[r] = sum;
    }
    for (double& c : cdf_) c /= sum;
  }
  size_t operator()(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    const size_t r =
        static_cast<size_t>(std::upper_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
    return std::min(r, cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

constexpr const char* kSyllables[] = {
    "ka",  "ro",  "vel", "tan", "mi", "sor", "li",  "den", "bra", "qu",  "ter", "no",  "vi",
    "ash", "mo",  "rin", "tal", "ex", "cor", "par", "din", "sel", "ga",  "lo",  "phi", "ven",
    "tri", "on",  "ma",  "zen", "ar", "bel", "cas", "dor", "el",  "fin", "gor", "hal", "is",
    "jor", "kel", "lum", "nor", "ov", "pra", "ris", "sta", "tor", "ul",  "wen"};
constexpr size_t kSyllableCount = sizeof(kSyllables) / sizeof(kSyllables[0]);
constexpr const char* kOrgSuffixes[] = {
    "",        " Systems", " Labs",     " Inc",      " Group", " Capital", " Health",  " Energy",
    " Motors", " Bank",    " Networks", " Robotics", " AI",    " Media",   " Partners"};
constexpr const char* kFunctionWords[] = {
    "the", "of",   "and",  "to",   "a",     "in",   "said", "for",   "on",    "that", "with",
    "its", "was",  "is",   "by",   "from",  "at",   "has",  "as",    "an",    "will", "it",
    "be",  "this", "have", "more", "after", "than", "year", "which", "would", "new"};

std::string Word(std::mt19937_64& rng, size_t min_syllables, size_t max_syllables) {
  const size_t n = std::uniform_int_distribution<size_t>(min_syllables, max_syllables)(rng);
  std::string w;
  for (size_t i = 0; i < n; ++i) w += kSyllables[rng() % kSyllableCount];
  return w;
}

std::string Capitalised(std::string w) {
  if (!w.empty()) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
  return w;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Entity {
  EntityType type;
  std::string canonical, key, short_form;
};

constexpr char kSlot = '\x01';

struct World {
  std::vector<Entity> entities;  // by popularity rank
  std::vector<std::string> sites;
  std::vector<std::string> vocabulary;
  std::vector<std::string> sentences;  // templates with kSlot markers
  Zipf entity_zipf{kEntities, 1.0, 10.0};
  Zipf site_zipf{kSites, 0.8, 2.0};
  Zipf word_zipf{4'000, 1.0, 2.0};
};

std::unique_ptr<World> MakeWorld(uint64_t seed) {
  auto world = std::make_unique<World>();
  std::mt19937_64 rng(seed ^ 0x5eedULL);
  std::unordered_set<std::string> keys;
  std::vector<std::string> first_names;
  for (int i = 0; i < 2'000; ++i) first_names.push_back(Capitalised(Word(rng, 2, 3)));
  world->entities.reserve(kEntities);
  while (world->entities.size() < kEntities) {
    Entity e;
    if (rng() % 100 < 45) {
      e.type = EntityType::kPerson;
      e.short_form = Capitalised(Word(rng, 2, 4));
      e.canonical = first_names[rng() % first_names.size()] + " " + e.short_form;
    } else {
      e.type = EntityType::kOrg;
      e.short_form = Capitalised(Word(rng, 2, 4));
      e.canonical = e.short_form + kOrgSuffixes[rng() % std::size(kOrgSuffixes)];
    }
    e.key = Lower(e.canonical);
    if (!keys.insert(e.key).second) continue;
    world->entities.push_back(std::move(e));
  }
  for (size_t i = 0; i < kSites; ++i) world->sites.push_back(Word(rng, 2, 3) + "news.com");
  for (const char* w : kFunctionWords) world->vocabulary.push_back(w);
  while (world->vocabulary.size() < 4'000) world->vocabulary.push_back(Word(rng, 1, 4));
  for (int i = 0; i < 4'096; ++i) {
    const size_t words = std::uniform_int_distribution<size_t>(12, 24)(rng);
    std::string s;
    for (size_t w = 0; w < words; ++w) {
      if (w == 0 || w == words / 2 || w == words - 3) {
        s += kSlot;
        s += ' ';
      }
      s += world->vocabulary[world->word_zipf(rng)];
      s += ' ';
    }
    s.pop_back();
    s += '.';
    world->sentences.push_back(std::move(s));
  }
  return world;
}

// Deterministic article stream: the same seed gives the same articles.
class Generator {
 public:
  Generator(const World& world, uint64_t seed, size_t articles)
      : world_(world), rng_(seed), articles_(articles), mentioned_(world.entities.size()) {}

  // Whether the entity of popularity rank `r` is in an article generated so far.
  bool Mentioned(size_t r) const { return mentioned_[r]; }

  bool Next(ArticleRecord* a) {
    if (next_ >= articles_) return false;
    const size_t i = next_++;
    // Chronological and distinct timestamps: article i falls in the i-th slot of the span.
    const double slot = static_cast<double>(kDays) * 86'400 / static_cast<double>(articles_);
    const double u = std::uniform_real_distribution<double>(0, 0.9)(rng_);
    const int64_t ts = static_cast<int64_t>((static_cast<double>(i) + u) * slot);
    const int64_t day = kFirstDay + ts / 86'400;
    const int64_t secs = ts % 86'400;
    char published[32];
    std::snprintf(published, sizeof published, "%sT%02d:%02d:%02d", FormatDay(day).c_str(),
                  static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60));

    char id[24];
    std::snprintf(id, sizeof id, "%016llx",
                  static_cast<unsigned long long>(SplitMix(i ^ 0xa57ULL)));
    a->id = id;
    a->site = world_.sites[world_.site_zipf(rng_)];
    a->published = published;
    a->title.clear();
    const size_t title_words = 6 + rng_() % 6;
    for (size_t w = 0; w < title_words; ++w) {
      if (w) a->title += ' ';
      a->title += world_.vocabulary[world_.word_zipf(rng_)];
    }
    a->title = Capitalised(a->title);
    a->url = "https://" + a->site + "/" + FormatDay(day).substr(0, 7) + "/" + a->id.substr(0, 8) +
             "-" + a->title.substr(0, std::min<size_t>(a->title.size(), 40));
    for (char& c : a->url) {
      if (c == ' ') c = '-';
    }
    a->authors.assign(1 + rng_() % 2, "");
    for (std::string& name : a->authors) name = world_.entities[Person()].canonical;
    a->language = "en";
    a->content_hash = SplitMix(i) | 1;

    // Distinct entities of the article (the first is its subject), then the mentions.
    const size_t distinct = 3 + rng_() % 8;
    picked_.clear();
    while (picked_.size() < distinct) {
      const size_t r = world_.entity_zipf(rng_);
      if (std::find(picked_.begin(), picked_.end(), r) == picked_.end()) picked_.push_back(r);
    }
    for (size_t r : picked_) mentioned_[r] = true;
    const size_t n = 10 + rng_() % 21;
    std::vector<size_t> who(n);
    for (size_t m = 0; m < n; ++m) {
      who[m] = m < distinct ? picked_[m] : rng_() % 2 ? picked_[0] : picked_[rng_() % distinct];
    }
    std::shuffle(who.begin(), who.end(), rng_);
    const size_t sentences = n / 2 + 2 + rng_() % 6;
    std::vector<size_t> sentence_of(n);
    for (size_t& s : sentence_of) s = rng_() % sentences;
    std::sort(sentence_of.begin(), sentence_of.end());

    a->mentions.clear();
    uint32_t offset = static_cast<uint32_t>(a->title.size() + 2);
    for (size_t m = 0; m < n;) {
      const size_t s = sentence_of[m];
      size_t end = m;
      while (end < n && sentence_of[end] == s) ++end;
      offset += static_cast<uint32_t>(40 + rng_() % 400);  // sentences without mentions
      WriteSentence(static_cast<int32_t>(s), who, m, end, &offset, a);
      m = end;
    }
    return true;
  }

 private:
  size_t Person() {
    for (;;) {
      const size_t r = rng_() % 20'000;
      if (world_.entities[r].type == EntityType::kPerson) return r;
    }
  }

  // Appends the mentions who[begin, end) of sentence `s`, and sometimes an amount of money.
  void WriteSentence(int32_t s, const std::vector<size_t>& who, size_t begin, size_t end,
                     uint32_t* offset, ArticleRecord* a) {
    const std::string& tmpl = world_.sentences[rng_() % world_.sentences.size()];
    const bool money = rng_() % 100 < 8;
    std::string text;
    const size_t first_mention = a->mentions.size();
    size_t next = begin;
    std::vector<std::string> orgs;
    int slot = 0;
    for (char c : tmpl) {
      if (c != kSlot) {
        text += c;
        continue;
      }
      ++slot;
      if (slot == 2 && money) {
        MentionRecord mr;
        mr.type = EntityType::kMoney;
        const double value = static_cast<double>(1 + rng_() % 999) / (rng_() % 2 ? 10 : 1);
        static constexpr const char* kScale[] = {" million", " billion", ""};
        static constexpr const char* kSymbol[] = {"$", "$", "$", "€", "£"};
        static constexpr const char* kCurrency[] = {"USD", "USD", "USD", "EUR", "GBP"};
        const size_t scale = rng_() % 3, sym = rng_() % 5;
        char buf[48];
        std::snprintf(buf, sizeof buf, "%s%g%s", kSymbol[sym], value, kScale[scale]);
        mr.surface = buf;
        mr.canonical = mr.surface;
        mr.key = Lower(mr.surface);
        mr.value = value * (scale == 0 ? 1e6 : scale == 1 ? 1e9 : 1);
        mr.currency = kCurrency[sym];
        mr.start = *offset + static_cast<uint32_t>(text.size());
        mr.end = mr.start + static_cast<uint32_t>(mr.surface.size());
        mr.sentence = s;
        text += mr.surface;
        a->mentions.push_back(std::move(mr));
        continue;
      }
      // The first slot takes every mention left when it is the sentence's last slot.
      const size_t take = next >= end ? 0 : slot == 3 ? end - next : 1;
      if (take == 0) {
        text += "it";
        continue;
      }
      for (size_t k = 0; k < take; ++k, ++next) {
        if (k) text += k + 1 == take ? " and " : ", ";
        const Entity& e = world_.entities[who[next]];
        MentionRecord mr;
        mr.type = e.type;
        const bool again = std::any_of(a->mentions.begin(), a->mentions.end(),
                                       [&](const MentionRecord& x) { return x.key == e.key; });
        mr.surface = again && rng_() % 100 < 40 ? e.short_form : e.canonical;
        mr.canonical = e.canonical;
        mr.key = e.key;
        mr.start = *offset + static_cast<uint32_t>(text.size());
        mr.end = mr.start + static_cast<uint32_t>(mr.surface.size());
        mr.sentence = s;
        text += mr.surface;
        if (e.type == EntityType::kOrg) orgs.push_back(e.key);
        a->mentions.push_back(std::move(mr));
      }
    }
    text = Capitalised(std::move(text));
    for (size_t m = first_mention; m < a->mentions.size(); ++m) {
      MentionRecord& mr = a->mentions[m];
      mr.snippet = text;
      if (mr.type == EntityType::kMoney) {
        std::sort(orgs.begin(), orgs.end());
        orgs.erase(std::unique(orgs.begin(), orgs.end()), orgs.end());
        mr.linked_keys = orgs;
      }
    }
    *offset += static_cast<uint32_t>(text.size() + 1);
  }

  const World& world_;
  std::mt19937_64 rng_;
  size_t articles_;
  size_t next_ = 0;
  std::vector<size_t> picked_;
  std::vector<bool> mentioned_;
};

// ---- SQLite ----

class Sqlite {
 public:
  explicit Sqlite(const std::string& path, size_t cache_bytes = size_t{64} << 20) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die("sqlite: cannot open " + path);
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=NORMAL");
    Exec(("PRAGMA cache_size=-" + std::to_string(cache_bytes >> 10)).c_str());
    Exec("PRAGMA temp_store=MEMORY");
  }
  ~Sqlite() {
    for (auto& [sql, stmt] : stmts_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  void Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      Die(std::string("sqlite: ") + (err ? err : "?") + " in " + sql);
    }
  }

  // A cached prepared statement, reset and with its bindings cleared.
  sqlite3_stmt* Stmt(const char* sql) {
    sqlite3_stmt*& s = stmts_[sql];
    if (s == nullptr) {
      if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
        Die(std::string("sqlite: ") + sqlite3_errmsg(db_) + " in " + sql);
      }
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
  }

  bool Step(sqlite3_stmt* s) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) Die(std::string("sqlite: ") + sqlite3_errmsg(db_));
    return false;
  }

  sqlite3* db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<const char*, sqlite3_stmt*> stmts_;
};

constexpr const char* kSchema = R"sql(
CREATE TABLE articles(num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT, title TEXT,
  site TEXT, published TEXT, ts INTEGER, authors TEXT, language TEXT, content_hash INTEGER);
CREATE TABLE entities(eid INTEGER PRIMARY KEY, key TEXT NOT NULL, type INTEGER NOT NULL,
  canonical TEXT, total INTEGER NOT NULL, UNIQUE(key, type));
CREATE TABLE snippets(article INTEGER, idx INTEGER, text TEXT, PRIMARY KEY(article, idx))
  WITHOUT ROWID;
CREATE TABLE mentions(eid INTEGER, ts INTEGER, article INTEGER, start INTEGER, len INTEGER,
  sentence INTEGER, surface TEXT, snippet INTEGER,
  PRIMARY KEY(eid, ts DESC, article, start)) WITHOUT ROWID;
CREATE TABLE money(article INTEGER, start INTEGER, value REAL, value_max REAL, currency TEXT,
  approximate INTEGER, PRIMARY KEY(article, start)) WITHOUT ROWID;
CREATE TABLE money_links(org INTEGER, ts INTEGER, article INTEGER, start INTEGER,
  PRIMARY KEY(org, ts DESC, article, start)) WITHOUT ROWID;
CREATE TABLE article_entities(eid INTEGER, ts INTEGER, article INTEGER,
  PRIMARY KEY(eid, ts DESC, article)) WITHOUT ROWID;
CREATE INDEX article_entities_by_article ON article_entities(article, eid);
CREATE TABLE entity_days(eid INTEGER, day INTEGER, type INTEGER, n INTEGER,
  PRIMARY KEY(eid, day)) WITHOUT ROWID;
CREATE INDEX entity_days_top ON entity_days(type, day, eid, n);
CREATE TABLE day_totals(day INTEGER PRIMARY KEY, n INTEGER);
)sql";

int64_t TimestampOf(const std::string& published) {
  const int y = std::atoi(published.c_str());
  const unsigned m = static_cast<unsigned>(std::atoi(published.c_str() + 5));
  const unsigned d = static_cast<unsigned>(std::atoi(published.c_str() + 8));
  int64_t ts = DaysFromCivil(y, m, d) * 86'400;
  if (published.size() >= 19) {
    ts += std::atoi(published.c_str() + 11) * 3600 + std::atoi(published.c_str() + 14) * 60 +
          std::atoi(published.c_str() + 17);
  }
  return ts;
}

void BindText(sqlite3_stmt* s, int i, const std::string& t) {
  sqlite3_bind_text(s, i, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
}

void SqlitePut(Sqlite& db, const ArticleRecord& a) {
  const int64_t ts = TimestampOf(a.published);
  const int64_t day = ts / 86'400;
  sqlite3_stmt* s = db.Stmt(
      "INSERT INTO articles(id, url, title, site, published, ts, authors, language, "
      "content_hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  std::string authors;
  for (const std::string& au : a.authors) authors += (authors.empty() ? "" : "\n") + au;
  BindText(s, 1, a.id);
  BindText(s, 2, a.url);
  BindText(s, 3, a.title);
  BindText(s, 4, a.site);
  BindText(s, 5, a.published);
  sqlite3_bind_int64(s, 6, ts);
  BindText(s, 7, authors);
  BindText(s, 8, a.language);
  sqlite3_bind_int64(s, 9, static_cast<int64_t>(a.content_hash));
  db.Step(s);
  const int64_t article = sqlite3_last_insert_rowid(db.db());

  // Distinct entities with their mention counts; snippets in order of first use.
  struct Seen {
    int64_t eid = 0;
    int64_t count = 0;
  };
  std::map<std::pair<std::string, int>, Seen> entities;
  for (const MentionRecord& m : a.mentions) ++entities[{m.key, static_cast<int>(m.type)}].count;
  for (auto& [k, seen] : entities) {
    s = db.Stmt(
        "INSERT INTO entities(key, type, canonical, total) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(key, type) DO UPDATE SET canonical = excluded.canonical, "
        "total = total + excluded.total RETURNING eid");
    const MentionRecord* m =
        &*std::find_if(a.mentions.begin(), a.mentions.end(), [&](const MentionRecord& x) {
          return x.key == k.first && static_cast<int>(x.type) == k.second;
        });
    BindText(s, 1, k.first);
    sqlite3_bind_int(s, 2, k.second);
    BindText(s, 3, m->canonical);
    sqlite3_bind_int64(s, 4, seen.count);
    if (!db.Step(s)) Die("sqlite: upsert returned no eid");
    seen.eid = sqlite3_column_int64(s, 0);
    db.Step(s);

    s = db.Stmt("INSERT INTO article_entities(eid, ts, article) VALUES(?1, ?2, ?3)");
    sqlite3_bind_int64(s, 1, seen.eid);
    sqlite3_bind_int64(s, 2, ts);
    sqlite3_bind_int64(s, 3, article);
    db.Step(s);

    s = db.Stmt(
        "INSERT INTO entity_days(eid, day, type, n) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(eid, day) DO UPDATE SET n = n + excluded.n");
    sqlite3_bind_int64(s, 1, seen.eid);
    sqlite3_bind_int64(s, 2, day);
    sqlite3_bind_int(s, 3, k.second);
    sqlite3_bind_int64(s, 4, seen.count);
    db.Step(s);
  }
  s = db.Stmt(
      "INSERT INTO day_totals(day, n) VALUES(?1, ?2) "
      "ON CONFLICT(day) DO UPDATE SET n = n + excluded.n");
  sqlite3_bind_int64(s, 1, day);
  sqlite3_bind_int64(s, 2, static_cast<int64_t>(a.mentions.size()));
  db.Step(s);

  std::vector<const std::string*> snippets;
  for (const MentionRecord& m : a.mentions) {
    int64_t snippet = -1;
    if (!m.snippet.empty()) {
      auto it = std::find_if(snippets.begin(), snippets.end(),
                             [&](const std::string* x) { return *x == m.snippet; });
      snippet = it - snippets.begin();
      if (it == snippets.end()) {
        snippets.push_back(&m.snippet);
        s = db.Stmt("INSERT INTO snippets(article, idx, text) VALUES(?1, ?2, ?3)");
        sqlite3_bind_int64(s, 1, article);
        sqlite3_bind_int64(s, 2, snippet);
        BindText(s, 3, m.snippet);
        db.Step(s);
      }
    }
    const int64_t eid = entities[{m.key, static_cast<int>(m.type)}].eid;
    s = db.Stmt(
        "INSERT INTO mentions(eid, ts, article, start, len, sentence, surface, snippet) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    sqlite3_bind_int64(s, 1, eid);
    sqlite3_bind_int64(s, 2, ts);
    sqlite3_bind_int64(s, 3, article);
    sqlite3_bind_int64(s, 4, m.start);
    sqlite3_bind_int64(s, 5, m.end - m.start);
    sqlite3_bind_int64(s, 6, m.sentence);
    if (m.surface != m.canonical) BindText(s, 7, m.surface);  // NULL: same as canonical
    if (snippet >= 0) sqlite3_bind_int64(s, 8, snippet);
    db.Step(s);
    if (m.type != EntityType::kMoney) continue;
    s = db.Stmt(
        "INSERT INTO money(article, start, value, value_max, currency, approximate) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    sqlite3_bind_int64(s, 1, article);
    sqlite3_bind_int64(s, 2, m.start);
    sqlite3_bind_double(s, 3, m.value);
    if (m.value_max) sqlite3_bind_double(s, 4, *m.value_max);
    BindText(s, 5, m.currency);
    sqlite3_bind_int(s, 6, m.approximate ? 1 : 0);
    db.Step(s);
    for (const std::string& org : m.linked_keys) {
      auto it = entities.find({org, static_cast<int>(EntityType::kOrg)});
      if (it == entities.end()) continue;
      s = db.Stmt("INSERT INTO money_links(org, ts, article, start) VALUES(?1, ?2, ?3, ?4)");
      sqlite3_bind_int64(s, 1, it->second.eid);
      sqlite3_bind_int64(s, 2, ts);
      sqlite3_bind_int64(s, 3, article);
      sqlite3_bind_int64(s, 4, m.start);
      db.Step(s);
    }
  }
}

// The entity ids of a key (one per type it was seen with).
std::vector<int64_t> SqliteEids(Sqlite& db, const std::string& key) {
  sqlite3_stmt* s = db.Stmt("SELECT eid FROM entities WHERE key = ?1");
  BindText(s, 1, key);
  std::vector<int64_t> eids;
  while (db.Step(s)) eids.push_back(sqlite3_column_int64(s, 0));
  return eids;
}

// A timeline as each system answers it, a row a day: what the timed queries produce.
struct DayRow {
  int64_t day;
  uint64_t count, total;
};

std::vector<DayRow> SqliteTimeline(Sqlite& db, const std::string& key, int64_t since,
                                   int64_t until) {
  std::vector<DayRow> out;
  for (int64_t eid : SqliteEids(db, key)) {
    sqlite3_stmt* s = db.Stmt(
        "SELECT d.day, d.n, t.n FROM entity_days d JOIN day_totals t ON t.day = d.day "
        "WHERE d.eid = ?1 AND d.day BETWEEN ?2 AND ?3 ORDER BY d.day");
    sqlite3_bind_int64(s, 1, eid);
    sqlite3_bind_int64(s, 2, since);
    sqlite3_bind_int64(s, 3, until);
    while (db.Step(s)) {
      out.push_back({sqlite3_column_int64(s, 0), static_cast<uint64_t>(sqlite3_column_int64(s, 1)),
                     static_cast<uint64_t>(sqlite3_column_int64(s, 2))});
    }
  }
  return out;
}

// For comparing answers: day -> (count, total), the counts of a key's types added.
using Timeline = std::map<int64_t, std::pair<uint64_t, uint64_t>>;

Timeline ToTimeline(const std::vector<DayRow>& rows) {
  Timeline out;
  for (const DayRow& r : rows) {
    auto& p = out[r.day];
    p.first += r.count;
    p.second = r.total;
  }
  return out;
}

// (article id, start) of the first page, newest first.
using PageIds = std::vector<std::pair<std::string, uint32_t>>;

PageIds SqliteMentions(Sqlite& db, const std::string& key) {
  PageIds out;
  const std::vector<int64_t> eids = SqliteEids(db, key);
  if (eids.size() > 1) Die("sqlite: the bench data has one type per key");
  if (eids.empty()) return out;
  sqlite3_stmt* s = db.Stmt(
      "SELECT a.id, a.url, a.title, a.site, a.published, e.type, "
      "COALESCE(m.surface, e.canonical), e.canonical, sn.text, m.start, m.start + m.len "
      "FROM mentions m JOIN entities e ON e.eid = m.eid JOIN articles a ON a.num = m.article "
      "LEFT JOIN snippets sn ON sn.article = m.article AND sn.idx = m.snippet "
      "WHERE m.eid = ?1 ORDER BY m.ts DESC, m.article, m.start LIMIT ?2");
  sqlite3_bind_int64(s, 1, eids[0]);
  sqlite3_bind_int64(s, 2, kPageRows);
  while (db.Step(s)) {
    // Read every column, as a caller building rows would.
    std::string row[9];
    for (int c = 0; c < 9; ++c) {
      const unsigned char* t = sqlite3_column_text(s, c);
      if (t) row[c] = reinterpret_cast<const char*>(t);
    }
    out.emplace_back(row[0], static_cast<uint32_t>(sqlite3_column_int64(s, 9)));
  }
  return out;
}

using Ranking = std::vector<std::tuple<std::string, int, uint64_t>>;  // key, type, count

Ranking SqliteTop(Sqlite& db, int64_t since, int64_t until, EntityType type) {
  sqlite3_stmt* s = db.Stmt(
      "SELECT e.key, e.type, t.c, e.canonical FROM (SELECT eid, SUM(n) AS c FROM entity_days "
      "WHERE type = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY eid) t JOIN entities e ON "
      "e.eid = t.eid ORDER BY t.c DESC, e.key, e.type LIMIT ?4");
  sqlite3_bind_int(s, 1, static_cast<int>(type));
  sqlite3_bind_int64(s, 2, since);
  sqlite3_bind_int64(s, 3, until);
  sqlite3_bind_int64(s, 4, kTopRows);
  Ranking out;
  while (db.Step(s)) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)),
                     sqlite3_column_int(s, 1), sqlite3_column_int64(s, 2));
  }
  return out;
}

Ranking SqliteCooccur(Sqlite& db, const std::string& key) {
  Ranking out;
  const std::vector<int64_t> eids = SqliteEids(db, key);
  if (eids.size() > 1) Die("sqlite: the bench data has one type per key");
  if (eids.empty()) return out;
  // byline's semantics: the entities of the key's newest 20,000 articles, counted once an
  // article.
  sqlite3_stmt* s = db.Stmt(
      "SELECT e.key, e.type, t.c, e.canonical FROM (SELECT o.eid, COUNT(*) AS c FROM "
      "(SELECT article FROM article_entities WHERE eid = ?1 ORDER BY ts DESC, article "
      "LIMIT ?2) a JOIN article_entities o ON o.article = a.article WHERE o.eid != ?1 "
      "GROUP BY o.eid) t JOIN entities e ON e.eid = t.eid "
      "ORDER BY t.c DESC, e.key, e.type LIMIT ?3");
  sqlite3_bind_int64(s, 1, eids[0]);
  sqlite3_bind_int64(s, 2, kCooccurArticles);
  sqlite3_bind_int64(s, 3, kTopRows);
  while (db.Step(s)) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)),
                     sqlite3_column_int(s, 1), sqlite3_column_int64(s, 2));
  }
  return out;
}

// ---- byline ----

template <typename T>
T Must(byline::Result<T>&& r, const char* what) {
  if (!r.ok()) Die(std::string("byline ") + what + ": " + r.status().ToString());
  return std::move(r).value();
}

std::unique_ptr<Store> OpenStore(const std::string& dir, StoreOptions options = StoreOptions()) {
  byline::Result<std::unique_ptr<Store>> opened = Store::Open(dir, options);
  if (!opened.ok()) Die("byline open: " + opened.status().ToString());
  return std::move(opened).value();
}

std::vector<TimelinePoint> BylineTimeline(Store& store, const std::string& key, int64_t since,
                                          int64_t until) {
  Filter f;
  f.since = FormatDay(since);
  f.until = FormatDay(until);
  return Must(store.Timeline(key, f, "day"), "timeline");
}

Timeline ToTimeline(const std::vector<TimelinePoint>& points) {
  Timeline out;
  for (const TimelinePoint& p : points) {
    const int64_t day = DaysFromCivil(std::atoi(p.period.c_str()),
                                      static_cast<unsigned>(std::atoi(p.period.c_str() + 5)),
                                      static_cast<unsigned>(std::atoi(p.period.c_str() + 8)));
    out[day] = {p.count, p.total};
  }
  return out;
}

PageIds BylineMentions(Store& store, const std::string& key) {
  PageIds out;
  for (const auto& row : Must(store.Mentions(key, Filter(), kPageRows, ""), "mentions").rows) {
    out.emplace_back(row.article_id, row.start);
  }
  return out;
}

Ranking ToRanking(const std::vector<CountRow>& rows) {
  Ranking out;
  for (const CountRow& r : rows) out.emplace_back(r.key, static_cast<int>(r.type), r.count);
  return out;
}

// kAllTime as `since` asks for every date (byline: no --since or --until).
constexpr int64_t kAllTime = INT64_MIN;

Ranking BylineTop(Store& store, int64_t since, int64_t until, EntityType type) {
  Filter f;
  if (since != kAllTime) {
    f.since = FormatDay(since);
    f.until = FormatDay(until);
  }
  f.type = type;
  return ToRanking(Must(store.Top(f, kTopRows), "top"));
}

Ranking BylineCooccur(Store& store, const std::string& key) {
  return ToRanking(Must(store.Cooccur(key, Filter(), kTopRows), "cooccur"));
}

// ---- measuring ----

// The files under `path`: itself when it is a file, else every file in the tree.
std::vector<std::filesystem::path> FilesUnder(const std::string& path) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return {path};
  for (const auto& e : std::filesystem::recursive_directory_iterator(path, ec)) {
    if (e.is_regular_file(ec)) files.push_back(e.path());
  }
  return files;
}

// Reads every file under `path` once, so that the operating system caches it.
void ReadThrough(const std::string& path) {
  std::vector<char> buffer(1 << 20);
  for (const std::filesystem::path& f : FilesUnder(path)) {
    if (FILE* in = std::fopen(f.c_str(), "rb")) {
      while (std::fread(buffer.data(), 1, buffer.size(), in) == buffer.size()) {
      }
      std::fclose(in);
    }
  }
}

uint64_t BytesUnder(const std::string& path) {
  uint64_t total = 0;
  std::error_code ec;
  for (const std::filesystem::path& f : FilesUnder(path)) {
    const uintmax_t size = std::filesystem::file_size(f, ec);
    if (!ec) total += size;
  }
  return total;
}

struct Latency {
  double p50 = 0, p99 = 0;
};

Latency Percentiles(std::vector<double> ms) {
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(ms.size()))) - 1;
    return ms[std::min(i, ms.size() - 1)];
  };
  return {at(0.50), at(0.99)};
}

struct Query {
  std::string key;
  int64_t since = 0, until = 0;
};

struct QuerySet {
  std::string name;
  std::string target;  // p99 bound in ms, "" for none
  double target_ms = 0;
  std::vector<Query> queries;
  std::function<void(const Query&)> byline, sqlite;
  Latency b, s;
};

template <typename F>
Latency Time(const std::vector<Query>& qs, const F& run) {
  std::vector<double> ms;
  ms.reserve(qs.size());
  for (const Query& q : qs) {
    const Clock::time_point t0 = Clock::now();
    run(q);
    ms.push_back(Millis(Clock::now() - t0));
  }
  return Percentiles(std::move(ms));
}

std::string Thousands(uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

bool Flag(const char* arg, const char* name, std::string* value) {
  const size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
  *value = arg + n + 1;
  return true;
}

std::string KeyList(const Ranking& r) {
  std::string s;
  for (const auto& [key, type, count] : r) {
    s += "  " + key + "/" + std::to_string(type) + "=" + std::to_string(count);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // a line at a time: a long run's figures survive
  size_t mentions = 1'000'000, queries = 200;
  uint64_t seed = 1;
  std::string dir, only;
  bool keep = false, ingest_only = false, reuse_sqlite = false, reuse = false, warm = false;
  size_t cache_bytes = size_t{64} << 20;  // each system's own cache: block cache, page cache
  // Every snippet as stored (once an article), a line each: what a compressor makes of the
  // text alone is the floor under the store's size.
  FILE* snippet_dump = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string v;
    if (Flag(argv[i], "--mentions", &v)) {
      mentions = std::strtoull(v.c_str(), nullptr, 10);
    } else if (Flag(argv[i], "--queries", &v)) {
      queries = std::strtoull(v.c_str(), nullptr, 10);
    } else if (Flag(argv[i], "--seed", &v)) {
      seed = std::strtoull(v.c_str(), nullptr, 10);
    } else if (Flag(argv[i], "--only", &v)) {
      only = v;
    } else if (Flag(argv[i], "--cache", &v)) {
      cache_bytes = std::strtoull(v.c_str(), nullptr, 10) << 20;
    } else if (Flag(argv[i], "--dir", &v)) {
      dir = v;
    } else if (Flag(argv[i], "--dump-snippets", &v)) {
      snippet_dump = std::fopen(v.c_str(), "w");
      if (snippet_dump == nullptr) Die("cannot write " + v);
    } else if (std::strcmp(argv[i], "--ingest-only") == 0) {
      ingest_only = true;
    } else if (std::strcmp(argv[i], "--warm") == 0) {
      warm = true;
    } else if (std::strcmp(argv[i], "--keep") == 0) {
      keep = true;
    } else if (std::strcmp(argv[i], "--reuse-sqlite") == 0) {
      reuse_sqlite = keep = true;
    } else if (std::strcmp(argv[i], "--reuse") == 0) {
      reuse = reuse_sqlite = keep = true;
    } else {
      std::fprintf(stderr,
                   "usage: store_bench [--mentions=N] [--queries=K] [--dir=PATH] [--seed=S] "
                   "[--keep] [--reuse-sqlite] [--reuse] [--only=NAME] [--cache=MIB] [--warm] "
                   "[--ingest-only] [--dump-snippets=FILE]\n");
      return 2;
    }
  }
  if (mentions < 1'000 || queries < 1) Die("need --mentions >= 1000 and --queries >= 1");
  bool made_dir = false;
  if (dir.empty()) {
    char tmpl[] = "/tmp/store_bench.XXXXXX";
    if (mkdtemp(tmpl) == nullptr) Die("cannot create a temporary directory");
    dir = tmpl;
    made_dir = true;
  }
  const std::string byline_dir = dir + "/byline";
  const std::string sqlite_path = dir + "/sqlite.db";
  // --reuse-sqlite (for working on byline): the SQLite database and its ingest figures from
  // an earlier run with --keep and the same --mentions and --seed, in the same --dir.
  const std::string sqlite_figures = sqlite_path + ".ingest";
  reuse_sqlite = reuse_sqlite && std::filesystem::exists(sqlite_figures);
  // --reuse (for working on queries alone): both databases and their ingest figures.
  const std::string byline_figures = dir + "/byline.ingest";
  reuse = reuse && reuse_sqlite && std::filesystem::exists(byline_figures);
  if (!reuse) {
    std::filesystem::remove_all(byline_dir);
    std::filesystem::remove(byline_figures);
  }
  if (!reuse_sqlite) {
    for (const char* suffix : {"", "-wal", "-shm", ".ingest"}) {
      std::filesystem::remove(sqlite_path + suffix);
    }
  }

  const size_t articles = mentions / 20;
  const std::unique_ptr<World> world = MakeWorld(seed);

  // -- ingest: byline --
  uint64_t n_mentions = 0, snippet_bytes = 0;  // snippets: each sentence once an article
  double byline_ingest = 0, byline_close = 0, byline_cpu = 0;
  uint64_t byline_bytes_closed = 0;
  Generator gen(*world, seed, articles);
  if (reuse) {
    FILE* f = std::fopen(byline_figures.c_str(), "r");
    unsigned long long n = 0, sb = 0, closed = 0;
    if (f == nullptr || std::fscanf(f, "%llu %llu %llu %lf %lf %lf", &n, &sb, &closed,
                                    &byline_ingest, &byline_close, &byline_cpu) != 6) {
      Die("cannot read " + byline_figures);
    }
    std::fclose(f);
    n_mentions = n;
    snippet_bytes = sb;
    byline_bytes_closed = closed;
    // The generator also tells which tail entities were mentioned: run it through.
    ArticleRecord a;
    while (gen.Next(&a)) {
    }
  } else {
    Clock::duration put{};
    std::unique_ptr<Store> store = OpenStore(byline_dir);
    std::vector<ArticleRecord> chunk(kChunkArticles);
    for (;;) {
      size_t n = 0;
      while (n < chunk.size() && gen.Next(&chunk[n])) ++n;
      if (n == 0) break;
      // One atomic batch per chunk, as SQLite gets one transaction per chunk.
      chunk.resize(n);
      const Clock::time_point t0 = Clock::now();
      const double c0 = CpuSeconds();
      byline::Status st = store->PutArticles(chunk);
      if (!st.ok()) Die("byline put: " + st.ToString());
      put += Clock::now() - t0;
      byline_cpu += CpuSeconds() - c0;
      for (size_t i = 0; i < n; ++i) {
        n_mentions += chunk[i].mentions.size();
        const std::string* last = nullptr;
        for (const MentionRecord& m : chunk[i].mentions) {
          if (last == nullptr || *last != m.snippet) {
            snippet_bytes += m.snippet.size();
            if (snippet_dump) std::fprintf(snippet_dump, "%s\n", m.snippet.c_str());
          }
          last = &m.snippet;
        }
      }
    }
    const Clock::time_point t0 = Clock::now();
    const double c0 = CpuSeconds();
    store.reset();  // flushes the memtables
    byline_cpu += CpuSeconds() - c0;
    byline_close = Seconds(Clock::now() - t0);
    put += Clock::now() - t0;
    byline_ingest = Seconds(put);
    byline_bytes_closed = BytesUnder(byline_dir);
    if (FILE* f = std::fopen(byline_figures.c_str(), "w")) {
      std::fprintf(f, "%llu %llu %llu %.6f %.6f %.6f\n",
                   static_cast<unsigned long long>(n_mentions),
                   static_cast<unsigned long long>(snippet_bytes),
                   static_cast<unsigned long long>(byline_bytes_closed), byline_ingest,
                   byline_close, byline_cpu);
      std::fclose(f);
    }
  }
  if (snippet_dump) std::fclose(snippet_dump);
  std::fprintf(stderr, "byline: %s mentions in %.1f s (%.1f s of it closing), %.1f CPU s\n",
               Thousands(n_mentions).c_str(), byline_ingest, byline_close, byline_cpu);

  if (ingest_only) {
    // For profiling byline's write path: no SQLite, no queries.
    std::fprintf(stderr, "byline: %.1f bytes/mention as closed; table files:",
                 static_cast<double>(byline_bytes_closed) / static_cast<double>(n_mentions));
    const byline::store::Stats closed = Must(OpenStore(byline_dir)->GetStats(), "stats");
    for (const auto& [family, bytes] : closed.table_bytes) {
      std::fprintf(stderr, " %s %.1f", family.c_str(),
                   static_cast<double>(bytes) / static_cast<double>(n_mentions));
    }
    std::fprintf(stderr, "\n");
    if (!keep) std::filesystem::remove_all(made_dir ? dir : byline_dir);
    return 0;
  }

  // -- ingest: SQLite, the same stream --
  double sqlite_ingest = 0, sqlite_cpu = 0;
  uint64_t sqlite_bytes = 0;
  if (reuse_sqlite) {
    FILE* f = std::fopen(sqlite_figures.c_str(), "r");
    if (f == nullptr || std::fscanf(f, "%lf %lf", &sqlite_ingest, &sqlite_cpu) != 2) {
      Die("cannot read " + sqlite_figures);
    }
    std::fclose(f);
  } else {
    Sqlite db(sqlite_path);
    db.Exec(kSchema);
    Clock::duration put{};
    Generator gen(*world, seed, articles);  // the same stream again
    std::vector<ArticleRecord> chunk(kChunkArticles);
    static_assert(kChunkArticles % kArticlesPerTransaction == 0);
    for (;;) {
      size_t n = 0;
      while (n < chunk.size() && gen.Next(&chunk[n])) ++n;
      if (n == 0) break;
      const Clock::time_point t0 = Clock::now();
      const double c0 = CpuSeconds();
      for (size_t i = 0; i < n; ++i) {
        if (i % kArticlesPerTransaction == 0) db.Exec("BEGIN");
        SqlitePut(db, chunk[i]);
        if ((i + 1) % kArticlesPerTransaction == 0 || i + 1 == n) db.Exec("COMMIT");
      }
      put += Clock::now() - t0;
      sqlite_cpu += CpuSeconds() - c0;
    }
    const Clock::time_point t0 = Clock::now();
    db.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    put += Clock::now() - t0;
    sqlite_ingest = Seconds(put);
    db.Exec("ANALYZE");
    if (FILE* f = std::fopen(sqlite_figures.c_str(), "w")) {
      std::fprintf(f, "%.6f %.6f\n", sqlite_ingest, sqlite_cpu);
      std::fclose(f);
    }
  }
  sqlite_bytes = BytesUnder(sqlite_path) + BytesUnder(sqlite_path + "-wal");
  std::fprintf(stderr, "sqlite: %s in %.1f s, %.1f CPU s\n",
               reuse_sqlite ? "ingested earlier" : "ingested", sqlite_ingest, sqlite_cpu);

  // -- queries --
  std::unique_ptr<Store> store = OpenStore(byline_dir);
  // Reopening replays the write-ahead log and starts compactions: wait until RocksDB has no
  // compaction running or pending and the files stop changing (at most five minutes), so
  // that queries do not share the cores with them and the size is that of a settled
  // database.
  auto* rocks = dynamic_cast<byline::store::internal::RocksStore*>(store.get());
  const auto compacting = [&] {
    uint64_t pending = 0, running = 0;
    rocksdb::DB* rdb = rocks ? rocks->DbForTesting() : nullptr;
    if (rdb == nullptr) return false;
    rdb->GetAggregatedIntProperty("rocksdb.compaction-pending", &pending);
    rdb->GetAggregatedIntProperty("rocksdb.num-running-compactions", &running);
    return pending + running > 0;
  };
  const Clock::time_point settle = Clock::now();
  for (uint64_t last = 0, same = 0; same < 3 && Clock::now() - settle < std::chrono::minutes(5);) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const uint64_t now = BytesUnder(byline_dir);
    same = now == last && !compacting() ? same + 1 : 0;
    last = now;
  }
  const uint64_t byline_bytes_settled = BytesUnder(byline_dir);
  // Queries run on a read-only open, as `byline query` runs them. A writable store may start
  // compactions at any time (RocksDB rewrites bottommost files to drop sequence numbers once
  // the snapshots that queries take are released), and those would share the cores with the
  // queries; a reader never compacts.
  store.reset();
  rocks = nullptr;
  {
    StoreOptions read_only;
    read_only.read_only = true;
    read_only.block_cache_bytes = cache_bytes;
    store = Must(Store::Open(byline_dir, read_only), "open read-only");
  }
  Sqlite db(sqlite_path, cache_bytes);
  const byline::store::Stats stats = Must(store->GetStats(), "stats");
  if (stats.mentions != n_mentions) {
    Die("byline stores " + std::to_string(stats.mentions) + " mentions, generated " +
        std::to_string(n_mentions));
  }
  {
    sqlite3_stmt* s = db.Stmt("SELECT COUNT(*) FROM mentions");
    db.Step(s);
    if (static_cast<uint64_t>(sqlite3_column_int64(s, 0)) != n_mentions) {
      Die("sqlite stores " + std::to_string(sqlite3_column_int64(s, 0)) + " mentions");
    }
  }

  std::mt19937_64 rng(seed * 7919 + 17);
  const auto frequent = [&] { return world->entities[rng() % kFrequent].key; };
  const auto tail = [&] {
    for (;;) {
      const size_t r = world->entity_zipf(rng);
      if (r >= kFrequent && gen.Mentioned(r)) return world->entities[r].key;
    }
  };
  const auto year = [&](const std::string& key) {
    const int64_t since = kFirstDay + static_cast<int64_t>(rng() % (kDays - 365 + 1));
    return Query{key, since, since + 364};
  };
  const auto month = [&] {
    const int m = static_cast<int>(rng() % 36);
    const int64_t since = DaysFromCivil(2022 + m / 12, static_cast<unsigned>(m % 12 + 1), 1);
    const int64_t until =
        DaysFromCivil(2022 + (m + 1) / 12, static_cast<unsigned>((m + 1) % 12 + 1), 1) - 1;
    return Query{"", since, until};
  };
  const std::string top_key = world->entities[0].key;

  // Correctness on a sample first.
  int mismatches = 0;
  const auto report = [&](const std::string& what, const std::string& b, const std::string& s) {
    std::fprintf(stderr, "MISMATCH %s\n  byline:%s\n  sqlite:%s\n", what.c_str(), b.c_str(),
                 s.c_str());
    ++mismatches;
  };
  for (int i = 0; i < 12; ++i) {
    const Query q = year(i < 2 ? top_key : i < 7 ? frequent() : tail());
    const Timeline b = ToTimeline(BylineTimeline(*store, q.key, q.since, q.until));
    const Timeline s = ToTimeline(SqliteTimeline(db, q.key, q.since, q.until));
    if (b != s) {
      report("timeline " + q.key, std::to_string(b.size()) + " days",
             std::to_string(s.size()) + " days");
    }
    const PageIds bp = BylineMentions(*store, q.key);
    const PageIds sp = SqliteMentions(db, q.key);
    if (bp != sp || bp.empty()) {
      report("mentions " + q.key, std::to_string(bp.size()) + " rows",
             std::to_string(sp.size()) + " rows");
    }
  }
  for (int i = 0; i < 6; ++i) {
    // Four months, then all time.
    const Query q = i < 4 ? month() : Query{"", kAllTime, INT64_MAX};
    const EntityType type = i == 3 || i == 5 ? EntityType::kPerson : EntityType::kOrg;
    const Ranking b = BylineTop(*store, q.since, q.until, type);
    const Ranking s = SqliteTop(db, q.since, q.until, type);
    if (b != s || b.size() != kTopRows) {
      report("top " + (i < 4 ? FormatDay(q.since) : "all time"), KeyList(b), KeyList(s));
    }
  }
  for (int i = 0; i < 4; ++i) {
    const std::string key = i == 0 ? top_key : i < 3 ? frequent() : tail();
    const Ranking b = BylineCooccur(*store, key);
    const Ranking s = SqliteCooccur(db, key);
    if (b != s || b.empty()) report("cooccur " + key, KeyList(b), KeyList(s));
  }
  if (mismatches) Die(std::to_string(mismatches) + " answers differ between byline and SQLite");

  std::vector<QuerySet> sets;
  const auto add = [&](std::string name, double target_ms, auto make, auto b, auto s) {
    // --only=NAME (for profiling one kind of query): the sets whose name contains NAME.
    if (name.find(only) == std::string::npos) return;
    QuerySet qs;
    qs.name = std::move(name);
    qs.target_ms = target_ms;
    for (size_t i = 0; i < queries; ++i) qs.queries.push_back(make());
    qs.byline = b;
    qs.sqlite = s;
    sets.push_back(std::move(qs));
  };
  volatile size_t sink = 0;
  const auto timeline_b = [&](const Query& q) {
    sink = sink + BylineTimeline(*store, q.key, q.since, q.until).size();
  };
  const auto timeline_s = [&](const Query& q) {
    sink = sink + SqliteTimeline(db, q.key, q.since, q.until).size();
  };
  const auto mentions_b = [&](const Query& q) {
    sink = sink + BylineMentions(*store, q.key).size();
  };
  const auto mentions_s = [&](const Query& q) { sink = sink + SqliteMentions(db, q.key).size(); };
  const auto top_b = [&](const Query& q) {
    sink = sink + BylineTop(*store, q.since, q.until, EntityType::kOrg).size();
  };
  const auto top_s = [&](const Query& q) {
    sink = sink + SqliteTop(db, q.since, q.until, EntityType::kOrg).size();
  };
  const auto cooccur_b = [&](const Query& q) { sink = sink + BylineCooccur(*store, q.key).size(); };
  const auto cooccur_s = [&](const Query& q) { sink = sink + SqliteCooccur(db, q.key).size(); };
  add(
      "timeline, 1 year, frequent", 10, [&] { return year(frequent()); }, timeline_b, timeline_s);
  add(
      "timeline, 1 year, tail", 10, [&] { return year(tail()); }, timeline_b, timeline_s);
  add(
      "mentions page 1, frequent", 10, [&] { return Query{frequent()}; }, mentions_b, mentions_s);
  add(
      "mentions page 1, tail", 10, [&] { return Query{tail()}; }, mentions_b, mentions_s);
  add("top 20 orgs, 1 month", 10, month, top_b, top_s);
  add(
      "top 20 orgs, all time", 0,
      [] {
        return Query{"", kAllTime, INT64_MAX};
      },
      top_b, top_s);
  add(
      "cooccur, most frequent", 50, [&] { return Query{top_key}; }, cooccur_b, cooccur_s);
  add(
      "cooccur, frequent", 0, [&] { return Query{frequent()}; }, cooccur_b, cooccur_s);
  add(
      "cooccur, tail", 0, [&] { return Query{tail()}; }, cooccur_b, cooccur_s);
  for (QuerySet& qs : sets) {
    for (const std::string& path : {byline_dir, sqlite_path, sqlite_path + "-wal"}) {
      ReadThrough(path);
    }
    if (warm) {
      Must(store->Warm(), "warm");
      sqlite3_stmt* s = db.Stmt("SELECT count(*) FROM dbstat");
      db.Step(s);
    }
    qs.b = Time(qs.queries, qs.byline);
    qs.s = Time(qs.queries, qs.sqlite);
  }
  const byline::store::Stats settled = Must(store->GetStats(), "stats");
  store.reset();
  const uint64_t byline_bytes = BytesUnder(byline_dir);  // after the queries, closed

  // -- report --
  const double b_rate = static_cast<double>(n_mentions) / byline_ingest;
  const double s_rate = static_cast<double>(n_mentions) / sqlite_ingest;
  const double b_bpm = static_cast<double>(byline_bytes) / static_cast<double>(n_mentions);
  const double s_bpm = static_cast<double>(sqlite_bytes) / static_cast<double>(n_mentions);
  std::printf(
      "store_bench: %s mentions in %s articles, %s entity keys, %zu sites, %s..%s, "
      "seed %llu, %zu samples a query, caches of %zu MiB%s\n",
      Thousands(n_mentions).c_str(), Thousands(articles).c_str(), Thousands(kEntities).c_str(),
      kSites, FormatDay(kFirstDay).c_str(), FormatDay(kFirstDay + kDays - 1).c_str(),
      static_cast<unsigned long long>(seed), queries, cache_bytes >> 20,
      warm ? ", warmed before each query set" : "");
  std::printf("answers agree on 12 timelines, 12 first pages, 6 tops, 4 cooccurs\n\n");
  std::printf("%-28s %19s %19s %13s  %-14s %s\n", "", "byline", "SQLite", "SQLite/byline", "target",
              "met: abs / 3x");
  int missed = 0;
  // met: the absolute target, then the 3x-SQLite one ("" when the row has none).
  const auto row = [&](const char* name, const std::string& b, const std::string& s,
                       const std::string& ratio, const std::string& target, int abs, int x3) {
    if (abs == 0 || x3 == 0) ++missed;
    const auto yn = [](int v) { return v < 0 ? "-" : v ? "yes" : "NO"; };
    std::printf("%-28s %19s %19s %13s  %-14s %s\n", name, b.c_str(), s.c_str(), ratio.c_str(),
                target.c_str(),
                target.empty() ? "" : (std::string(yn(abs)) + " / " + yn(x3)).c_str());
  };
  char b[64], s[64], r[64], t[64];
  std::snprintf(b, sizeof b, "%.0f", b_rate);
  std::snprintf(s, sizeof s, "%.0f", s_rate);
  std::snprintf(r, sizeof r, "%.1fx", b_rate / s_rate);
  row("ingest, mentions/s", b, s, r, ">=200000, 3x", b_rate >= 200'000, b_rate >= 3 * s_rate);
  std::snprintf(b, sizeof b, "%.1f", b_bpm);
  std::snprintf(s, sizeof s, "%.1f", s_bpm);
  std::snprintf(r, sizeof r, "%.2fx", s_bpm / b_bpm);
  row("size, bytes/mention", b, s, r, "<=40", b_bpm <= 40, -1);
  std::printf(
      "  (byline %s bytes at close, %s on reopening, %s after the queries; SQLite %s bytes; "
      "the snippet text alone is %.1f bytes/mention raw)\n",
      Thousands(byline_bytes_closed).c_str(), Thousands(byline_bytes_settled).c_str(),
      Thousands(byline_bytes).c_str(), Thousands(sqlite_bytes).c_str(),
      static_cast<double>(snippet_bytes) / static_cast<double>(n_mentions));
  std::printf("  (byline table files, bytes/mention:");
  for (const auto& [family, bytes] : settled.table_bytes) {
    std::printf(" %s %.1f", family.c_str(),
                static_cast<double>(bytes) / static_cast<double>(n_mentions));
  }
  std::printf(")\n");
  std::printf("%-28s %19s %19s %13s\n", "latency ms, p50 / p99", "", "", "p50 / p99");
  for (const QuerySet& qs : sets) {
    std::snprintf(b, sizeof b, "%.3f / %.3f", qs.b.p50, qs.b.p99);
    std::snprintf(s, sizeof s, "%.3f / %.3f", qs.s.p50, qs.s.p99);
    std::snprintf(r, sizeof r, "%.1f / %.1f", qs.s.p50 / qs.b.p50, qs.s.p99 / qs.b.p99);
    std::string target;
    int abs = -1, x3 = -1;
    if (qs.target_ms > 0) {
      std::snprintf(t, sizeof t, "p99<=%.0f, 3x", qs.target_ms);
      target = t;
      abs = qs.b.p99 <= qs.target_ms;
      x3 = qs.s.p50 >= 3 * qs.b.p50 && qs.s.p99 >= 3 * qs.b.p99;
    }
    row(qs.name.c_str(), b, s, r, target, abs, x3);
  }
  std::printf(
      "\nsummary: %s mentions: byline ingests %.0f mentions/s (%.1fx SQLite), %.1f "
      "bytes/mention (SQLite %.1f); %d of 8 targeted rows miss a target\n",
      Thousands(n_mentions).c_str(), b_rate, b_rate / s_rate, b_bpm, s_bpm, missed);

  store.reset();
  if (!keep) {
    // Cleaning up never fails the run: the figures are out.
    std::error_code ignored;
    std::filesystem::remove_all(byline_dir, ignored);
    for (const char* suffix : {"", "-wal", "-shm", ".ingest"}) {
      std::filesystem::remove(sqlite_path + suffix, ignored);
    }
    if (made_dir) std::filesystem::remove(dir, ignored);
  }
  return 0;
}
