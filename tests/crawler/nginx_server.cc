#include "tests/crawler/nginx_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace byline::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Result<std::string> MakeTempDir() {
  const char* base = getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/byline-nginx-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return Status::Io("mkdtemp " + pattern);
  return pattern;
}

// Binds port 0 on loopback to let the kernel pick a free port. Another process may take it
// before nginx binds it; Start retries then.
Result<int> PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::Io("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  close(fd);
  if (!ok) return Status::Io("bind to a free loopback port");
  return static_cast<int>(ntohs(addr.sin_port));
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

// Modules the binary was built without ("--without-http_gzip_module" in `nginx -V`):
// directives of a missing module are configuration errors, and the temp path of a present
// module must be set or nginx tries to create it under /var/lib/nginx.
std::string BuildFlags(const std::string& binary) {
  std::string cmd = binary + " -V 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

bool HasModule(const std::string& flags, const std::string& module) {
  return flags.find("--without-" + module + "_module") == std::string::npos;
}

// gzip (windowBits 15 + 16) in either direction; empty on a corrupt input.
std::string Gzip(const std::string& in, bool compress) {
  z_stream z{};
  int ok = compress ? deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
                    : inflateInit2(&z, 15 + 16);
  if (ok != Z_OK) return "";
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof(buf);
    rc = compress ? deflate(&z, Z_FINISH) : inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - z.avail_out);
  } while (rc == Z_OK);
  compress ? deflateEnd(&z) : inflateEnd(&z);
  return rc == Z_STREAM_END ? out : "";
}

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// Copies ROOT to DEST, writing the port into every absolute URL of a configured host.
Status CopyRewritten(const std::string& root, const std::string& dest,
                     const std::vector<NginxHost>& hosts, int port) {
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root, ec)) {
    fs::path target = fs::path(dest) / fs::relative(entry.path(), root);
    if (entry.is_directory()) {
      fs::create_directories(target, ec);
      continue;
    }
    std::string body = ReadFile(entry.path());
    bool gz = entry.path().extension() == ".gz";
    if (gz) body = Gzip(body, false);
    for (const NginxHost& h : hosts) {
      body = ReplaceAll(body, "http://" + h.name + "/",
                        "http://" + h.name + ":" + std::to_string(port) + "/");
    }
    if (gz) body = Gzip(body, true);
    fs::create_directories(target.parent_path(), ec);
    std::ofstream(target, std::ios::binary) << body;
    fs::last_write_time(target, fs::last_write_time(entry.path()), ec);
  }
  if (ec) return Status::Io("copy " + root + ": " + ec.message());
  return Status::Ok();
}

std::string ServerBlock(int port, const std::string& listen_options, const NginxHost& host,
                        const std::string& extra) {
  std::ostringstream c;
  c << "  server {\n"
    << "    listen 127.0.0.1:" << port << listen_options << ";\n"
    << "    server_name " << host.name << ";\n"
    << "    root " << host.root << ";\n"
    << "    index index.html;\n"
    << extra << "\n"
    << host.extra_conf << "\n"
    << "  }\n";
  return c.str();
}

std::string Config(const std::string& dir, int port, const NginxOptions& options,
                   const std::string& flags) {
  std::ostringstream c;
  // One process: nothing to orphan, and SIGQUIT still shuts it down gracefully.
  c << "master_process off;\ndaemon off;\nworker_processes 1;\n";
  if (geteuid() == 0) c << "user root root;\n";
  c << "pid " << dir << "/nginx.pid;\n"
    << "lock_file " << dir << "/nginx.lock;\n"
    << "error_log " << dir << "/error.log notice;\n"
    << "events { worker_connections 1024; }\n"
    << "http {\n"
    << "  types {\n"
    << "    text/html html htm;\n    text/plain txt;\n    text/css css;\n"
    << "    application/xml xml;\n    application/rss+xml rss;\n"
    << "    application/atom+xml atom;\n    application/gzip gz;\n"
    << "    application/json json;\n    image/png png;\n  }\n"
    << "  default_type application/octet-stream;\n"
    << "  client_body_temp_path " << dir << "/tmp/body;\n";
  for (const char* m : {"proxy", "fastcgi", "uwsgi", "scgi"}) {
    if (HasModule(flags, std::string("http_") + m)) {
      c << "  " << m << "_temp_path " << dir << "/tmp/" << m << ";\n";
    }
  }
  // Tab separated; escape=json turns quotes, backslashes and control bytes into escapes, so
  // a field never contains a tab, and an absent header logs as an empty field.
  c << "  log_format byline escape=json '$msec\\t$request_time\\t$host\\t$request_method\\t"
       "$request_uri\\t$server_protocol\\t$status\\t$body_bytes_sent\\t$connection\\t"
       "$connection_requests\\t$http_user_agent\\t$http_if_none_match\\t"
       "$http_if_modified_since\\t$http_accept_encoding';\n"
    << "  access_log " << dir << "/access.log byline;\n"
    << "  server_tokens off;\n  keepalive_timeout 10s;\n";
  if (HasModule(flags, "http_charset")) {
    c << "  charset utf-8;\n  charset_types text/plain application/xml application/rss+xml "
         "application/atom+xml;\n";
  }
  if (HasModule(flags, "http_gzip")) {
    c << "  gzip on;\n  gzip_vary on;\n  gzip_min_length 64;\n"
      << "  gzip_types text/plain application/xml application/rss+xml application/atom+xml;\n";
  }
  std::string listen_options;
  if (!options.tls_certificate.empty()) {
    listen_options = " ssl http2";
    c << "  ssl_certificate " << options.tls_certificate << ";\n"
      << "  ssl_certificate_key " << options.tls_key << ";\n";
  }
  c << options.extra_http_conf << "\n";
  // Requests for hosts not configured get 404 rather than some other host's pages.
  c << "  server {\n    listen 127.0.0.1:" << port << listen_options << " default_server;\n"
    << "    server_name _;\n    return 404;\n  }\n";
  for (const NginxHost& host : options.hosts) {
    c << ServerBlock(port, listen_options, host, options.extra_server_conf);
  }
  c << "}\n";
  return c.str();
}

// Starts nginx with stdout and stderr in DIR/stderr.log. The child dies with the thread that
// started it (PR_SET_PDEATHSIG), so a crashed test leaves no nginx behind.
Result<pid_t> Spawn(const std::string& binary, const std::string& dir) {
  std::string prefix = dir + "/", conf = dir + "/nginx.conf", err = dir + "/error.log";
  std::string out = dir + "/stderr.log";
  std::vector<char*> argv = {const_cast<char*>(binary.c_str()),
                             const_cast<char*>("-p"),
                             prefix.data(),
                             const_cast<char*>("-c"),
                             conf.data(),
                             const_cast<char*>("-e"),
                             err.data(),
                             nullptr};
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return Status::Io("fork");
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

enum class Outcome { kReady, kPortTaken, kFailed };

// Waits until nginx wrote its pid file (it does so after binding its sockets) and accepts a
// connection, or until it exits.
Outcome WaitReady(pid_t pid, const std::string& dir, int port, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < deadline) {
    int wstatus;
    if (waitpid(pid, &wstatus, WNOHANG) == pid) {
      std::string log = ReadFile(dir + "/error.log") + ReadFile(dir + "/stderr.log");
      return log.find("Address already in use") != std::string::npos ? Outcome::kPortTaken
                                                                     : Outcome::kFailed;
    }
    if (fs::exists(dir + "/nginx.pid") && Accepts(port)) return Outcome::kReady;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return Outcome::kFailed;
}

void Terminate(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGQUIT);
  auto deadline = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < deadline) {
    pid_t done = waitpid(pid, nullptr, WNOHANG);
    if (done == pid || (done < 0 && errno == ECHILD)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

std::string JsonUnescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u':  // nginx only writes \u00XX for control bytes
        if (i + 4 < s.size()) {
          out += static_cast<char>(std::stoi(s.substr(i + 1, 4), nullptr, 16));
          i += 4;
        }
        break;
      default:
        out += e;  // \" and \\ and anything else stand for themselves
    }
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<NginxServer>> NginxServer::Start(const NginxOptions& options) {
  if (access(options.binary.c_str(), X_OK) != 0) {
    return Status::NotFound(options.binary + " is not installed (apt-get install nginx-light)");
  }
  std::string flags = BuildFlags(options.binary);
  std::string last_log;
  for (int attempt = 0; attempt < 5; ++attempt) {
    Result<std::string> dir = MakeTempDir();
    if (!dir.ok()) return dir.status();
    Result<int> port = PickFreePort();
    if (!port.ok()) return port.status();
    fs::create_directories(*dir + "/tmp");
    NginxOptions served = options;
    if (options.rewrite_origins) {
      for (NginxHost& host : served.hosts) {
        std::string copy = *dir + "/www/" + host.name;
        if (Status s = CopyRewritten(host.root, copy, options.hosts, *port); !s.ok()) return s;
        host.root = copy;
      }
    }
    std::ofstream(*dir + "/nginx.conf") << Config(*dir, *port, served, flags);
    Result<pid_t> pid = Spawn(options.binary, *dir);
    if (!pid.ok()) return pid.status();
    // Owned from here on: the destructor stops the process and removes the directory.
    std::unique_ptr<NginxServer> server(new NginxServer(*dir, *pid, *port));
    server->https_ = !options.tls_certificate.empty();
    Outcome outcome = WaitReady(*pid, *dir, *port, options.start_timeout_ms);
    if (outcome == Outcome::kReady) return server;
    server->pid_ = -1;  // reaped by WaitReady, or killed below: never signal a reused pid
    last_log = server->ReadErrorLog() + ReadFile(*dir + "/stderr.log");
    if (outcome == Outcome::kFailed) return Status::Internal("nginx did not start: " + last_log);
  }
  return Status::Io("nginx found no free port after 5 attempts: " + last_log);
}

NginxServer::~NginxServer() { Stop(); }

void NginxServer::Stop() {
  Terminate(pid_);
  pid_ = -1;
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string NginxServer::ResolveArg(const std::string& host) const {
  return host + ":" + std::to_string(port_) + ":127.0.0.1";
}

std::string NginxServer::Url(const std::string& host, const std::string& path) const {
  return (https_ ? "https://" : "http://") + host + ":" + std::to_string(port_) + path;
}

std::vector<AccessLogLine> NginxServer::ReadAccessLog(size_t at_least, int wait_ms) const {
  auto deadline = Clock::now() + std::chrono::milliseconds(wait_ms);
  while (true) {
    std::vector<AccessLogLine> lines;
    std::istringstream in(ReadFile(dir_ + "/access.log"));
    for (std::string line; std::getline(in, line);) {
      if (std::optional<AccessLogLine> parsed = ParseAccessLogLine(line)) lines.push_back(*parsed);
    }
    if (lines.size() >= at_least || Clock::now() >= deadline) return lines;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string NginxServer::ReadErrorLog() const { return ReadFile(dir_ + "/error.log"); }

std::optional<AccessLogLine> ParseAccessLogLine(const std::string& line) {
  std::vector<std::string> f;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    f.push_back(JsonUnescape(line.substr(start, tab - start)));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  if (f.size() != 14) return std::nullopt;
  AccessLogLine l;
  char* end = nullptr;
  l.time_unix = strtod(f[0].c_str(), &end);
  if (end == f[0].c_str()) return std::nullopt;
  l.seconds = strtod(f[1].c_str(), nullptr);
  l.host = f[2];
  l.method = f[3];
  l.uri = f[4];
  l.protocol = f[5];
  l.status = atoi(f[6].c_str());
  l.bytes = strtoull(f[7].c_str(), nullptr, 10);
  l.connection = strtoull(f[8].c_str(), nullptr, 10);
  l.connection_requests = atoi(f[9].c_str());
  l.user_agent = f[10];
  l.if_none_match = f[11];
  l.if_modified_since = f[12];
  l.accept_encoding = f[13];
  return l;
}

std::string FixtureSiteDir() { return BYLINE_CRAWLER_FIXTURE_SITE; }

NginxOptions FixtureSiteOptions() {
  std::string site = FixtureSiteDir();
  NginxOptions options;
  options.rewrite_origins = true;
  options.hosts = {
      {"news-a.test", site + "/news-a.test", ""},
      {"news-b.test", site + "/news-b.test", ""},
      // RFC 9309: a 5xx robots.txt means "disallow everything" for as long as it lasts.
      {"blog-c.test", site + "/blog-c.test", "location = /robots.txt { return 503; }"},
  };
  return options;
}

}  // namespace byline::testing
