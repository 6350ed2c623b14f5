#include "pipelines/article_record.h"

#include <xxhash.h>

#include <cstdio>
#include <unordered_map>

namespace byline::pipelines {
namespace {

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

store::EntityType TypeOf(extract::Mention::Type t) {
  switch (t) {
    case extract::Mention::Type::kPerson:
      return store::EntityType::kPerson;
    case extract::Mention::Type::kOrg:
      return store::EntityType::kOrg;
    case extract::Mention::Type::kMoney:
      return store::EntityType::kMoney;
  }
  return store::EntityType::kOrg;
}

std::string Sentence(const extract::Article& a, int index) {
  const auto& starts = a.sentence_starts;
  if (index < 0 || static_cast<size_t>(index) >= starts.size()) return {};
  size_t begin = starts[index];
  size_t end = static_cast<size_t>(index) + 1 < starts.size() ? starts[index + 1] : a.text.size();
  std::string s = a.text.substr(begin, end - begin);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  return s;
}

}  // namespace

std::string ArticleId(const extract::Article& article, const std::string& source) {
  const std::string& basis = article.url ? *article.url : source;
  return Hex64(XXH3_64bits(basis.data(), basis.size()));
}

store::ArticleRecord ToRecord(const extract::Article& a, const std::string& source,
                              const std::string& fetched) {
  store::ArticleRecord r;
  r.id = ArticleId(a, source);
  r.url = a.url.value_or(source);
  r.title = a.title.value_or("");
  r.site = a.site.value_or("");
  r.published = a.published.value_or(fetched);
  r.authors = a.authors;
  r.language = a.language.value_or("");
  r.content_hash = XXH3_64bits(a.text.data(), a.text.size());
  // Organisations per sentence, for linking money to them.
  std::unordered_map<int, std::vector<std::string>> orgs_in_sentence;
  for (const auto& m : a.mentions) {
    if (m.type == extract::Mention::Type::kOrg) {
      auto& keys = orgs_in_sentence[m.sentence];
      std::string key = extract::EntityKey(m.canonical);
      bool seen = false;
      for (const auto& k : keys) seen = seen || k == key;
      if (!seen) keys.push_back(key);
    }
  }
  for (const auto& m : a.mentions) {
    store::MentionRecord rec;
    rec.type = TypeOf(m.type);
    rec.surface = m.surface;
    rec.canonical = m.canonical;
    rec.key = m.type == extract::Mention::Type::kMoney ? extract::EntityKey(m.surface)
                                                       : extract::EntityKey(m.canonical);
    rec.start = static_cast<uint32_t>(m.start);
    rec.end = static_cast<uint32_t>(m.end);
    rec.sentence = m.sentence;
    rec.snippet = Sentence(a, m.sentence);
    if (m.type == extract::Mention::Type::kMoney) {
      rec.value = m.value;
      rec.value_max = m.value_max;
      rec.currency = m.currency;
      rec.approximate = m.approximate;
      auto it = orgs_in_sentence.find(m.sentence);
      if (it != orgs_in_sentence.end()) rec.linked_keys = it->second;
    }
    r.mentions.push_back(std::move(rec));
  }
  return r;
}

}  // namespace byline::pipelines
