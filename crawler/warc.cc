#include "crawler/warc.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <initializer_list>

#include "crawler/crawler.h"

namespace byline::crawler {
namespace {

// ---------------------------------------------------------------------------------------------
// Small text helpers shared by the writer and the reader.

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Header lines of an HTTP or WARC head, "\r\n" or bare "\n" separated; continuation lines
// (starting with a space or tab) are folded into the previous value.
struct Field {
  std::string name, value;
};

std::vector<Field> ParseFields(std::string_view head) {
  std::vector<Field> fields;
  while (!head.empty()) {
    size_t eol = head.find('\n');
    std::string_view line = head.substr(0, eol);
    head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
      fields.back().value += " " + std::string(Trim(line));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    fields.push_back(
        {std::string(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1)))});
  }
  return fields;
}

const std::string* FindField(const std::vector<Field>& fields, std::string_view name) {
  for (const Field& f : fields) {
    if (EqualsIgnoreCase(f.name, name)) return &f.value;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Writer pieces.

// "sha1:" + RFC 4648 base32 of the SHA-1 of the concatenated parts (the form WARC tools use).
std::string Sha1Base32(std::initializer_list<std::string_view> parts) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
  for (std::string_view p : parts) EVP_DigestUpdate(ctx, p.data(), p.size());
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out = "sha1:";
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned int i = 0; i < len; ++i) {
    acc = (acc << 8) | md[i];
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (5 - bits)) & 31];  // 160 bits: never for SHA-1
  return out;
}

// "<urn:uuid:...>" with a random (version 4) UUID.
std::string NewRecordId() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    // The CSPRNG failing is near impossible; fall back to the clock and a counter, which is
    // still unique within this process.
    static std::atomic<uint64_t> counter{0};
    uint64_t t = static_cast<uint64_t>(std::time(nullptr)), c = counter.fetch_add(1);
    std::memcpy(b, &t, 8);
    std::memcpy(b + 8, &c, 8);
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char s[64];
  std::snprintf(s, sizeof s,
                "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>",
                b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
                b[13], b[14], b[15]);
  return s;
}

// UTC time with milliseconds: strftime's `format` for the seconds, then `millis` (a printf
// format for the millisecond count).
std::string UtcTime(int64_t unix_ms, const char* format, const char* millis) {
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  size_t n = std::strftime(buf, sizeof buf, format, &tm);
  std::snprintf(buf + n, sizeof buf - n, millis, static_cast<int>(unix_ms % 1000));
  return buf;
}

// WARC/1.1 allows fractional seconds in WARC-Date: "2025-03-01T12:00:00.123Z".
std::string WarcDate(int64_t unix_ms) { return UtcTime(unix_ms, "%Y-%m-%dT%H:%M:%S", ".%03dZ"); }

int64_t NowUnixMs() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1'000'000;
}

// The response head as stored: Content-Encoding, Content-Length and Transfer-Encoding
// describe the bytes on the wire, not the decoded body we store, so they are kept under
// X-Archive-Orig- names and a Content-Length for the stored body is added.
std::string StoredResponseHead(std::string_view head, size_t body_size) {
  std::string out;
  out.reserve(head.size() + 64);
  bool first = true;
  while (!head.empty()) {
    size_t eol = head.find('\n');
    std::string_view line = head.substr(0, eol);
    head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (first) continue;
      break;
    }
    if (!first) {
      size_t colon = line.find(':');
      std::string_view name = Trim(line.substr(0, std::min(colon, line.size())));
      if (EqualsIgnoreCase(name, "content-encoding") || EqualsIgnoreCase(name, "content-length") ||
          EqualsIgnoreCase(name, "transfer-encoding")) {
        out += "X-Archive-Orig-";
      }
    }
    out.append(line);
    out += "\r\n";
    first = false;
  }
  out += "Content-Length: " + std::to_string(body_size) + "\r\n\r\n";
  return out;
}

std::string RecordHeader(const std::vector<Field>& fields, size_t block_size) {
  std::string h = "WARC/1.1\r\n";
  for (const Field& f : fields) h += f.name + ": " + f.value + "\r\n";
  h += "Content-Length: " + std::to_string(block_size) + "\r\n\r\n";
  return h;
}

// One record, header + block + "\r\n\r\n", as one complete gzip member. libdeflate
// compresses a whole buffer at once, several times faster than zlib's stream at the same
// level; level 1 because a crawl archives pages as fast as it fetches them (level 6 costs
// about three times the CPU for files a quarter smaller).
Result<std::string> GzipMember(std::initializer_list<std::string_view> parts) {
  struct Compressor {
    libdeflate_compressor* c = libdeflate_alloc_compressor(1);
    ~Compressor() { libdeflate_free_compressor(c); }
  };
  static thread_local Compressor compressor;
  if (compressor.c == nullptr) return Status::Internal("libdeflate_alloc_compressor failed");
  std::string in;
  size_t total = 0;
  for (std::string_view p : parts) total += p.size();
  in.reserve(total);
  for (std::string_view p : parts) in.append(p);
  std::string out(libdeflate_gzip_compress_bound(compressor.c, in.size()), '\0');
  size_t n = libdeflate_gzip_compress(compressor.c, in.data(), in.size(), out.data(), out.size());
  if (n == 0) return Status::Internal("gzip compression of a record failed");
  out.resize(n);
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// WarcWriter

WarcWriter::WarcWriter(std::string dir, std::string prefix, size_t max_file_bytes)
    : dir_(std::move(dir)), prefix_(std::move(prefix)), max_file_bytes_(max_file_bytes) {}

WarcWriter::~WarcWriter() { (void)CloseFile(false); }

Result<std::unique_ptr<WarcWriter>> WarcWriter::Open(const std::string& dir,
                                                     const std::string& prefix,
                                                     size_t max_file_bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir, ec)) {
    return Status::Io("cannot create WARC directory " + dir + ": " + ec.message());
  }
  std::unique_ptr<WarcWriter> w(new WarcWriter(dir, prefix, max_file_bytes));
  std::lock_guard<std::mutex> lock(w->mu_);
  Status s = w->StartFile();
  if (!s.ok()) return s;
  return w;
}

Status WarcWriter::Append(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Io(files_.back() + ": " + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  file_bytes_ += bytes.size();
  return Status::Ok();
}

Status WarcWriter::StartFile() {
  const int64_t now = NowUnixMs();
  const std::string stamp = UtcTime(now, "%Y%m%d%H%M%S", "%03d");
  std::string name, path;
  // O_EXCL: two writers (or two runs within one millisecond) never share a file.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    char serial[16];
    std::snprintf(serial, sizeof serial, "%05d", serial_++);
    name = prefix_ + "-" + stamp + "-" + serial + ".warc.gz";
    path = (std::filesystem::path(dir_) / name).string();
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ >= 0 || errno != EEXIST) break;
  }
  if (fd_ < 0) return Status::Io("cannot create " + path + ": " + std::strerror(errno));
  files_.push_back(path);
  file_bytes_ = 0;
  records_in_file_ = 0;

  const std::string info =
      "software: " + DefaultUserAgent() +
      "\r\nformat: WARC File Format 1.1\r\n"
      "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/"
      "warc-1.1/\r\nrobots: obey\r\n";
  std::vector<Field> fields = {{"WARC-Type", "warcinfo"},
                               {"WARC-Record-ID", NewRecordId()},
                               {"WARC-Date", WarcDate(now)},
                               {"WARC-Filename", name},
                               {"Content-Type", "application/warc-fields"}};
  Result<std::string> member = GzipMember({RecordHeader(fields, info.size()), info, "\r\n\r\n"});
  if (!member.ok()) return member.status();
  return Append(*member);
}

Status WarcWriter::CloseFile(bool sync) {
  if (fd_ < 0) return Status::Ok();
  Status s;
  if (sync && ::fdatasync(fd_) != 0) s = Status::Io(files_.back() + ": " + std::strerror(errno));
  if (::close(fd_) != 0 && s.ok()) s = Status::Io(files_.back() + ": " + std::strerror(errno));
  fd_ = -1;
  return s;
}

Status WarcWriter::Write(const WarcExchange& x) {
  const std::string request_id = NewRecordId(), response_id = NewRecordId();
  const std::string date = WarcDate(x.fetched_unix_ms);
  const std::string head = StoredResponseHead(x.response_head, x.response_body.size());
  std::vector<Field> common = {{"WARC-Date", date}, {"WARC-Target-URI", x.target_uri}};
  if (!x.ip_address.empty()) common.push_back({"WARC-IP-Address", x.ip_address});

  std::vector<Field> req = {{"WARC-Type", "request"}, {"WARC-Record-ID", request_id}};
  req.insert(req.end(), common.begin(), common.end());
  req.push_back({"WARC-Concurrent-To", response_id});
  req.push_back({"WARC-Block-Digest", Sha1Base32({x.request_head})});
  req.push_back({"Content-Type", "application/http;msgtype=request"});

  std::vector<Field> resp = {{"WARC-Type", "response"}, {"WARC-Record-ID", response_id}};
  resp.insert(resp.end(), common.begin(), common.end());
  resp.push_back({"WARC-Concurrent-To", request_id});
  resp.push_back({"WARC-Block-Digest", Sha1Base32({head, x.response_body})});
  resp.push_back({"WARC-Payload-Digest", Sha1Base32({x.response_body})});
  resp.push_back({"Content-Type", "application/http;msgtype=response"});

  // Compress outside the lock: concurrent writers only wait for each other's write(2).
  Result<std::string> req_member =
      GzipMember({RecordHeader(req, x.request_head.size()), x.request_head, "\r\n\r\n"});
  if (!req_member.ok()) return req_member.status();
  Result<std::string> resp_member =
      GzipMember({RecordHeader(resp, head.size() + x.response_body.size()), head, x.response_body,
                  "\r\n\r\n"});
  if (!resp_member.ok()) return resp_member.status();

  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ < 0) return Status::InvalidInput("WARC writer is closed");
  if (records_in_file_ > 0 && file_bytes_ >= max_file_bytes_) {
    Status s = CloseFile(true);
    if (!s.ok()) return s;
    s = StartFile();
    if (!s.ok()) return s;
  }
  Status s = Append(*req_member);
  if (s.ok()) s = Append(*resp_member);
  if (s.ok()) records_in_file_ += 2;
  return s;
}

Status WarcWriter::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  return CloseFile(true);
}

std::vector<std::string> WarcWriter::files() const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_;
}

// ---------------------------------------------------------------------------------------------
// Reader

namespace {

constexpr size_t kChunkBytes = size_t{256} << 10;     // read(2) and inflate step
constexpr size_t kMaxHeaderBytes = size_t{64} << 10;  // a WARC record header, generously
constexpr size_t kMaxWarnings = 100;
constexpr std::string_view kGzipMagic("\x1f\x8b\x08", 3);

// Warnings for one file, capped so a file of garbage cannot fill memory with them.
class Warnings {
 public:
  Warnings(std::vector<std::string>* out, std::string path) : out_(out), path_(std::move(path)) {}
  void Add(const std::string& msg) {
    if (out_ == nullptr) return;
    if (count_ < kMaxWarnings) out_->push_back(path_ + ": " + msg);
    if (count_ == kMaxWarnings) out_->push_back(path_ + ": further warnings not shown");
    ++count_;
  }

 private:
  std::vector<std::string>* out_;
  std::string path_;
  size_t count_ = 0;
};

// The bytes of a WARC file, inflated when it is gzip (any number of members). A damaged
// member is skipped up to the next gzip header, and the hole is reported as kGap so that the
// record parser drops the record it was in rather than splice two records together.
class ByteSource {
 public:
  enum class Got { kBytes, kEnd, kGap };

  ByteSource(int fd, Warnings* warnings) : fd_(fd), warnings_(warnings) {}
  ~ByteSource() {
    if (z_ready_) inflateEnd(&z_);
  }
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Reads the first bytes and decides between plain and gzip.
  Status Start() {
    FillInput();
    gzip_ = std::string_view(in_).substr(0, 2) == kGzipMagic.substr(0, 2);
    if (gzip_) {
      if (inflateInit2(&z_, 15 + 16) != Z_OK) return Status::Internal("inflateInit2 failed");
      z_ready_ = true;
    }
    return io_;
  }

  // Appends up to max bytes to *out.
  Got Read(std::string* out, size_t max) {
    if (!gzip_) {
      if (in_pos_ == in_.size() && !FillInput()) return Got::kEnd;
      size_t n = std::min(max, in_.size() - in_pos_);
      out->append(in_, in_pos_, n);
      in_pos_ += n;
      return Got::kBytes;
    }
    return Inflate(out, max);
  }

  const Status& io_status() const { return io_; }

 private:
  // Reads more of the file into in_, dropping what was consumed. False at end of file.
  bool FillInput() {
    if (eof_) return false;
    in_.erase(0, in_pos_);
    in_pos_ = 0;
    size_t old = in_.size();
    in_.resize(old + kChunkBytes);
    ssize_t n;
    do {
      n = ::read(fd_, in_.data() + old, kChunkBytes);
    } while (n < 0 && errno == EINTR);
    if (n < 0) io_ = Status::Io(std::strerror(errno));
    in_.resize(old + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n <= 0) eof_ = true;
    return n > 0;
  }

  Got Inflate(std::string* out, size_t max) {
    for (;;) {
      if (scanning_) {
        size_t p = in_.find(kGzipMagic, in_pos_);
        if (p != std::string::npos) {
          in_pos_ = p;
          scanning_ = false;
          return Got::kGap;
        }
        in_pos_ = std::max(in_pos_, in_.size() - std::min<size_t>(in_.size(), 2));
        if (!FillInput()) return Got::kEnd;
        continue;
      }
      if (in_.size() - in_pos_ < kGzipMagic.size() && FillInput()) continue;
      if (in_pos_ == in_.size()) {
        if (in_member_) warnings_->Add("the file ends inside a gzip member (truncated)");
        in_member_ = false;
        return Got::kEnd;
      }
      if (!in_member_) {
        if (std::string_view(in_).substr(in_pos_, 2) != kGzipMagic.substr(0, 2)) {
          warnings_->Add("bytes that are not gzip between gzip members, skipped");
          ++in_pos_;
          scanning_ = true;
          continue;
        }
        inflateReset(&z_);
        in_member_ = true;
      }
      const size_t old = out->size();
      out->resize(old + max);
      z_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
      z_.avail_in = static_cast<uInt>(in_.size() - in_pos_);
      z_.next_out = reinterpret_cast<Bytef*>(out->data() + old);
      z_.avail_out = static_cast<uInt>(max);
      int rc = inflate(&z_, Z_NO_FLUSH);
      in_pos_ = in_.size() - z_.avail_in;
      const size_t produced = max - z_.avail_out;
      out->resize(old + produced);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        warnings_->Add("a damaged gzip member, skipped to the next one");
        in_member_ = false;
        scanning_ = true;
      } else if (rc == Z_BUF_ERROR && produced == 0 && !FillInput()) {
        warnings_->Add("the file ends inside a gzip member (truncated)");
        in_member_ = false;
        in_pos_ = in_.size();
        return Got::kEnd;
      }
      if (produced > 0) return Got::kBytes;
    }
  }

  const int fd_;
  Warnings* warnings_;
  Status io_;
  std::string in_;
  size_t in_pos_ = 0;
  bool eof_ = false;
  bool gzip_ = false;
  z_stream z_{};
  bool z_ready_ = false;
  bool in_member_ = false;  // inflating a member that has not ended yet
  bool scanning_ = false;   // after damage: looking for the next gzip header
};

struct RawRecord {
  std::vector<Field> fields;
  std::string block;
};

// Splits the byte stream into WARC records, resynchronising on "WARC/1.x" after damage.
// Holds at most one record (up to max_record_bytes) plus a read step in memory.
class RecordParser {
 public:
  RecordParser(ByteSource* source, Warnings* warnings, size_t max_record_bytes)
      : source_(source), warnings_(warnings), max_record_bytes_(max_record_bytes) {}

  // The next well-formed record; false at end of input.
  bool Next(RawRecord* record) {
    for (;;) {
      if (!SeekRecordStart()) return false;
      size_t header_end = 0;
      ByteSource::Got got = FindHeaderEnd(&header_end);
      if (got == ByteSource::Got::kGap) {
        DropAfterGap();
        continue;
      }
      if (got == ByteSource::Got::kEnd) {
        if (header_end == std::string::npos) {
          warnings_->Add("a record header longer than 64 KiB or without an end, skipped");
          ++pos_;
          continue;
        }
        warnings_->Add("the file ends inside a record header (truncated)");
        return false;
      }
      std::vector<Field> fields =
          ParseFields(std::string_view(buf_).substr(pos_, header_end - pos_));
      const std::string* uri = FindField(fields, "WARC-Target-URI");
      const std::string what = uri ? "record for " + *uri : "record";
      size_t length = 0;
      if (!ParseLength(FindField(fields, "Content-Length"), &length)) {
        warnings_->Add(what + " without a valid Content-Length, skipped");
        pos_ = header_end;
        continue;
      }
      const size_t block_start = header_end + 4;
      if (length > max_record_bytes_) {
        warnings_->Add(what + " of " + std::to_string(length) + " bytes is over the limit of " +
                       std::to_string(max_record_bytes_) + ", skipped");
        Discard(block_start + length + 4);
        continue;
      }
      got = Want(block_start + length + 4);
      if (got == ByteSource::Got::kGap) {
        DropAfterGap();
        continue;
      }
      if (got == ByteSource::Got::kEnd) {
        warnings_->Add(what + ": the file ends before its Content-Length (truncated), skipped");
        pos_ = block_start;  // records inside what it claimed are still found
        continue;
      }
      if (buf_.compare(block_start + length, 4, "\r\n\r\n") != 0) {
        warnings_->Add(what + ": its Content-Length does not match its content, skipped");
        pos_ = block_start;
        continue;
      }
      record->fields = std::move(fields);
      record->block.assign(buf_, block_start, length);
      pos_ = block_start + length + 4;
      return true;
    }
  }

 private:
  static bool ParseLength(const std::string* text, size_t* out) {
    if (text == nullptr || text->empty() || text->size() > 18) return false;
    size_t n = 0;
    for (char c : *text) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + static_cast<size_t>(c - '0');
    }
    *out = n;
    return true;
  }

  // Appends one read step. kGap: bytes were lost just before the new ones.
  ByteSource::Got More() {
    if (at_end_) return ByteSource::Got::kEnd;
    ByteSource::Got got = source_->Read(&buf_, kChunkBytes);
    if (got == ByteSource::Got::kEnd) at_end_ = true;
    return got;
  }

  // Until buf_ holds `end` bytes (offsets from the buffer start).
  ByteSource::Got Want(size_t end) {
    while (buf_.size() < end) {
      ByteSource::Got got = More();
      if (got != ByteSource::Got::kBytes) return got;
    }
    return ByteSource::Got::kBytes;
  }

  // Positions pos_ on "WARC/1.0" or "WARC/1.1" at a line start, skipping blank lines
  // silently and anything else with one warning. Drops consumed bytes first.
  bool SeekRecordStart() {
    buf_.erase(0, pos_);
    pos_ = 0;
    bool warned = false;
    for (;;) {
      while (pos_ < buf_.size() && (buf_[pos_] == '\r' || buf_[pos_] == '\n')) ++pos_;
      if (buf_.size() - pos_ >= 10) {
        if (buf_.compare(pos_, 7, "WARC/1.") == 0 &&
            (buf_[pos_ + 7] == '0' || buf_[pos_ + 7] == '1') &&
            (buf_[pos_ + 8] == '\r' || buf_[pos_ + 8] == '\n')) {
          return true;
        }
        if (!warned) warnings_->Add("bytes that are not a WARC record, skipped");
        warned = true;
        size_t p = buf_.find("WARC/1.", pos_ + 1);
        if (p != std::string::npos) {
          pos_ = p;
          continue;
        }
        pos_ = buf_.size() - 9;  // a version line may be cut by the read step
      }
      buf_.erase(0, pos_);
      pos_ = 0;
      if (More() == ByteSource::Got::kEnd) {
        if (buf_.find_first_not_of("\r\n") != std::string::npos && !warned) {
          warnings_->Add("bytes that are not a WARC record at the end, skipped");
        }
        return false;
      }
    }
  }

  // Finds "\r\n\r\n" after pos_; *end is its offset, or npos when the header is too long.
  ByteSource::Got FindHeaderEnd(size_t* end) {
    size_t from = pos_;
    for (;;) {
      size_t p = buf_.find("\r\n\r\n", from);
      if (p != std::string::npos && p - pos_ <= kMaxHeaderBytes) {
        *end = p;
        return ByteSource::Got::kBytes;
      }
      if (buf_.size() - pos_ > kMaxHeaderBytes) {
        *end = std::string::npos;
        return ByteSource::Got::kEnd;
      }
      from = std::max(pos_, buf_.size() - std::min<size_t>(buf_.size(), 3));
      ByteSource::Got got = More();
      if (got == ByteSource::Got::kGap) return got;
      if (got == ByteSource::Got::kEnd) {
        *end = 0;
        return got;
      }
    }
  }

  // Skips an oversized record without holding it: consumes bytes up to `end`.
  void Discard(size_t end) {
    while (buf_.size() < end) {
      end -= buf_.size();
      buf_.clear();
      pos_ = 0;
      ByteSource::Got got = More();
      if (got == ByteSource::Got::kEnd) return;
      if (got == ByteSource::Got::kGap) return DropAfterGap();
    }
    pos_ = end;
  }

  // The record in progress lost bytes in a damaged gzip member: forget it and what was
  // read before the hole, and resynchronise on what follows.
  void DropAfterGap() {
    warnings_->Add("a record cut by a damaged gzip member, skipped");
    buf_.clear();
    pos_ = 0;
  }

  ByteSource* source_;
  Warnings* warnings_;
  const size_t max_record_bytes_;
  std::string buf_;
  size_t pos_ = 0;
  bool at_end_ = false;
};

// Undoes Transfer-Encoding: chunked. False when the framing is broken.
bool Dechunk(std::string_view in, std::string* out) {
  out->clear();
  for (;;) {
    size_t eol = in.find("\r\n");
    if (eol == std::string_view::npos) return false;
    std::string_view size_line = in.substr(0, eol);
    size_line = size_line.substr(0, size_line.find(';'));
    size_line = Trim(size_line);
    if (size_line.empty() || size_line.size() > 15) return false;
    size_t size = 0;
    for (char c : size_line) {
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return false;
      size = size * 16 + static_cast<size_t>(d);
    }
    in.remove_prefix(eol + 2);
    if (size == 0) return true;  // trailers, if any, are of no use here
    if (in.size() < size + 2 || in.substr(size, 2) != "\r\n") return false;
    out->append(in.substr(0, size));
    in.remove_prefix(size + 2);
  }
}

// Inflates a gzip, zlib or raw deflate body, up to max bytes. False when it is none of them
// or inflates beyond max.
bool Decompress(std::string_view in, size_t max, std::string* out) {
  for (int window_bits : {15 + 32, -15}) {
    z_stream z{};
    if (inflateInit2(&z, window_bits) != Z_OK) return false;
    out->clear();
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
      if (out->size() >= max + 1) break;
      size_t old = out->size();
      size_t step = std::min(kChunkBytes, max + 1 - old);
      out->resize(old + step);
      z.next_out = reinterpret_cast<Bytef*>(out->data() + old);
      z.avail_out = static_cast<uInt>(step);
      rc = inflate(&z, Z_NO_FLUSH);
      out->resize(old + step - z.avail_out);
    }
    inflateEnd(&z);
    if (rc == Z_STREAM_END && out->size() <= max) return true;
    if (out->size() > max) return false;
  }
  return false;
}

std::string_view Unbracket(std::string_view uri) {
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>')
    return uri.substr(1, uri.size() - 2);
  return uri;
}

// A response record's HTTP message → WarcResponse. False (with a warning) when the block is
// not an HTTP response we can decode.
bool ToResponse(const RawRecord& r, size_t max_bytes, Warnings* warnings, WarcResponse* out) {
  const std::string* type = FindField(r.fields, "WARC-Type");
  if (type == nullptr || *type != "response") return false;
  const std::string* record_type = FindField(r.fields, "Content-Type");
  if (record_type != nullptr && record_type->find("application/http") == std::string::npos)
    return false;
  const std::string* uri = FindField(r.fields, "WARC-Target-URI");
  const std::string* date = FindField(r.fields, "WARC-Date");
  out->target_uri = uri ? std::string(Unbracket(*uri)) : "";
  out->date = date ? *date : "";
  const std::string_view block = r.block;
  size_t head_end = block.find("\r\n\r\n");
  size_t sep = 4;
  if (head_end == std::string_view::npos) {
    head_end = block.find("\n\n");
    sep = 2;
  }
  // "HTTP/1.1 200 OK" or "HTTP/2 200".
  size_t space = block.find(' ');
  if (block.substr(0, 5) != "HTTP/" || head_end == std::string_view::npos || space > head_end ||
      block.size() < space + 4 || !std::isdigit(static_cast<unsigned char>(block[space + 1])) ||
      !std::isdigit(static_cast<unsigned char>(block[space + 2])) ||
      !std::isdigit(static_cast<unsigned char>(block[space + 3]))) {
    warnings->Add("response record for " + out->target_uri + " holds no HTTP response, skipped");
    return false;
  }
  out->status =
      (block[space + 1] - '0') * 100 + (block[space + 2] - '0') * 10 + (block[space + 3] - '0');
  const std::vector<Field> headers = ParseFields(block.substr(0, head_end));
  const std::string* content_type = FindField(headers, "Content-Type");
  out->content_type = content_type ? *content_type : "";
  std::string_view body = block.substr(head_end + sep);
  std::string scratch;
  const std::string* te = FindField(headers, "Transfer-Encoding");
  // Some archivers store the body de-chunked but keep the header; use the bytes as they are
  // when they do not parse as chunks.
  if (te != nullptr && EqualsIgnoreCase(Trim(*te), "chunked") && Dechunk(body, &scratch)) {
    body = scratch;
  }
  const std::string* ce = FindField(headers, "Content-Encoding");
  std::string encoding = ce ? std::string(Trim(*ce)) : "";
  for (char& c : encoding) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (encoding.empty() || encoding == "identity") {
    out->body.assign(body);
  } else if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
    if (!Decompress(body, max_bytes, &out->body)) {
      warnings->Add("response for " + out->target_uri + ": its " + encoding +
                    " body cannot be decoded within the size limit, skipped");
      return false;
    }
  } else {
    warnings->Add("response for " + out->target_uri + ": Content-Encoding " + encoding +
                  " is not supported, skipped");
    return false;
  }
  return true;
}

}  // namespace

Status ReadWarc(const std::string& path, const std::function<void(const WarcResponse&)>& fn,
                std::vector<std::string>* warnings, size_t max_record_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::string why = std::strerror(errno);
    if (errno == ENOENT) return Status::NotFound(path + ": " + why);
    return Status::Io(path + ": " + why);
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidInput(path + " is a directory");
  }
  Warnings w(warnings, path);
  ByteSource source(fd, &w);
  Status s = source.Start();
  if (s.ok()) {
    RecordParser parser(&source, &w, max_record_bytes);
    RawRecord record;
    WarcResponse response;
    while (parser.Next(&record)) {
      if (ToResponse(record, max_record_bytes, &w, &response)) fn(response);
    }
    s = source.io_status();
  }
  ::close(fd);
  if (!s.ok()) return Status::Io(path + ": " + s.message());
  return Status::Ok();
}

bool LooksLikeWarc(std::string_view first_bytes) {
  if (first_bytes.substr(0, 7) == "WARC/1.") return true;
  if (first_bytes.substr(0, 2) != kGzipMagic.substr(0, 2)) return false;
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return false;
  char out[8];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(first_bytes.data()));
  z.avail_in = static_cast<uInt>(first_bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out);
  z.avail_out = sizeof out;
  inflate(&z, Z_NO_FLUSH);
  size_t produced = sizeof out - z.avail_out;
  inflateEnd(&z);
  return std::string_view(out, produced).substr(0, 7) == "WARC/1.";
}

}  // namespace byline::crawler
