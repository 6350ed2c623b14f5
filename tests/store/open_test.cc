// Opening: format version, read-only readers beside a writer, the writer lock.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "store/keys.h"
#include "store/rocks_store.h"
#include "store/store.h"
#include "tests/store/test_util.h"

namespace byline::store {
namespace {

using testing::Article;
using testing::OpenOrDie;
using testing::Org;
using testing::TempDir;

TEST(OpenTest, ReopenKeepsData) {
  TempDir tmp;
  {
    auto store = OpenOrDie(tmp.db());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->PutArticle(Article("a", "2025-03-14", {Org("Nvidia", 0)})).ok());
  }
  auto store = OpenOrDie(tmp.db());
  ASSERT_NE(store, nullptr);
  // A second article after reopening gets a fresh number, not the first one's.
  ASSERT_TRUE(store->PutArticle(Article("b", "2025-03-15", {Org("Nvidia", 0)})).ok());
  Result<std::optional<ArticleRecord>> a = store->GetArticle("a");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->published, "2025-03-14");
  std::vector<std::string> problems;
  ASSERT_TRUE(store->Check(&problems).ok());
  EXPECT_TRUE(problems.empty()) << problems[0];
}

TEST(OpenTest, MissingDatabaseWithoutCreateIsNotFound) {
  TempDir tmp;
  StoreOptions options;
  options.create_if_missing = false;
  EXPECT_EQ(Store::Open(tmp.db(), options).status().code(), Status::Code::kNotFound);
  options.read_only = true;
  EXPECT_EQ(Store::Open(tmp.db(), options).status().code(), Status::Code::kNotFound);
}

TEST(OpenTest, OtherFormatVersionIsCorrupt) {
  TempDir tmp;
  {
    auto store = OpenOrDie(tmp.db());
    ASSERT_NE(store, nullptr);
    auto* rocks = dynamic_cast<internal::RocksStore*>(store.get());
    ASSERT_NE(rocks, nullptr);
    ASSERT_TRUE(rocks->DbForTesting()
                    ->Put(rocksdb::WriteOptions(), rocks->CfForTesting(internal::Cf::kDefault),
                          internal::kFormatVersionKey, "1")
                    .ok());
  }
  for (bool read_only : {false, true}) {
    StoreOptions options;
    options.read_only = read_only;
    Result<std::unique_ptr<Store>> store = Store::Open(tmp.db(), options);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), Status::Code::kCorrupt);
    EXPECT_NE(store.status().message().find("version \"1\""), std::string::npos)
        << store.status().message();
  }
}

TEST(OpenTest, ForeignRocksDbIsCorrupt) {
  TempDir tmp;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, tmp.db(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "hello", "world").ok());
  }
  Result<std::unique_ptr<Store>> store = Store::Open(tmp.db(), StoreOptions());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(store.status().message().find("not a byline store"), std::string::npos);
}

TEST(OpenTest, ReadOnlyBesideAWriterSeesCommittedData) {
  TempDir tmp;
  auto writer = OpenOrDie(tmp.db());
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->PutArticle(Article("a", "2025-03-14", {Org("Nvidia", 0)})).ok());
  // No flush: the reader replays the writer's log.
  auto reader = OpenOrDie(tmp.db(), /*read_only=*/true);
  ASSERT_NE(reader, nullptr);
  Result<Page> page = reader->Mentions("nvidia", {}, 10, "");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->rows.size(), 1u);
  EXPECT_EQ(page->rows[0].article_id, "a");
  EXPECT_EQ(reader->PutArticle(Article("b", "2025-03-14", {})).code(), Status::Code::kInvalidInput);
  // The writer goes on writing while the reader is open.
  ASSERT_TRUE(writer->PutArticle(Article("b", "2025-03-15", {Org("Nvidia", 0)})).ok());
  std::vector<std::string> problems;
  ASSERT_TRUE(reader->Check(&problems).ok());
  EXPECT_TRUE(problems.empty());
}

std::vector<std::string> TableFiles(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".sst") files.push_back(e.path().filename().string());
  }
  return files;
}

// `byline query` opens short-lived: table indexes are read on first use, from files a
// writer's compaction may have deleted by then. The reader keeps every file open, so its
// answers stay those of the moment it opened.
TEST(OpenTest, ShortLivedReaderSurvivesAWriterCompactingItsFilesAway) {
  TempDir tmp;
  auto writer = OpenOrDie(tmp.db());
  ASSERT_NE(writer, nullptr);
  auto* rocks = dynamic_cast<internal::RocksStore*>(writer.get());
  for (int i = 0; i < 3; ++i) {
    const std::string id = "a" + std::to_string(i);
    ASSERT_TRUE(writer
                    ->PutArticle(Article(id, "2025-03-1" + std::to_string(i),
                                         {Org("Nvidia", 0), Org("Intel", 10)}))
                    .ok());
    ASSERT_TRUE(rocks->DbForTesting()->Flush(rocksdb::FlushOptions()).ok());
  }
  StoreOptions options;
  options.read_only = true;
  options.short_lived = true;
  Result<std::unique_ptr<Store>> reader = Store::Open(tmp.db(), options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  // The writer replaces an article and compacts: every file the reader opened is deleted.
  ASSERT_TRUE(
      writer->PutArticle(Article("a0", "2025-03-10", {Org("AMD", 0)}, "example.com", 7)).ok());
  const std::vector<std::string> opened = TableFiles(tmp.db());
  ASSERT_TRUE(rocks->CompactForTesting().ok());
  for (const std::string& f : TableFiles(tmp.db())) {
    EXPECT_EQ(std::count(opened.begin(), opened.end(), f), 0) << f << " survived";
  }
  Result<Page> page = (*reader)->Mentions("nvidia", {}, 10, "");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->rows.size(), 3u);
  Result<std::vector<TimelinePoint>> timeline = (*reader)->Timeline("intel", {}, "day");
  ASSERT_TRUE(timeline.ok()) << timeline.status().ToString();
  EXPECT_EQ(timeline->size(), 3u);
  std::vector<std::string> problems;
  ASSERT_TRUE((*reader)->Check(&problems).ok());
  EXPECT_TRUE(problems.empty());
}

TEST(OpenTest, SecondWriterIsToldTheDatabaseIsLocked) {
  TempDir tmp;
  auto writer = OpenOrDie(tmp.db());
  ASSERT_NE(writer, nullptr);
  Result<std::unique_ptr<Store>> second = Store::Open(tmp.db(), StoreOptions());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kIo);
  EXPECT_NE(second.status().message().find("locked by another byline process"), std::string::npos)
      << second.status().message();

  // The same from another process, which is what users meet.
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Result<std::unique_ptr<Store>> other = Store::Open(tmp.db(), StoreOptions());
    const bool locked = !other.ok() && other.status().message().find(
                                           "locked by another byline "
                                           "process") != std::string::npos;
    StoreOptions ro;
    ro.read_only = true;
    Result<std::unique_ptr<Store>> reader = Store::Open(tmp.db(), ro);
    _exit(locked && reader.ok() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace byline::store
