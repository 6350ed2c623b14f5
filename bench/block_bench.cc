// What one cold block costs: a query that misses the block cache reads a block and
// decompresses all of it, and a first page of mentions does that about 40 times. This
// measures the decompression alone, per block, for block sizes and codecs the store could
// use, on real-looking text (a snippet dump from store_bench):
//
//   build-bench/bench/store_bench --mentions=1000000 --ingest-only --dump-snippets=/tmp/s.txt
//   build-bench/bench/block_bench /tmp/s.txt
//
// ZSTD with a dictionary is decompressed the way Debian's RocksDB 7.8 does it,
// ZSTD_decompress_usingDict on every block: that build has no digested dictionaries
// (ROCKSDB_ZSTD_DDICT), so a trained dictionary's entropy tables are rebuilt per block. The
// digested figure is what a RocksDB built with them would pay.
#include <lz4.h>
#include <zdict.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr size_t kBlocks = 2000;
constexpr size_t kDictBytes = 128 * 1024;
constexpr int kRepetitions = 5;

double MedianMicrosPerBlock(size_t blocks, const std::function<void()>& decompress_all) {
  std::vector<double> runs;
  for (int r = 0; r < kRepetitions; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    decompress_all();
    const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - t0;
    runs.push_back(took.count() / static_cast<double>(blocks));
  }
  std::sort(runs.begin(), runs.end());
  return runs[runs.size() / 2];
}

void Fail(const char* what) {
  std::fprintf(stderr, "block_bench: %s\n", what);
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: block_bench SNIPPET_DUMP\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::printf("%-6s %-26s %7s %14s %14s\n", "block", "codec", "ratio", "us/block", "digested");
  for (size_t block : {4096, 8192, 16384}) {
    if (text.size() < (kBlocks + 200) * block) Fail("the dump is too small");
    std::vector<std::string> blocks;
    for (size_t i = 0; i < kBlocks; ++i) blocks.push_back(text.substr(i * block, block));
    // The dictionary is trained on other lines than the blocks', as RocksDB trains on a
    // sample of the file it writes.
    std::string samples;
    std::vector<size_t> sizes;
    for (size_t at = kBlocks * block; samples.size() < 100 * kDictBytes;) {
      const size_t end = text.find('\n', at);
      if (end == std::string::npos) Fail("the dump is too small to train on");
      sizes.push_back(end + 1 - at);
      samples.append(text, at, end + 1 - at);
      at = end + 1;
    }
    std::string trained(kDictBytes, '\0');
    const size_t trained_size =
        ZDICT_trainFromBuffer(trained.data(), trained.size(), samples.data(), sizes.data(),
                              static_cast<unsigned>(sizes.size()));
    if (ZDICT_isError(trained_size)) Fail("cannot train a dictionary");
    trained.resize(trained_size);
    const std::string raw = samples.substr(0, kDictBytes);
    std::string out(block, '\0');

    struct Zstd {
      const char* name;
      int level;
      const std::string* dict;
    };
    for (const Zstd& z : {Zstd{"zstd 6, trained dictionary", 6, &trained},
                          Zstd{"zstd 6, raw dictionary", 6, &raw}, Zstd{"zstd 3", 3, nullptr}}) {
      ZSTD_CCtx* c = ZSTD_createCCtx();
      ZSTD_DCtx* d = ZSTD_createDCtx();
      const void* dict = z.dict ? z.dict->data() : nullptr;
      const size_t dict_size = z.dict ? z.dict->size() : 0;
      std::vector<std::string> packed;
      size_t bytes = 0;
      for (const std::string& b : blocks) {
        std::string p(ZSTD_compressBound(b.size()), '\0');
        const size_t n = ZSTD_compress_usingDict(c, p.data(), p.size(), b.data(), b.size(), dict,
                                                 dict_size, z.level);
        if (ZSTD_isError(n)) Fail("zstd compression failed");
        p.resize(n);
        bytes += n;
        packed.push_back(std::move(p));
      }
      const double per_block = MedianMicrosPerBlock(kBlocks, [&] {
        for (const std::string& p : packed) {
          if (ZSTD_isError(ZSTD_decompress_usingDict(d, out.data(), out.size(), p.data(), p.size(),
                                                     dict, dict_size))) {
            Fail("zstd decompression failed");
          }
        }
      });
      std::string digested = "-";
      if (z.dict) {
        ZSTD_DDict* dd = ZSTD_createDDict(dict, dict_size);
        const double us = MedianMicrosPerBlock(kBlocks, [&] {
          for (const std::string& p : packed) {
            ZSTD_decompress_usingDDict(d, out.data(), out.size(), p.data(), p.size(), dd);
          }
        });
        ZSTD_freeDDict(dd);
        char s[32];
        std::snprintf(s, sizeof s, "%.1f", us);
        digested = s;
      }
      std::printf("%-6zu %-26s %7.3f %14.1f %14s\n", block, z.name,
                  static_cast<double>(bytes) / static_cast<double>(kBlocks * block), per_block,
                  digested.c_str());
      ZSTD_freeCCtx(c);
      ZSTD_freeDCtx(d);
    }
    std::vector<std::string> packed;
    size_t bytes = 0;
    for (const std::string& b : blocks) {
      std::string p(LZ4_compressBound(static_cast<int>(b.size())), '\0');
      const int n = LZ4_compress_default(b.data(), p.data(), static_cast<int>(b.size()),
                                         static_cast<int>(p.size()));
      if (n <= 0) Fail("lz4 compression failed");
      p.resize(static_cast<size_t>(n));
      bytes += p.size();
      packed.push_back(std::move(p));
    }
    const double per_block = MedianMicrosPerBlock(kBlocks, [&] {
      for (const std::string& p : packed) {
        if (LZ4_decompress_safe(p.data(), out.data(), static_cast<int>(p.size()),
                                static_cast<int>(out.size())) < 0) {
          Fail("lz4 decompression failed");
        }
      }
    });
    std::printf("%-6zu %-26s %7.3f %14.1f %14s\n", block, "lz4",
                static_cast<double>(bytes) / static_cast<double>(kBlocks * block), per_block, "-");
  }
  return 0;
}
