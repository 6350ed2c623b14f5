// Running the real `byline` binary from tests: arguments in, exit status, output and
// peak memory out; or started in the background to be killed.
#ifndef BYLINE_TESTS_RUN_BYLINE_H_
#define BYLINE_TESTS_RUN_BYLINE_H_

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace byline::testing {

struct Ran {
  int status = -1;  // exit status, or -signal
  std::string out, err;
  long max_rss_kb = 0;  // peak resident memory of the child
  double seconds = 0;
};

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Starts `byline args...` with stdout and stderr going to files in `dir`; returns its pid.
inline pid_t StartByline(const std::vector<std::string>& args, const std::filesystem::path& dir) {
  std::vector<std::string> all = {BYLINE_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::filesystem::path out = dir / ".out", err = dir / ".err";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

inline Ran WaitByline(pid_t pid, const std::filesystem::path& dir) {
  Ran r;
  int ws = 0;
  struct rusage ru {};
  if (wait4(pid, &ws, 0, &ru) == pid) {
    r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -WTERMSIG(ws);
    r.max_rss_kb = ru.ru_maxrss;
  }
  r.out = Slurp(dir / ".out");
  r.err = Slurp(dir / ".err");
  return r;
}

inline Ran RunByline(const std::vector<std::string>& args, const std::filesystem::path& dir) {
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = StartByline(args, dir);
  if (pid < 0) return Ran{};
  Ran r = WaitByline(pid, dir);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

// The URL log: one JSON object per line.
inline std::vector<nlohmann::json> ReadUrlLog(const std::filesystem::path& p) {
  std::vector<nlohmann::json> out;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

// The last state the log gives each URL.
inline std::map<std::string, nlohmann::json> LastStates(const std::vector<nlohmann::json>& log) {
  std::map<std::string, nlohmann::json> out;
  for (const nlohmann::json& j : log) out[j.value("url", "")] = j;
  return out;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "byline-crawl-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace byline::testing

#endif  // BYLINE_TESTS_RUN_BYLINE_H_
