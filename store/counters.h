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
#include <utility>
#include <vector>

#include "store/codec.h"
#include "store/keys.h"

namespace byline::store::internal {

// The merge operator of the counters column family. Its name is recorded in the database's
// OPTIONS file: do not rename it. It adds int64 counts, and adds packed rows entry by entry.
std::shared_ptr<rocksdb::MergeOperator> NewCounterAddOperator();

// Packed counter rows. The day families ('e', 't', 'u') keep a row a month holding the
// count of each day; the Top families ('y', 'z', 'Y') a row per date and type (and site)
// holding every entity's count. A batch of a thousand articles spans a day or two, so it
// merges one operand per entity and a few dozen Top rows instead of an operand per entity in
// every family, and a year's timeline reads thirteen rows, not hundreds. The value: varint
// n, then n entries by ascending number (day offset or entity id), each the number's varint
// delta from the previous one and the count as a zigzag varint. No entry counts zero.
inline bool IsPackedCounter(char tag) {
  return tag == kTagEntityDay || tag == kTagTotalDay || tag == kTagSiteDay || tag == kTagTopDay ||
         tag == kTagSiteTopDay || tag == kTagTopMonth;
}
using PackedEntry = std::pair<uint32_t, int64_t>;  // number in the row, count
void EncodePacked(const std::vector<PackedEntry>& entries, std::string* out);
// The entry-wise sum of lists each sorted by number, sorted by number, without the entries
// that sum to zero.
std::vector<PackedEntry> SumSortedLists(std::vector<std::vector<PackedEntry>> lists);
// Calls fn(id, count) for each entry; false when the value is malformed.
template <typename Fn>
bool ForEachPacked(std::string_view in, Fn&& fn) {
  Reader r(in);
  uint64_t n, id = 0;
  if (!r.Varint(&n) || n > in.size()) return false;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t delta, count;
    if (!r.Varint(&delta) || !r.Varint(&count)) return false;
    id += delta;
    if (id > UINT32_MAX) return false;
    fn(static_cast<uint32_t>(id), UnZigZag(count));
  }
  return r.done();
}

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
// day, per day, per site and day, per day and type, per site, day and type, per month and
// type, the all-time per-entity totals, and the global article and mention counts. `entries`
// are TableEntries(body) and `ids` their entity ids, one for one.
void AddArticleCounts(const ArticleHeader& header, const ArticleBody& body,
                      const std::vector<TableEntry>& entries, const std::vector<uint32_t>& ids,
                      int64_t sign, CounterDeltas* deltas);

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_COUNTERS_H_
