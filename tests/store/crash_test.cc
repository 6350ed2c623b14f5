// Atomicity under kill -9: a writer process is killed at a random moment; on reopening, every
// article is wholly present (one complete version) or wholly absent, and Check finds nothing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "store/store.h"
#include "tests/store/crash_articles.h"
#include "tests/store/test_util.h"

namespace byline::store {
namespace {

using testing::CrashArticle;
using testing::TempDir;

// Starts the writer and returns its pid once it said "ready" (the store is open).
pid_t StartWriter(const std::string& db, int round) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec: the test process has threads.
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    const std::string r = std::to_string(round);
    execl(BYLINE_CRASH_WRITER, BYLINE_CRASH_WRITER, db.c_str(), r.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  char buf[6] = {};
  const ssize_t n = read(fds[0], buf, 5);
  close(fds[0]);
  if (pid < 0 || n != 5 || std::string(buf) != "ready") {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    return -1;
  }
  return pid;
}

void ExpectSameArticle(const ArticleRecord& got, const ArticleRecord& want) {
  EXPECT_EQ(got.published, want.published) << want.id;
  EXPECT_EQ(got.site, want.site) << want.id;
  ASSERT_EQ(got.mentions.size(), want.mentions.size()) << want.id;
  for (size_t i = 0; i < want.mentions.size(); ++i) {
    EXPECT_EQ(got.mentions[i].key, want.mentions[i].key) << want.id;
    EXPECT_EQ(got.mentions[i].start, want.mentions[i].start) << want.id;
    EXPECT_EQ(got.mentions[i].snippet, want.mentions[i].snippet) << want.id;
    EXPECT_EQ(got.mentions[i].linked_keys, want.mentions[i].linked_keys) << want.id;
  }
}

TEST(CrashTest, KilledWriterLeavesWholeArticlesOrNone) {
  TempDir tmp;
  std::mt19937 rng(4242);
  uint64_t written_before = 0;
  // Several kills at random moments: a torn write shows up in some of them, not in each.
  for (int round = 0; round < 8; ++round) {
    const pid_t pid = StartWriter(tmp.db(), round);
    ASSERT_GT(pid, 0) << "the crash writer did not start";
    std::this_thread::sleep_for(std::chrono::milliseconds((round == 0 ? 100 : 30) + rng() % 200));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer ended before it was killed";

    auto store = testing::OpenOrDie(tmp.db());
    ASSERT_NE(store, nullptr);
    std::vector<std::string> problems;
    ASSERT_TRUE(store->Check(&problems).ok());
    EXPECT_TRUE(problems.empty()) << problems.size() << " problems, first: " << problems[0];

    uint64_t present = 0, mentions = 0;
    for (uint32_t n = 0; n < testing::kCrashArticles; ++n) {
      Result<std::optional<ArticleRecord>> got = store->GetArticle("crash" + std::to_string(n));
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      if (!got->has_value()) continue;
      ++present;
      mentions += (*got)->mentions.size();
      const uint32_t version = static_cast<uint32_t>((*got)->content_hash - 1);
      ExpectSameArticle(**got, CrashArticle(n, version));
    }
    Result<Stats> stats = store->GetStats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->articles, present);
    EXPECT_EQ(stats->mentions, mentions);
    EXPECT_GE(present, written_before) << "articles lost";
    EXPECT_GT(present, 0u) << "the writer wrote nothing before it was killed";
    written_before = present;
  }
}

}  // namespace
}  // namespace byline::store
