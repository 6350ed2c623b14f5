// Counters: per-day mention counts kept incrementally by a RocksDB merge operator.
//
// Every counter value is an int64 (a zigzag varint) and every update a merge operand
// holding a signed delta, so re-ingesting an article subtracts its old counts with the same
// blind write that adds the new ones: no read-modify-write of counters, ever.
#ifndef BYLINE_STORE_COUNTERS_H_
#define BYLINE_STORE_COUNTERS_H_

#include <rocksdb/merge_operator.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "store/codec.h"

namespace byline::store::internal {

// The merge operator of the counters column family. Its name is recorded in the database's
// OPTIONS file: do not rename it.
std::shared_ptr<rocksdb::MergeOperator> NewInt64AddOperator();

// Counter key -> delta, summed over the articles of a batch before anything is merged.
using CounterDeltas = std::unordered_map<std::string, int64_t>;

// Adds `sign` (+1 or -1) times the counts of one stored article to `deltas`: per entity and
// day, per entity, site and day, per day, per site and day, per day and type, per month and
// type, the all-time per-entity totals, and the global article and mention counts.
void AddArticleCounts(const ArticleHeader& header, const ArticleBody& body, int64_t sign,
                      CounterDeltas* deltas);

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_COUNTERS_H_
