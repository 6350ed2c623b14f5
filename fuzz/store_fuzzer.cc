// Fuzzes what the store reads back from a database that may be damaged (a bad disk, a tool
// that wrote it wrong): article records and their parts, snippets, entity records, money
// values, id lists, counts and packed counter rows, mention keys, and the counter merge
// operator over such values. None may crash or read out of bounds: each decodes or says no.
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DBYLINE_BUILD_FUZZ=ON \
//         -DBYLINE_BUILD_TESTS=OFF -DBYLINE_BUILD_BENCH=OFF
//   ninja -C build-fuzz store_fuzzer && build-fuzz/fuzz/store_fuzzer -max_total_time=60
#include <rocksdb/merge_operator.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/codec.h"
#include "store/counters.h"
#include "store/keys.h"

namespace {

using namespace byline::store::internal;

// The input as an article's stored rows: its record, and the same bytes as its snippets.
void Record(std::string_view in) {
  RecordParts parts;
  if (!SplitRecord(in, &parts)) return;
  ArticleHeader header;
  (void)DecodeHeader(parts.header, &header);
  ArticleBody body;
  if (!DecodeBody(parts.table, parts.mentions, &body)) return;
  (void)TableEntries(body);
  std::vector<std::string> snippets;
  (void)DecodeSnippets(in, body, &snippets);
  std::string snippet;
  for (uint32_t i = 0; i < 3; ++i) (void)FindSnippet(in, i, body, &snippet);
}

// The input cut in two: a record's entity table and mention list, whose indexes must agree.
void Body(std::string_view in) {
  if (in.empty()) return;
  const size_t cut = static_cast<uint8_t>(in[0]) % in.size();
  ArticleBody body;
  if (!DecodeBody(in.substr(1, cut), in.substr(1 + cut > in.size() ? in.size() : 1 + cut),
                  &body)) {
    return;
  }
  std::string snippet;
  (void)FindSnippet(in, 0, body, &snippet);
  (void)RestoreSurfaces(body, 0, in, &snippet);
}

// The counter merge operator, with the input's lines as the existing value and operands,
// under a packed family's key and under a plain count's.
void Merge(std::string_view in) {
  static const std::shared_ptr<rocksdb::MergeOperator> op = NewCounterAddOperator();
  std::vector<rocksdb::Slice> operands;
  for (size_t at = 0; at <= in.size();) {
    size_t end = in.find('\n', at);
    if (end == std::string_view::npos) end = in.size();
    operands.emplace_back(in.data() + at, end - at);
    at = end + 1;
  }
  const rocksdb::Slice existing = operands.front();
  const std::vector<rocksdb::Slice> rest(operands.begin() + 1, operands.end());
  // A month of totals ('t' BE32(month)), packed; an entity's all-time count ('k' key NUL
  // type), plain.
  static const std::string kKeys[] = {std::string("t\0\x0b\x0a\x0b", 5),
                                      std::string("kn\0\x02", 4)};
  for (const std::string& key : kKeys) {
    const rocksdb::Slice k(key);
    std::string merged;
    rocksdb::Slice existing_operand;
    rocksdb::MergeOperator::MergeOperationOutput out(merged, existing_operand);
    const rocksdb::MergeOperator::MergeOperationInput input(k, &existing, rest, nullptr);
    (void)op->FullMergeV2(input, &out);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  Record(in);
  Body(in);
  Merge(in);
  ArticleHeader header;
  (void)DecodeHeader(in, &header);
  MoneyValue money;
  (void)DecodeMoneyValue(in, &money);
  uint32_t id;
  std::string canonical;
  (void)DecodeEntityRecord(in, &id, &canonical);
  (void)ForEachListedId(in, [](uint32_t) {});
  (void)ForEachPacked(in, [](uint32_t, int64_t) {});
  int64_t count;
  (void)DecodeCount(in, &count);
  MentionKeyParts key;
  (void)ParseMentionKey(in, &key);
  return 0;
}
