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

// A posting lists at most this many other entities of its article: the article's most
// mentioned ones. Without a bound the lists grow with the square of an article's entities
// (real pages name sixty and more, most of them once); cooccurrence counts, for each article,
// its main entities.
inline constexpr size_t kPostingOthers = 24;

// Calls fn(key, value) for every 'E' row (one per entry of `entries`, the article's
// TableEntries) and every 'L' row of the article. `ids` are the entries' entity ids, in the
// entries' order; when empty, 'E' rows come with an empty value (keys for deleting).
template <typename Fn>
void ForEachIndexRow(uint32_t article, const ArticleHeader& header, const ArticleBody& body,
                     const std::vector<TableEntry>& entries, const std::vector<uint32_t>& ids,
                     Fn&& fn) {
  // The ids each posting lists: the article's kPostingOthers + 1 most-mentioned entities
  // (ties by first mention), ascending; a posting leaves its own entity out.
  std::vector<uint32_t> sorted;
  if (!ids.empty()) {
    std::vector<size_t> order(entries.size());
    for (size_t e = 0; e < order.size(); ++e) order[e] = e;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return entries[a].mentions.size() > entries[b].mentions.size();
    });
    order.resize(std::min(order.size(), kPostingOthers + 1));
    for (size_t e : order) sorted.push_back(ids[e]);
    std::sort(sorted.begin(), sorted.end());
  }
  std::string value;
  for (size_t e = 0; e < entries.size(); ++e) {
    const MentionRecord& first = *entries[e].first;
    value.clear();
    if (!ids.empty()) EncodePosting(body, entries[e], sorted, ids[e], &value);
    fn(PostingKey(first.key, header.timestamp, article, first.type), value);
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
