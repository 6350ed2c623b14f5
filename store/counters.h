// Counters: per-day mention counts kept incrementally by a RocksDB merge operator.
//
// Every counter value is an int64 (a zigzag varint) and every update a merge operand
// holding a signed delta, so re-ingesting an article subtracts its old counts with the same
// blind write that adds the new ones: no read-modify-write of counters, ever.
#ifndef BYLINE_STORE_COUNTERS_H_
#define BYLINE_STORE_COUNTERS_H_

#include <rocksdb/merge_operator.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/codec.h"

namespace byline::store::internal {

// The merge operator of the counters column family. Its name is recorded in the database's
// OPTIONS file: do not rename it.
std::shared_ptr<rocksdb::MergeOperator> NewInt64AddOperator();

// Counter deltas of a batch, summed per key before anything is merged. Keys are appended to
// one buffer as they come, with no allocation or hashing per key (a batch of a thousand
// articles adds some forty thousand); ForEach sorts them once and sums equal keys.
class CounterDeltas {
 public:
  // The buffer the next key is built in (cleared); Add records it with its delta.
  std::string* NextKey() {
    key_start_ = bytes_.size();
    return &bytes_;
  }
  void Add(int64_t delta) { entries_.push_back({key_start_, bytes_.size() - key_start_, delta}); }
  void Add(std::string_view key, int64_t delta) {
    NextKey()->append(key);
    Add(delta);
  }
  size_t size() const { return entries_.size(); }
  void Clear() {
    bytes_.clear();
    entries_.clear();
  }
  // Calls fn(key, sum) for each distinct key, in key order; sums may be zero.
  template <typename Fn>
  void ForEach(Fn&& fn) {
    std::sort(entries_.begin(), entries_.end(),
              [&](const Entry& a, const Entry& b) { return key(a) < key(b); });
    for (size_t i = 0; i < entries_.size();) {
      const std::string_view k = key(entries_[i]);
      int64_t sum = 0;
      for (; i < entries_.size() && key(entries_[i]) == k; ++i) {
        sum = static_cast<int64_t>(static_cast<uint64_t>(sum) +
                                   static_cast<uint64_t>(entries_[i].delta));
      }
      fn(k, sum);
    }
  }

 private:
  struct Entry {
    size_t offset, size;
    int64_t delta;
  };
  std::string_view key(const Entry& e) const { return {bytes_.data() + e.offset, e.size}; }

  std::string bytes_;
  std::vector<Entry> entries_;
  size_t key_start_ = 0;
};

// Adds `sign` (+1 or -1) times the counts of one stored article to `deltas`: per entity and
// day, per entity, site and day, per day, per site and day, per day and type, per month and
// type, the all-time per-entity totals, and the global article and mention counts.
void AddArticleCounts(const ArticleHeader& header, const ArticleBody& body, int64_t sign,
                      CounterDeltas* deltas);

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_COUNTERS_H_
