// The index rows an article owns in the mentions column family, derived from its stored
// header and body: PutArticle writes them, replacement deletes them, Check probes them.
#ifndef BYLINE_STORE_ROWS_H_
#define BYLINE_STORE_ROWS_H_

#include <string>

#include "store/codec.h"
#include "store/keys.h"

namespace byline::store::internal {

// Calls fn(key, value) for every 'E' row and every 'L' row of the article.
template <typename Fn>
void ForEachIndexRow(uint32_t article, const ArticleHeader& header, const ArticleBody& body,
                     Fn&& fn) {
  for (size_t i = 0; i < body.mentions.size(); ++i) {
    const MentionRecord& m = body.mentions[i];
    const int32_t snippet = body.snippet_index[i];
    MentionValue mv{m.end - m.start, m.sentence, snippet, m.surface, m.canonical};
    fn(MentionKey(kTagMention, m.key, header.timestamp, article, m.start, m.type),
       EncodeMentionValue(mv));
    if (m.type != EntityType::kMoney) continue;
    MoneyValue money{m.value,   m.value_max, m.approximate,  m.currency,
                     m.surface, snippet,     m.end - m.start};
    std::string value = EncodeMoneyValue(money);
    for (const std::string& org : m.linked_keys) {
      fn(MentionKey(kTagMoney, org, header.timestamp, article, m.start, m.type), value);
    }
  }
}

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_ROWS_H_
