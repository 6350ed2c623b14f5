#include "store/counters.h"

#include <algorithm>
#include <vector>

#include "store/dates.h"
#include "store/keys.h"

namespace byline::store::internal {
namespace {

class Int64AddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing_value,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    int64_t sum = 0, delta;
    if (existing_value != nullptr &&
        !DecodeCount(std::string_view(existing_value->data(), existing_value->size()), &sum)) {
      return false;  // RocksDB reports a corruption for the key instead of guessing
    }
    if (!DecodeCount(std::string_view(value.data(), value.size()), &delta)) return false;
    // Wrap-around arithmetic: counts never get near 2^63, and unsigned overflow is defined.
    *new_value = EncodeCount(
        static_cast<int64_t>(static_cast<uint64_t>(sum) + static_cast<uint64_t>(delta)));
    return true;
  }
  const char* Name() const override { return "byline.Int64Add"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewInt64AddOperator() {
  return std::make_shared<Int64AddOperator>();
}

void AddArticleCounts(const ArticleHeader& header, const ArticleBody& body, int64_t sign,
                      CounterDeltas* deltas) {
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
  // Mentions per distinct entity first: an article names a few entities many times, and each
  // distinct one costs six counter keys.
  struct PerEntity {
    const MentionRecord* m;
    int64_t count;
  };
  std::vector<PerEntity> entities;
  for (const MentionRecord& m : body.mentions) {
    auto it = std::find_if(entities.begin(), entities.end(), [&](const PerEntity& e) {
      return e.m->type == m.type && e.m->key == m.key;
    });
    if (it == entities.end()) {
      entities.push_back({&m, sign});
    } else {
      it->count += sign;
    }
  }
  for (const auto& [m, count] : entities) {
    AppendEntityDayKey(deltas->NextKey(), m->key, m->type, day);
    deltas->Add(count);
    AppendTopDayKey(deltas->NextKey(), day, m->type, m->key);
    deltas->Add(count);
    AppendTopMonthKey(deltas->NextKey(), month, m->type, m->key);
    deltas->Add(count);
    AppendEntityTotalKey(deltas->NextKey(), m->key, m->type);
    deltas->Add(count);
    // An article without a site is counted everywhere but under no site: a site filter can
    // only name a site.
    if (!site.empty()) {
      AppendEntitySiteDayKey(deltas->NextKey(), m->key, site, m->type, day);
      deltas->Add(count);
      AppendSiteTopDayKey(deltas->NextKey(), site, day, m->type, m->key);
      deltas->Add(count);
    }
  }
}

}  // namespace byline::store::internal
