// The counters' merge operator in a real RocksDB: int64 rows and packed Top rows, merged in
// the memtable, across flushes and in compaction, and a malformed operand reported.
#include "store/counters.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "store/dates.h"
#include "store/keys.h"
#include "tests/store/test_util.h"

namespace byline::store::internal {
namespace {

class CounterDb {
 public:
  explicit CounterDb(const std::string& dir) {
    rocksdb::Options o;
    o.create_if_missing = true;
    o.merge_operator = NewCounterAddOperator();
    rocksdb::DB* db = nullptr;
    status_ = rocksdb::DB::Open(o, dir, &db);
    db_.reset(db);
  }
  bool ok() const { return status_.ok(); }
  rocksdb::DB* operator->() { return db_.get(); }
  rocksdb::Status Merge(const std::string& key, const std::string& value) {
    return db_->Merge(rocksdb::WriteOptions(), key, value);
  }
  rocksdb::Status Flush() { return db_->Flush(rocksdb::FlushOptions()); }
  rocksdb::Status Compact() { return db_->CompactRange({}, nullptr, nullptr); }
  // A packed row as id -> count; empty with `*found` false when the row is absent.
  std::map<uint32_t, int64_t> Packed(const std::string& key, rocksdb::Status* s) {
    std::string raw;
    *s = db_->Get(rocksdb::ReadOptions(), key, &raw);
    std::map<uint32_t, int64_t> out;
    if (s->ok()) {
      EXPECT_TRUE(ForEachPacked(raw, [&](uint32_t id, int64_t n) { out[id] = n; }));
    }
    return out;
  }

 private:
  rocksdb::Status status_;
  std::unique_ptr<rocksdb::DB> db_;
};

std::string Packed(std::vector<PackedEntry> entries) {
  std::string out;
  EncodePacked(entries, &out);
  return out;
}

// The row key of a Top family: the entry's key less its id.
std::string MonthRow(uint32_t month, EntityType type) {
  std::string k = TopMonthKey(month, type, 0);
  k.resize(k.size() - 4);
  return k;
}

TEST(CounterAddTest, PackedRowsAddEntryByEntryAndDropZeros) {
  testing::TempDir tmp;
  CounterDb db(tmp.db());
  ASSERT_TRUE(db.ok());
  const std::string row = MonthRow(20'000, EntityType::kOrg);
  ASSERT_TRUE(db.Merge(row, Packed({{3, 2}, {7, 1}, {70'000, 5}})).ok());
  ASSERT_TRUE(db.Merge(row, Packed({{1, 1}, {7, 4}})).ok());
  rocksdb::Status s;
  EXPECT_EQ(db.Packed(row, &s), (std::map<uint32_t, int64_t>{{1, 1}, {3, 2}, {7, 5}, {70'000, 5}}));
  ASSERT_TRUE(s.ok()) << s.ToString();

  // Operands in several files, then a re-ingest's negative deltas: merged in compaction too.
  ASSERT_TRUE(db.Flush().ok());
  ASSERT_TRUE(db.Merge(row, Packed({{3, -2}, {9, 1}})).ok());
  ASSERT_TRUE(db.Flush().ok());
  ASSERT_TRUE(db.Merge(row, Packed({{70'000, -5}})).ok());
  EXPECT_EQ(db.Packed(row, &s), (std::map<uint32_t, int64_t>{{1, 1}, {7, 5}, {9, 1}}));
  ASSERT_TRUE(db.Compact().ok());
  EXPECT_EQ(db.Packed(row, &s), (std::map<uint32_t, int64_t>{{1, 1}, {7, 5}, {9, 1}}));
  ASSERT_TRUE(s.ok()) << s.ToString();

  // A row whose every entry cancels is empty, not malformed.
  ASSERT_TRUE(db.Merge(row, Packed({{1, -1}, {7, -5}, {9, -1}})).ok());
  EXPECT_TRUE(db.Packed(row, &s).empty());
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(CounterAddTest, DayRowsHoldAMonthByDayOffset) {
  // 2024-03-05 and 2024-03-31 share the row of March; 2024-04-01 starts April's.
  const uint32_t march5 = *ParseDay("2024-03-05");
  const std::string k5 = EntityDayKey(7, march5), k31 = EntityDayKey(7, march5 + 26);
  const std::string april1 = EntityDayKey(7, march5 + 27);
  EXPECT_EQ(k5.substr(0, k5.size() - 4), k31.substr(0, k31.size() - 4));
  EXPECT_NE(k5.substr(0, k5.size() - 4), april1.substr(0, april1.size() - 4));
  EXPECT_EQ(ReadBE32(std::string_view(k5).substr(k5.size() - 4)), 4u);
  EXPECT_EQ(ReadBE32(std::string_view(k31).substr(k31.size() - 4)), 30u);
  EXPECT_EQ(ReadBE32(std::string_view(april1).substr(april1.size() - 4)), 0u);
  EXPECT_EQ(DayRowsPrefix(k5), std::string(1, kTagEntityDay) + std::string("\0\0\0\x07", 4));
}

TEST(CounterAddTest, OtherRowsAreInt64Sums) {
  testing::TempDir tmp;
  CounterDb db(tmp.db());
  ASSERT_TRUE(db.ok());
  const std::string key = EntityTotalKey("nvidia", EntityType::kOrg);
  for (int64_t d : {5, -2, 10}) {
    ASSERT_TRUE(db.Merge(key, EncodeCount(d)).ok());
    ASSERT_TRUE(db.Flush().ok());
  }
  std::string raw;
  int64_t n = 0;
  ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), key, &raw).ok());
  ASSERT_TRUE(DecodeCount(raw, &n));
  EXPECT_EQ(n, 13);
  ASSERT_TRUE(db.Compact().ok());
  ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), key, &raw).ok());
  ASSERT_TRUE(DecodeCount(raw, &n));
  EXPECT_EQ(n, 13);
}

TEST(CounterAddTest, MalformedOperandIsACorruptionNotAGuess) {
  testing::TempDir tmp;
  CounterDb db(tmp.db());
  ASSERT_TRUE(db.ok());
  const std::string row = MonthRow(20'000, EntityType::kPerson);
  ASSERT_TRUE(db.Merge(row, Packed({{1, 1}})).ok());
  ASSERT_TRUE(db.Merge(row, "\x05\x01").ok());  // claims five entries, holds half of one
  std::string raw;
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), row, &raw).IsCorruption());
  const std::string key = GlobalKey("articles");
  ASSERT_TRUE(db.Merge(key, "\xff").ok());  // a varint that never ends
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), key, &raw).IsCorruption());
}

TEST(CounterAddTest, PackedValuesRoundTrip) {
  const std::vector<PackedEntry> entries = {{0, 1}, {5, -3}, {UINT32_MAX, 1'000'000}};
  std::vector<PackedEntry> back;
  EXPECT_TRUE(
      ForEachPacked(Packed(entries), [&](uint32_t id, int64_t n) { back.emplace_back(id, n); }));
  EXPECT_EQ(back, entries);
  EXPECT_FALSE(ForEachPacked("", [](uint32_t, int64_t) {}));
  EXPECT_FALSE(ForEachPacked(Packed(entries) + "x", [](uint32_t, int64_t) {}));
}

}  // namespace
}  // namespace byline::store::internal
