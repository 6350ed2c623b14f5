#include "crawler/transfer.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

#include "crawler/address_policy.h"

namespace byline::crawler::internal {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool HeaderIs(std::string_view line, std::string_view name, std::string_view* value) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  *value = Trim(line.substr(name.size() + 1));
  return true;
}

std::string AddressText(const struct sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

}  // namespace

Transfer::Transfer(Item item, const CrawlOptions& options, const std::string& etag,
                   const std::string& last_modified, bool record_request)
    : item_(std::move(item)), options_(options) {
  easy_ = curl_easy_init();
  curl_easy_setopt(easy_, CURLOPT_URL, item_.url.c_str());
  curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
  // Redirects are ours: every hop is checked against scope, robots.txt and the address
  // policy before it is requested.
  curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  // A proxy from the environment would make the address we check the proxy's, not the
  // site's: the crawler never uses one.
  curl_easy_setopt(easy_, CURLOPT_PROXY, "");
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy_, CURLOPT_ACCEPT_ENCODING, "");  // every coding curl decodes
  curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  if (!options_.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(easy_, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes);
  curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_TIME, options_.low_speed_seconds);
  curl_easy_setopt(easy_, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options_.max_body_bytes));
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy_, CURLOPT_OPENSOCKETFUNCTION, &Transfer::OnOpenSocket);
  curl_easy_setopt(easy_, CURLOPT_OPENSOCKETDATA, this);
  if (!etag.empty()) {
    headers_ = curl_slist_append(headers_, ("If-None-Match: " + etag).c_str());
  }
  if (!last_modified.empty()) {
    headers_ = curl_slist_append(headers_, ("If-Modified-Since: " + last_modified).c_str());
  }
  if (headers_) curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
  for (const std::string& r : options_.resolve) resolve_ = curl_slist_append(resolve_, r.c_str());
  if (resolve_) curl_easy_setopt(easy_, CURLOPT_RESOLVE, resolve_);
  if (record_request) {
    // The request head as sent, for WARC request records.
    curl_easy_setopt(easy_, CURLOPT_DEBUGFUNCTION, &Transfer::OnDebug);
    curl_easy_setopt(easy_, CURLOPT_DEBUGDATA, this);
    curl_easy_setopt(easy_, CURLOPT_VERBOSE, 1L);
  }
}

Transfer::~Transfer() {
  if (easy_) curl_easy_cleanup(easy_);
  curl_slist_free_all(headers_);
  curl_slist_free_all(resolve_);
}

size_t Transfer::OnHeader(char* data, size_t size, size_t n, void* self_ptr) {
  auto* self = static_cast<Transfer*>(self_ptr);
  std::string_view line(data, size * n);
  Response& r = self->response_;
  if (line.starts_with("HTTP/")) {
    // A new response (after 100 Continue): start over.
    r = Response();
    size_t sp = line.find(' ');
    if (sp != std::string_view::npos) {
      std::string_view code = line.substr(sp + 1, 3);
      std::from_chars(code.data(), code.data() + code.size(), r.status);
    }
  }
  if (r.head.size() + line.size() > 256 * 1024) return 0;  // absurd headers: stop
  r.head.append(line);
  std::string_view v;
  if (HeaderIs(line, "content-type", &v))
    r.content_type = v;
  else if (HeaderIs(line, "etag", &v))
    r.etag = v;
  else if (HeaderIs(line, "last-modified", &v))
    r.last_modified = v;
  else if (HeaderIs(line, "location", &v))
    r.location = v;
  else if (HeaderIs(line, "retry-after", &v))
    r.retry_after = v;
  else if (HeaderIs(line, "content-length", &v)) {
    uint64_t len = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), len);
    if (ec == std::errc()) r.content_length = len;
  }
  return size * n;
}

size_t Transfer::OnBody(char* data, size_t size, size_t n, void* self_ptr) {
  auto* self = static_cast<Transfer*>(self_ptr);
  size_t bytes = size * n;
  // curl hands us decoded bytes: a gzip bomb is stopped here, at the limit, after at most
  // one more chunk of inflation.
  if (self->response_.body.size() + bytes > self->options_.max_body_bytes) {
    self->too_large_ = true;
    return 0;  // CURLE_WRITE_ERROR
  }
  self->response_.body.append(data, bytes);
  return bytes;
}

curl_socket_t Transfer::OnOpenSocket(void* self_ptr, curlsocktype purpose,
                                     struct curl_sockaddr* addr) {
  auto* self = static_cast<Transfer*>(self_ptr);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  // The check is on the address being connected to, after DNS: a name that resolves to a
  // private address (or re-resolves to one) is refused here.
  AddressClass cls = ClassifyAddress(&addr->addr);
  if (!IsAllowedAddress(cls, self->options_.allow_private)) {
    self->policy_refusal_ =
        "address policy: " + AddressText(&addr->addr) + " is " + AddressClassName(cls);
    return CURL_SOCKET_BAD;
  }
  return socket(addr->family, addr->socktype, addr->protocol);
}

int Transfer::OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* self_ptr) {
  auto* self = static_cast<Transfer*>(self_ptr);
  if (type == CURLINFO_HEADER_OUT && self->request_head_.size() < 64 * 1024) {
    self->request_head_.append(data, size);
  }
  return 0;
}

std::string Transfer::FailureReason(CURLcode code) const {
  if (!policy_refusal_.empty()) return policy_refusal_;
  if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    return "body over " + std::to_string(options_.max_body_bytes) + " bytes";
  }
  if (code == CURLE_OPERATION_TIMEDOUT) return "timeout";
  return std::string("network: ") + curl_easy_strerror(code);
}

std::string Transfer::primary_ip() const {
  char* ip = nullptr;
  if (curl_easy_getinfo(easy_, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) return ip;
  return "";
}

}  // namespace byline::crawler::internal
