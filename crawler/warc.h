// WARC/1.1 archives of what the crawler fetched, and reading them back for `byline ingest`.
//
// The writer stores each fetch as a request record and a response record (ISO 28500:2017,
// WARC/1.1), each compressed as its own gzip member so that any record can be read, or
// skipped, without inflating the ones before it, and a damaged member loses one record only.
//
// The response record holds the body as the crawler decoded it (after Content-Encoding).
// So that the stored HTTP message stays self-consistent for any WARC reader, the writer
// renames the head's Content-Encoding, Content-Length and Transfer-Encoding headers to
// X-Archive-Orig-Content-Encoding etc. (the convention of Wayback-style archives) and adds a
// Content-Length that counts the stored body. WARC-Payload-Digest is therefore the SHA-1 of
// the decoded body: two fetches of one page compare equal whatever compression the server
// chose.
#ifndef BYLINE_CRAWLER_WARC_H_
#define BYLINE_CRAWLER_WARC_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace byline::crawler {

// One HTTP fetch, as handed to the writer. Views must stay valid during Write only.
struct WarcExchange {
  std::string target_uri;       // the URL fetched (WARC-Target-URI)
  std::string ip_address;       // the address connected to (WARC-IP-Address); may be empty
  int64_t fetched_unix_ms = 0;  // when the response began (WARC-Date)
  // The request line and headers as sent, e.g. "GET /a HTTP/1.1\r\nHost: x\r\n\r\n".
  std::string request_head;
  // The status line and headers as received (an HTTP/1.x or HTTP/2 status line), one
  // response only (no 1xx interim heads), ending with an empty line.
  std::string response_head;
  // The body after Content-Encoding was undone (see the file comment).
  std::string_view response_body;
};

// Appends exchanges to DIR/<prefix>-<UTC yyyymmddhhmmssSSS>-<serial 5 digits>.warc.gz, each
// file starting with a warcinfo record. Write and Close may be called from several threads
// (they are serialized); records go to the operating system as each Write returns, so a
// killed process leaves every completed record readable.
class WarcWriter {
 public:
  // Creates DIR when missing and opens the first file. A new file is started before an
  // exchange once the current one holds max_file_bytes or more (default 1 GiB, the WARC
  // specification's suggested size); a request and its response always share a file.
  static Result<std::unique_ptr<WarcWriter>> Open(const std::string& dir, const std::string& prefix,
                                                  size_t max_file_bytes = size_t{1} << 30);
  ~WarcWriter();  // closes the file; errors are lost, call Close() to see them
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Appends a request record and a response record (WARC-Concurrent-To links each to the
  // other, block and payload digests as sha1:BASE32). kIo when the disk refuses; the file
  // may then end in a partial record, which readers skip.
  Status Write(const WarcExchange& exchange);
  // Flushes to disk (fdatasync) and closes the current file. Write after Close fails.
  Status Close();

  // The files written so far, in order (the last one is still being written until Close).
  std::vector<std::string> files() const;

 private:
  WarcWriter(std::string dir, std::string prefix, size_t max_file_bytes);
  Status StartFile();
  Status CloseFile(bool sync);
  Status Append(const std::string& bytes);

  const std::string dir_;
  const std::string prefix_;
  const size_t max_file_bytes_;
  mutable std::mutex mu_;
  int fd_ = -1;
  size_t file_bytes_ = 0;
  size_t records_in_file_ = 0;
  int serial_ = 0;
  std::vector<std::string> files_;
};

// One response record as ReadWarc hands it over.
struct WarcResponse {
  std::string target_uri;    // WARC-Target-URI
  std::string date;          // WARC-Date as written, e.g. "2025-03-01T12:00:00.123Z"
  int status = 0;            // the HTTP status code
  std::string content_type;  // the HTTP Content-Type header, "" when absent
  std::string body;          // the payload, de-chunked and decoded (gzip, deflate)
};

// Reads a .warc or .warc.gz file (plain, one gzip stream, or one gzip member per record;
// detected from the bytes, not the name) and calls fn for each response record whose block
// is an HTTP response. Other record types are passed over silently. Damaged input never
// fails the call: truncated or corrupt gzip members, garbage between records, records whose
// Content-Length lies, bodies that cannot be decoded and records larger than
// max_record_bytes are skipped with a line in *warnings (may be null; at most 100 lines are
// kept), and reading resumes at the next record found. Memory stays within about
// max_record_bytes times three. Fails only when the file cannot be opened or read (kNotFound,
// kIo).
Status ReadWarc(const std::string& path, const std::function<void(const WarcResponse&)>& fn,
                std::vector<std::string>* warnings, size_t max_record_bytes = size_t{64} << 20);

// True when the first bytes of a file look like a WARC file: "WARC/1." or a gzip stream
// whose first inflated bytes are. Used to recognise WARC inputs whatever their name.
bool LooksLikeWarc(std::string_view first_bytes);

}  // namespace byline::crawler

#endif  // BYLINE_CRAWLER_WARC_H_
