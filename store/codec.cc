#include "store/codec.h"

#include <algorithm>
#include <cstring>

namespace byline::store::internal {

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

void PutFixed64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void PutDouble(std::string* out, double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  PutFixed64(out, bits);
}

bool Reader::Varint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63; shift += 7) {
    if (in_.empty()) return false;
    const uint8_t byte = static_cast<uint8_t>(in_.front());
    in_.remove_prefix(1);
    result |= uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  in_ = {};
  return false;
}

bool Reader::Varint32(uint32_t* v) {
  uint64_t wide;
  if (!Varint(&wide) || wide > UINT32_MAX) return false;
  *v = static_cast<uint32_t>(wide);
  return true;
}

bool Reader::StringView(std::string_view* s) {
  uint64_t n;
  return Varint(&n) && Bytes(n, s);
}

bool Reader::Bytes(uint64_t n, std::string_view* s) {
  if (n > in_.size()) {
    in_ = {};
    return false;
  }
  *s = in_.substr(0, n);
  in_.remove_prefix(n);
  return true;
}

bool Reader::String(std::string* s) {
  std::string_view view;
  if (!StringView(&view)) return false;
  s->assign(view);
  return true;
}

bool Reader::Fixed64(uint64_t* v) {
  if (in_.size() < 8) return false;
  uint64_t result = 0;
  for (int i = 0; i < 8; ++i) result |= uint64_t{static_cast<uint8_t>(in_[i])} << (8 * i);
  in_.remove_prefix(8);
  *v = result;
  return true;
}

bool Reader::Double(double* v) {
  uint64_t bits;
  if (!Fixed64(&bits)) return false;
  std::memcpy(v, &bits, sizeof bits);
  return true;
}

bool Reader::Byte(uint8_t* b) {
  if (in_.empty()) return false;
  *b = static_cast<uint8_t>(in_.front());
  in_.remove_prefix(1);
  return true;
}

bool ValidType(uint8_t t) { return t >= 1 && t <= 3; }

namespace {

// A string that usually equals another one: 0 when it does, else length + 1 and the bytes.
void PutSameOr(std::string* out, std::string_view s, std::string_view same) {
  if (s == same) {
    PutVarint(out, 0);
    return;
  }
  PutVarint(out, s.size() + 1);
  out->append(s);
}

// As GetSameOr, with the usual string written by `usual(s)` only when it is the one stored.
template <typename Fn>
bool GetSameOrMade(Reader* r, Fn&& usual, std::string* s) {
  uint64_t n;
  std::string_view bytes;
  if (!r->Varint(&n)) return false;
  if (n == 0) {
    usual(s);
    return true;
  }
  if (!r->Bytes(n - 1, &bytes)) return false;
  s->assign(bytes);
  return true;
}

bool GetSameOr(Reader* r, std::string_view same, std::string* s) {
  return GetSameOrMade(
      r, [&](std::string* out) { out->assign(same); }, s);
}

void PutSnippetIndex(std::string* out, int32_t index) {
  PutVarint(out, index < 0 ? 0 : static_cast<uint64_t>(index) + 1);
}

bool GetSnippetIndex(Reader* r, int32_t* index) {
  uint32_t v;
  if (!r->Varint32(&v) || v > INT32_MAX) return false;
  *index = static_cast<int32_t>(v) - 1;
  return true;
}

constexpr uint8_t kHasMax = 1;
constexpr uint8_t kApproximate = 2;

}  // namespace

std::string EncodeHeader(const ArticleHeader& h) {
  std::string out;
  PutString(&out, h.id);
  PutString(&out, h.url);
  PutString(&out, h.title);
  PutString(&out, h.site);
  PutString(&out, h.published);
  PutString(&out, h.language);
  PutVarint(&out, h.authors.size());
  for (const std::string& a : h.authors) PutString(&out, a);
  PutFixed64(&out, h.content_hash);
  PutVarint(&out, h.timestamp);
  PutVarint(&out, h.mention_count);
  PutVarint(&out, h.snippet_count);
  return out;
}

bool DecodeHeader(std::string_view in, ArticleHeader* h) {
  Reader r(in);
  uint64_t n;
  if (!r.String(&h->id) || !r.String(&h->url) || !r.String(&h->title) || !r.String(&h->site) ||
      !r.String(&h->published) || !r.String(&h->language) || !r.Varint(&n) || n > in.size()) {
    return false;
  }
  h->authors.resize(n);
  for (std::string& a : h->authors) {
    if (!r.String(&a)) return false;
  }
  return r.Fixed64(&h->content_hash) && r.Varint(&h->timestamp) && r.Varint32(&h->mention_count) &&
         r.Varint32(&h->snippet_count) && r.done();
}

namespace {

// The key a canonical name usually has: its ASCII letters lowercased. Callers fold with ICU,
// which agrees on ASCII names; a key that differs is stored in full.
std::string UsualKey(std::string_view canonical) {
  std::string key(canonical);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

}  // namespace

void EncodeBody(const ArticleBody& body, const std::vector<uint8_t>& elided, std::string* table,
                std::string* mentions) {
  // The distinct (type, key) pairs; each mention names one by index.
  std::vector<const MentionRecord*> entities;
  std::vector<uint64_t> index(body.mentions.size());
  for (size_t i = 0; i < body.mentions.size(); ++i) {
    const MentionRecord& m = body.mentions[i];
    size_t j = 0;
    while (j < entities.size() && !(entities[j]->type == m.type && entities[j]->key == m.key)) {
      ++j;
    }
    if (j == entities.size()) entities.push_back(&m);
    index[i] = j;
  }
  table->clear();
  PutVarint(table, entities.size());
  for (const MentionRecord* e : entities) {
    table->push_back(static_cast<char>(e->type));
    PutString(table, e->canonical);
    PutSameOr(table, e->key, UsualKey(e->canonical));
  }
  std::string& out = *mentions;
  out.clear();
  PutVarint(&out, body.mentions.size());
  // Mentions come in text order, so starts, sentences and snippets are stored as differences
  // from the previous mention's (small, mostly 0 or 1), and a span as its difference from the
  // surface's length (0 unless the text differs from the surface).
  int64_t start = 0, sentence = 0, snippet = -1;
  for (size_t i = 0; i < body.mentions.size(); ++i) {
    const MentionRecord& m = body.mentions[i];
    PutVarint(&out, index[i]);
    // A mention's canonical name usually is its entity's first one.
    PutSameOr(&out, m.canonical, entities[index[i]]->canonical);
    PutSameOr(&out, m.surface, m.canonical);
    PutVarint(&out, ZigZag(int64_t{m.start} - start));
    const uint64_t span = ZigZag(int64_t{m.end} - m.start - static_cast<int64_t>(m.surface.size()));
    PutVarint(&out, span << 1 | (i < elided.size() && elided[i] ? 1 : 0));
    PutVarint(&out, ZigZag(int64_t{m.sentence} - sentence));
    PutVarint(&out, ZigZag(int64_t{body.snippet_index[i]} - snippet));
    start = m.start;
    sentence = m.sentence;
    snippet = body.snippet_index[i];
    if (m.type == EntityType::kMoney) {
      PutDouble(&out, m.value);
      out.push_back(
          static_cast<char>((m.value_max ? kHasMax : 0) | (m.approximate ? kApproximate : 0)));
      if (m.value_max) PutDouble(&out, *m.value_max);
      PutString(&out, m.currency);
      PutVarint(&out, m.linked_keys.size());
      for (const std::string& k : m.linked_keys) PutString(&out, k);
    }
  }
}

bool DecodeBody(std::string_view table, std::string_view in, ArticleBody* body) {
  struct Entry {
    EntityType type;
    std::string key, canonical;
  };
  std::vector<Entry> entities;
  Reader t(table);
  uint64_t e;
  if (!t.Varint(&e) || e > table.size()) return false;
  entities.resize(e);
  for (Entry& entry : entities) {
    uint8_t type;
    if (!t.Byte(&type) || !ValidType(type) || !t.String(&entry.canonical) ||
        !GetSameOrMade(
            &t, [&](std::string* out) { *out = UsualKey(entry.canonical); }, &entry.key)) {
      return false;
    }
    entry.type = static_cast<EntityType>(type);
  }
  if (!t.done()) return false;
  Reader r(in);
  uint64_t n;
  if (!r.Varint(&n) || n > in.size()) return false;
  body->mentions.assign(n, MentionRecord{});
  body->snippet_index.assign(n, -1);
  body->elided.assign(n, 0);
  int64_t start = 0, sentence = 0, snippet = -1;
  for (size_t i = 0; i < n; ++i) {
    MentionRecord& m = body->mentions[i];
    uint64_t entity, start_delta, span_field, sentence_delta, snippet_delta;
    if (!r.Varint(&entity) || entity >= entities.size()) return false;
    const Entry& entry = entities[entity];
    m.type = entry.type;
    m.key = entry.key;
    if (!GetSameOr(&r, entry.canonical, &m.canonical) || !GetSameOr(&r, m.canonical, &m.surface) ||
        !r.Varint(&start_delta) || !r.Varint(&span_field) || !r.Varint(&sentence_delta) ||
        !r.Varint(&snippet_delta)) {
      return false;
    }
    body->elided[i] = span_field & 1;
    start += UnZigZag(start_delta);
    const int64_t end = start + static_cast<int64_t>(m.surface.size()) + UnZigZag(span_field >> 1);
    sentence += UnZigZag(sentence_delta);
    snippet += UnZigZag(snippet_delta);
    if (start < 0 || start > UINT32_MAX || end < start || end > UINT32_MAX ||
        sentence < INT32_MIN || sentence > INT32_MAX || snippet < -1 || snippet > INT32_MAX ||
        (body->elided[i] && snippet < 0)) {
      return false;
    }
    m.start = static_cast<uint32_t>(start);
    m.end = static_cast<uint32_t>(end);
    m.sentence = static_cast<int32_t>(sentence);
    body->snippet_index[i] = static_cast<int32_t>(snippet);
    if (m.type == EntityType::kMoney) {
      uint8_t flags;
      uint64_t links;
      if (!r.Double(&m.value) || !r.Byte(&flags)) return false;
      m.approximate = (flags & kApproximate) != 0;
      if (flags & kHasMax) {
        double max;
        if (!r.Double(&max)) return false;
        m.value_max = max;
      }
      if (!r.String(&m.currency) || !r.Varint(&links) || links > in.size()) return false;
      m.linked_keys.resize(links);
      for (std::string& k : m.linked_keys) {
        if (!r.String(&k)) return false;
      }
    }
  }
  return r.done();
}

std::vector<std::string> ElideSurfaces(const ArticleBody& body,
                                       const std::vector<std::string>& snippets,
                                       std::vector<uint8_t>* elided) {
  elided->assign(body.mentions.size(), 0);
  std::vector<std::string> out(snippets.size());
  std::vector<size_t> done(snippets.size(), 0);  // bytes of each snippet copied to out
  std::vector<uint8_t> plain(snippets.size());   // holds kElided as text: left alone
  for (size_t s = 0; s < snippets.size(); ++s) {
    plain[s] = snippets[s].find(kElided) != std::string::npos;
  }
  for (size_t i = 0; i < body.mentions.size(); ++i) {
    const int32_t s = body.snippet_index[i];
    const std::string& surface = body.mentions[i].surface;
    if (s < 0 || static_cast<size_t>(s) >= snippets.size() || plain[s] || surface.empty()) {
      continue;
    }
    const size_t at = snippets[s].find(surface, done[s]);
    if (at == std::string::npos) continue;
    out[s].append(snippets[s], done[s], at - done[s]);
    out[s].push_back(kElided);
    done[s] = at + surface.size();
    (*elided)[i] = 1;
  }
  for (size_t s = 0; s < snippets.size(); ++s) out[s].append(snippets[s], done[s]);
  return out;
}

bool RestoreSurfaces(const ArticleBody& body, uint32_t index, std::string_view stored,
                     std::string* snippet) {
  snippet->clear();
  size_t done = 0;
  for (size_t i = 0; i < body.mentions.size(); ++i) {
    if (i >= body.elided.size() || !body.elided[i] ||
        body.snippet_index[i] != static_cast<int64_t>(index)) {
      continue;
    }
    const size_t at = stored.find(kElided, done);
    if (at == std::string_view::npos) return false;
    snippet->append(stored.substr(done, at - done));
    snippet->append(body.mentions[i].surface);
    done = at + 1;
  }
  // With surfaces elided, every marker stands for one of them.
  if (done > 0 && stored.find(kElided, done) != std::string_view::npos) return false;
  snippet->append(stored.substr(done));
  return true;
}

std::string EncodeRecord(const ArticleHeader& header, const ArticleBody& body,
                         const std::vector<std::string>& snippets, std::string* stored_snippets) {
  std::vector<uint8_t> elided;
  *stored_snippets = EncodeSnippets(ElideSurfaces(body, snippets, &elided));
  std::string table, mentions, out;
  EncodeBody(body, elided, &table, &mentions);
  const std::string head = EncodeHeader(header);
  out.reserve(head.size() + table.size() + mentions.size() + 16);
  PutString(&out, head);
  PutString(&out, table);
  PutString(&out, mentions);
  return out;
}

bool SplitRecord(std::string_view in, RecordParts* parts) {
  Reader r(in);
  return r.StringView(&parts->header) && r.StringView(&parts->table) &&
         r.StringView(&parts->mentions) && r.done();
}

std::string EncodeEntityRecord(uint32_t id, std::string_view canonical) {
  std::string out;
  PutVarint(&out, id);
  out.append(canonical);
  return out;
}

bool DecodeEntityRecord(std::string_view in, uint32_t* id, std::string* canonical) {
  Reader r(in);
  if (!r.Varint32(id)) return false;
  canonical->assign(r.rest());
  return true;
}

std::vector<TableEntry> TableEntries(const ArticleBody& body) {
  std::vector<TableEntry> entries;
  for (size_t i = 0; i < body.mentions.size(); ++i) {
    const MentionRecord& m = body.mentions[i];
    size_t j = 0;
    while (j < entries.size() &&
           !(entries[j].first->type == m.type && entries[j].first->key == m.key)) {
      ++j;
    }
    if (j == entries.size()) entries.push_back({&m, {}});
    entries[j].mentions.push_back(static_cast<uint32_t>(i));
  }
  for (TableEntry& e : entries) {
    std::stable_sort(e.mentions.begin(), e.mentions.end(), [&](uint32_t x, uint32_t y) {
      return body.mentions[x].start < body.mentions[y].start;
    });
  }
  return entries;
}

void EncodeIdList(const std::vector<uint32_t>& ascending, std::string* out) {
  PutVarint(out, ascending.size());
  uint32_t previous = 0;
  for (uint32_t id : ascending) {
    PutVarint(out, id - previous);
    previous = id;
  }
}

std::string EncodeMoneyValue(const MoneyValue& v) {
  std::string out;
  PutDouble(&out, v.value);
  out.push_back(
      static_cast<char>((v.value_max ? kHasMax : 0) | (v.approximate ? kApproximate : 0)));
  if (v.value_max) PutDouble(&out, *v.value_max);
  PutString(&out, v.currency);
  PutString(&out, v.surface);
  PutSnippetIndex(&out, v.snippet);
  PutVarint(&out, v.length);
  return out;
}

bool DecodeMoneyValue(std::string_view in, MoneyValue* v) {
  Reader r(in);
  uint8_t flags;
  if (!r.Double(&v->value) || !r.Byte(&flags)) return false;
  v->approximate = (flags & kApproximate) != 0;
  v->value_max.reset();
  if (flags & kHasMax) {
    double max;
    if (!r.Double(&max)) return false;
    v->value_max = max;
  }
  return r.String(&v->currency) && r.String(&v->surface) && GetSnippetIndex(&r, &v->snippet) &&
         r.Varint32(&v->length) && r.done();
}

std::string EncodeSnippets(const std::vector<std::string>& snippets) {
  std::string out;
  for (const std::string& s : snippets) PutString(&out, s);
  return out;
}

bool DecodeSnippets(std::string_view in, const ArticleBody& body,
                    std::vector<std::string>* snippets) {
  Reader r(in);
  snippets->clear();
  for (uint32_t i = 0; !r.done(); ++i) {
    std::string_view stored;
    if (!r.StringView(&stored) || !RestoreSurfaces(body, i, stored, &snippets->emplace_back())) {
      return false;
    }
  }
  return true;
}

bool FindSnippet(std::string_view in, uint32_t index, const ArticleBody& body,
                 std::string* snippet) {
  Reader r(in);
  for (uint32_t i = 0; !r.done(); ++i) {
    std::string_view stored;
    if (!r.StringView(&stored)) return false;
    if (i == index) return RestoreSurfaces(body, index, stored, snippet);
  }
  return false;
}

}  // namespace byline::store::internal
