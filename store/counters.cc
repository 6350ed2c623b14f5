#include "store/counters.h"

#include <deque>
#include <vector>

#include "store/dates.h"
#include "store/keys.h"

namespace byline::store::internal {
namespace {

bool AddCount(std::string_view raw, int64_t* sum) {
  int64_t v;
  if (!DecodeCount(raw, &v)) return false;
  // Wrap-around arithmetic: counts never get near 2^63, and unsigned overflow is defined.
  *sum = static_cast<int64_t>(static_cast<uint64_t>(*sum) + static_cast<uint64_t>(v));
  return true;
}

bool DecodePacked(std::string_view in, std::vector<PackedEntry>* out) {
  out->clear();
  return ForEachPacked(in, [&](uint32_t id, int64_t n) { out->emplace_back(id, n); });
}

// Entry-wise sum of two lists sorted by id, dropping entries that sum to zero.
std::vector<PackedEntry> AddPacked(const std::vector<PackedEntry>& a,
                                   const std::vector<PackedEntry>& b) {
  std::vector<PackedEntry> out;
  out.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.push_back(b[j++]);
    } else {
      const int64_t n = static_cast<int64_t>(static_cast<uint64_t>(a[i].second) +
                                             static_cast<uint64_t>(b[j].second));
      if (n != 0) out.emplace_back(a[i].first, n);
      ++i, ++j;
    }
  }
  return out;
}

// Sums values (a base value, if any, and operands) into `out`; false on a malformed one,
// which RocksDB reports as a corruption of the key instead of guessing.
template <typename Values>
bool Sum(const rocksdb::Slice& key, const Values& values, std::string* out) {
  if (key.size() == 0 || !IsPackedCounter(key[0])) {
    int64_t sum = 0;
    for (const rocksdb::Slice& v : values) {
      if (!AddCount(std::string_view(v.data(), v.size()), &sum)) return false;
    }
    *out = EncodeCount(sum);
    return true;
  }
  std::vector<std::vector<PackedEntry>> lists(values.size());
  size_t i = 0;
  for (const rocksdb::Slice& v : values) {
    if (!DecodePacked(std::string_view(v.data(), v.size()), &lists[i++])) return false;
  }
  out->clear();
  EncodePacked(SumSortedLists(std::move(lists)), out);
  return true;
}

class CounterAddOperator : public rocksdb::MergeOperator {
 public:
  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    std::vector<rocksdb::Slice> values;
    values.reserve(in.operand_list.size() + 1);
    if (in.existing_value != nullptr) values.push_back(*in.existing_value);
    values.insert(values.end(), in.operand_list.begin(), in.operand_list.end());
    return Sum(in.key, values, &out->new_value);
  }
  bool PartialMergeMulti(const rocksdb::Slice& key, const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value, rocksdb::Logger* /*logger*/) const override {
    return Sum(key, operands, new_value);
  }
  const char* Name() const override { return "byline.CounterAdd"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewCounterAddOperator() {
  return std::make_shared<CounterAddOperator>();
}

std::vector<PackedEntry> SumSortedLists(std::vector<std::vector<PackedEntry>> lists) {
  // Pairwise rounds, like a merge sort: a hot row's many operands cost n log k, not n k.
  while (lists.size() > 1) {
    std::vector<std::vector<PackedEntry>> next;
    next.reserve(lists.size() / 2 + 1);
    for (size_t k = 0; k + 1 < lists.size(); k += 2) {
      next.push_back(AddPacked(lists[k], lists[k + 1]));
    }
    if (lists.size() % 2) next.push_back(std::move(lists.back()));
    lists = std::move(next);
  }
  if (lists.empty()) return {};
  // A single list is returned as it is: its zeros (none in a stored row) stay.
  return std::move(lists[0]);
}

void EncodePacked(const std::vector<PackedEntry>& entries, std::string* out) {
  PutVarint(out, entries.size());
  uint32_t previous = 0;
  for (const auto& [id, n] : entries) {
    PutVarint(out, id - previous);
    PutVarint(out, ZigZag(n));
    previous = id;
  }
}

void AddArticleCounts(const ArticleHeader& header, const ArticleBody& body,
                      const std::vector<TableEntry>& entries, const std::vector<uint32_t>& ids,
                      int64_t sign, CounterDeltas* deltas) {
  const uint32_t day = static_cast<uint32_t>(header.timestamp / kSecondsPerDay);
  const uint32_t month = MonthStart(day);
  const std::string& site = header.site;
  AppendGlobalKey(deltas->NextKey(), "articles");
  deltas->Add(sign);
  if (body.mentions.empty()) return;
  const int64_t n = sign * static_cast<int64_t>(body.mentions.size());
  AppendGlobalKey(deltas->NextKey(), "mentions");
  deltas->Add(n);
  AppendTotalDayKey(deltas->NextKey(), day);
  deltas->Add(n);
  if (!site.empty()) {
    AppendSiteDayKey(deltas->NextKey(), site, day);
    deltas->Add(n);
  }
  // Each distinct entity costs five counter keys, however often the article names it.
  for (size_t i = 0; i < entries.size() && i < ids.size(); ++i) {
    const MentionRecord& m = *entries[i].first;
    const uint32_t id = ids[i];
    const int64_t count = sign * static_cast<int64_t>(entries[i].mentions.size());
    AppendEntityDayKey(deltas->NextKey(), id, day);
    deltas->Add(count);
    AppendTopDayKey(deltas->NextKey(), day, m.type, id);
    deltas->Add(count);
    AppendTopMonthKey(deltas->NextKey(), month, m.type, id);
    deltas->Add(count);
    AppendEntityTotalKey(deltas->NextKey(), m.key, m.type);
    deltas->Add(count);
    // An article without a site is counted everywhere but under no site: a site filter can
    // only name a site. The site's row of the day serves both its Top and an entity's
    // timeline on the site.
    if (!site.empty()) {
      AppendSiteTopDayKey(deltas->NextKey(), site, day, m.type, id);
      deltas->Add(count);
    }
  }
}

}  // namespace byline::store::internal
