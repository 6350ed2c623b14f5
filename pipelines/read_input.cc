#include "pipelines/read_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace byline::pipelines {
namespace {

std::string TooLarge(size_t size, size_t max_bytes) {
  return "input is " + std::to_string(size) + " bytes, above the limit of " +
         std::to_string(max_bytes) + " (raise it with --max-bytes)";
}

// Reads fd to EOF, stopping once more than max_bytes arrived.
Result<std::string> ReadFd(int fd, size_t max_bytes, size_t expected) {
  std::string data;
  data.reserve(expected ? expected : 1 << 16);
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Io(std::string("read failed: ") + std::strerror(errno));
    }
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > max_bytes) return Status::Policy(TooLarge(data.size(), max_bytes));
  }
  return data;
}

}  // namespace

Result<std::string> ReadInput(const std::string& path, size_t max_bytes) {
  if (path == "-") return ReadFd(STDIN_FILENO, max_bytes, 0);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    std::string why = std::string("cannot open: ") + std::strerror(e);
    return e == ENOENT ? Status::NotFound(why) : Status::Io(why);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::Io(std::string("cannot stat: ") + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidInput("is a directory");
  }
  if (S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return Status::Policy(TooLarge(static_cast<size_t>(st.st_size), max_bytes));
  }
  Result<std::string> data =
      ReadFd(fd, max_bytes, S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) : 0);
  ::close(fd);
  return data;
}

}  // namespace byline::pipelines
