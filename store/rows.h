// The index rows an article owns in the mentions column family, derived from its stored
// header and body: PutArticle writes them, replacement deletes them, Check probes them.
#ifndef BYLINE_STORE_ROWS_H_
#define BYLINE_STORE_ROWS_H_

#include <algorithm>
#include <string>
#include <vector>

#include "store/codec.h"
#include "store/keys.h"

namespace byline::store::internal {

// An article's 'C' row lists at most this many of its entities, its most mentioned ones.
// Cooccurrence counts, for each article, its main entities: all of them would make the work
// of a cooccurrence grow with the square of its articles' names (real pages name sixty and
// more, most of them once).
inline constexpr size_t kMainEntities = 25;

// Calls fn(key, value) for the article's 'C' row, every 'E' row (one per entry of `entries`,
// the article's TableEntries; their values are empty) and every 'L' row. `ids` are the
// entries' entity ids, in the entries' order; when empty, the 'C' row comes with an empty
// value (keys for deleting). An article without entities has no 'C' row.
template <typename Fn>
void ForEachIndexRow(uint32_t article, const ArticleHeader& header, const ArticleBody& body,
                     const std::vector<TableEntry>& entries, const std::vector<uint32_t>& ids,
                     Fn&& fn) {
  std::string value;
  if (!entries.empty()) {
    // The article's kMainEntities most-mentioned entities (ties by first mention), ascending.
    if (!ids.empty()) {
      std::vector<size_t> order(entries.size());
      for (size_t e = 0; e < order.size(); ++e) order[e] = e;
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return entries[a].mentions.size() > entries[b].mentions.size();
      });
      order.resize(std::min(order.size(), kMainEntities));
      std::vector<uint32_t> main;
      for (size_t e : order) main.push_back(ids[e]);
      std::sort(main.begin(), main.end());
      EncodeIdList(main, &value);
    }
    fn(CoEntitiesKey(article), value);
  }
  // A posting's key says all it has to: which of the record's mentions it stands for is
  // read from the record, which a mentions page reads anyway.
  for (const TableEntry& e : entries) {
    fn(PostingKey(e.first->key, header.timestamp, article, e.first->type), std::string());
  }
  std::string money_value;
  for (size_t i = 0; i < body.mentions.size(); ++i) {
    const MentionRecord& m = body.mentions[i];
    if (m.type != EntityType::kMoney || m.linked_keys.empty()) continue;
    MoneyValue money{m.value,   m.value_max,           m.approximate,  m.currency,
                     m.surface, body.snippet_index[i], m.end - m.start};
    money_value = EncodeMoneyValue(money);
    for (const std::string& org : m.linked_keys) {
      fn(MentionKey(kTagMoney, org, header.timestamp, article, m.start, m.type), money_value);
    }
  }
}

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_ROWS_H_
