#include "crawler/url.h"

#include <curl/curl.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

namespace byline::crawler {
namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

// A URL as parsed and checked, before the path and query are normalised.
struct ParsedUrl {
  std::string scheme, host, path, query;
  std::optional<int> explicit_port;  // absent when missing or the scheme's default
  int port = 0;                      // explicit or default
};

char LowerChar(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Quotes a URL in an error message without flooding it.
std::string Quote(std::string_view url) {
  constexpr size_t kMax = 80;
  if (url.size() <= kMax) return "\"" + std::string(url) + "\"";
  return "\"" + std::string(url.substr(0, kMax)) + "...\"";
}

std::optional<std::string> GetPart(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, flags) != CURLUE_OK || value == nullptr) return std::nullopt;
  std::string out(value);
  curl_free(value);
  return out;
}

// Trims C0 controls and spaces at both ends and drops tab, CR and LF inside, as browsers do
// with href values; any other control character makes the URL unusable.
Result<std::string> CleanInput(std::string_view url) {
  if (url.size() > kMaxUrlBytes) {
    return Status::InvalidInput("URL longer than " + std::to_string(kMaxUrlBytes) + " bytes");
  }
  auto edge = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!url.empty() && edge(url.front())) url.remove_prefix(1);
  while (!url.empty() && edge(url.back())) url.remove_suffix(1);
  std::string out;
  out.reserve(url.size());
  for (char c : url) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status::InvalidInput("control character in URL " + Quote(url));
    }
    out += c;
  }
  return out;
}

// The scheme of an absolute reference ("mailto" in "mailto:x"), or empty for a relative one.
std::string_view SchemeOf(std::string_view ref) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (ref.empty() || !alpha(ref[0])) return {};
  for (size_t i = 1; i < ref.size(); ++i) {
    char c = ref[i];
    if (c == ':') return ref.substr(0, i);
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return {};
  }
  return {};
}

Status CheckScheme(std::string_view ref) {
  std::string scheme = AsciiLower(SchemeOf(ref));
  if (scheme.empty() || scheme == "http" || scheme == "https") return Status::Ok();
  return Status::InvalidInput("not an http(s) URL: scheme \"" + scheme + "\"");
}

Status CurlError(CURLUcode code, std::string_view url) {
  return Status::InvalidInput(std::string(curl_url_strerror(code)) + ": " + Quote(url));
}

// Parses `url` (resolved against `base` when given) with curl and checks it is a crawlable
// http(s) URL.
Result<ParsedUrl> Parse(std::string_view raw_url, std::string_view raw_base) {
  Result<std::string> url = CleanInput(raw_url);
  if (!url.ok()) return url.status();
  Result<std::string> base = CleanInput(raw_base);
  if (!base.ok()) return base.status();
  // curl 7.88 resolves "" and "#frag" against a base to the base's directory; RFC 3986 §5.2.2
  // says they mean the base itself (and the fragment is dropped anyway).
  if (url->empty() || url->front() == '#') {
    if (base->empty()) return Status::InvalidInput("empty URL");
    *url = *base;
    base->clear();
  }
  for (const std::string* ref : {&*url, &*base}) {
    if (Status s = CheckScheme(*ref); !s.ok()) return s;
  }

  CurlUrl u(curl_url());
  if (!u) return Status::Internal("curl_url: out of memory");
  const unsigned flags = CURLU_ALLOW_SPACE;  // spaces are percent-encoded by us below
  if (!base->empty()) {
    if (CURLUcode c = curl_url_set(u.get(), CURLUPART_URL, base->c_str(), flags)) {
      return CurlError(c, *base);
    }
  }
  if (CURLUcode c = curl_url_set(u.get(), CURLUPART_URL, url->c_str(), flags)) {
    return CurlError(c, *url);
  }

  ParsedUrl p;
  p.scheme = AsciiLower(GetPart(u.get(), CURLUPART_SCHEME).value_or(""));
  if (p.scheme != "http" && p.scheme != "https") {
    return Status::InvalidInput("not an http(s) URL: " + Quote(*url));
  }
  if (GetPart(u.get(), CURLUPART_USER) || GetPart(u.get(), CURLUPART_PASSWORD)) {
    return Status::InvalidInput("user information in URL " + Quote(*url));
  }
  if (GetPart(u.get(), CURLUPART_ZONEID)) {
    return Status::InvalidInput("IPv6 zone id in URL " + Quote(*url));
  }
  p.host = AsciiLower(GetPart(u.get(), CURLUPART_HOST).value_or(""));
  if (p.host.size() > 1 && p.host.back() == '.') p.host.pop_back();
  if (p.host.empty() || p.host == ".") return Status::InvalidInput("no host in " + Quote(*url));

  std::optional<std::string> port = GetPart(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  p.port = port ? std::atoi(port->c_str()) : 0;
  if (p.port <= 0) return Status::InvalidInput("bad port in " + Quote(*url));
  if (GetPart(u.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT)) p.explicit_port = p.port;

  p.path = GetPart(u.get(), CURLUPART_PATH).value_or("/");
  p.query = GetPart(u.get(), CURLUPART_QUERY).value_or("");
  return p;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return LowerChar(c) - 'a' + 10;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Characters browsers percent-encode in a path or query before sending it.
bool MustEncode(unsigned char c) {
  return c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' ||
         c == '}';
}

void AppendEscape(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  *out += '%';
  *out += kHex[c >> 4];
  *out += kHex[c & 15];
}

// One spelling per byte: unreserved escapes decoded, other escapes upper-case, unsafe bytes
// escaped. A '%' not followed by two hex digits is left alone, as browsers do.
std::string NormalizeEscapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && IsHex(s[i + 1]) && IsHex(s[i + 2])) {
      unsigned char v = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (IsUnreserved(v)) {
        out += static_cast<char>(v);
      } else {
        AppendEscape(v, &out);
      }
      i += 2;
    } else if (MustEncode(c)) {
      AppendEscape(c, &out);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// RFC 3986 §5.2.4 on an absolute path, run again after "%2e" has been decoded to '.'.
std::string RemoveDotSegments(std::string_view path) {
  if (path.empty() || path.front() != '/') return "/" + std::string(path);
  std::vector<std::string_view> segments = Split(path.substr(1), '/');
  std::vector<std::string_view> out;
  for (size_t k = 0; k < segments.size(); ++k) {
    bool last = k + 1 == segments.size();
    std::string_view seg = segments[k];
    if (seg == "." || seg == "..") {
      if (seg == ".." && !out.empty()) out.pop_back();
      if (last) out.push_back("");  // "/a/b/.." is the directory "/a/"
      continue;
    }
    out.push_back(seg);
  }
  std::string result;
  for (std::string_view seg : out) {
    result += '/';
    result += seg;
  }
  return result.empty() ? "/" : result;
}

std::string StripTrackingParameters(std::string_view query) {
  std::string out;
  for (std::string_view piece : Split(query, '&')) {
    if (piece.empty() || IsTrackingParameter(piece.substr(0, piece.find('=')))) continue;
    if (!out.empty()) out += '&';
    out += piece;
  }
  return out;
}

}  // namespace

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerChar(c);
  return out;
}

bool IsTrackingParameter(std::string_view name) {
  static constexpr std::array<std::string_view, 22> kNames = {
      "_ga",     "_gl",    "_hsenc", "_hsmi",   "dclid",   "fbclid",  "gbraid",      "gclid",
      "gclsrc",  "igshid", "mc_cid", "mc_eid",  "mkt_tok", "msclkid", "oly_anon_id", "oly_enc_id",
      "ref_src", "twclid", "ttclid", "vero_id", "wbraid",  "yclid"};
  std::string lower = AsciiLower(name);
  if (lower.rfind("utm_", 0) == 0) return true;
  for (std::string_view n : kNames) {
    if (lower == n) return true;
  }
  return false;
}

Result<std::string> CanonicalizeUrl(std::string_view url, std::string_view base) {
  Result<ParsedUrl> p = Parse(url, base);
  if (!p.ok()) return p.status();
  std::string out = p->scheme + "://" + p->host;
  if (p->explicit_port) out += ":" + std::to_string(*p->explicit_port);
  out += RemoveDotSegments(NormalizeEscapes(p->path));
  std::string query = StripTrackingParameters(NormalizeEscapes(p->query));
  if (!query.empty()) out += "?" + query;
  if (out.size() > kMaxUrlBytes) {
    return Status::InvalidInput("URL longer than " + std::to_string(kMaxUrlBytes) + " bytes");
  }
  return out;
}

Result<UrlParts> SplitUrl(std::string_view canonical_url) {
  Result<ParsedUrl> p = Parse(canonical_url, {});
  if (!p.ok()) return p.status();
  UrlParts parts;
  parts.scheme = std::move(p->scheme);
  parts.host = std::move(p->host);
  parts.port = p->port;
  parts.path_and_query = p->path.empty() ? "/" : std::move(p->path);
  if (!p->query.empty()) parts.path_and_query += "?" + p->query;
  return parts;
}

std::string HostKey(const UrlParts& parts) { return parts.host + ":" + std::to_string(parts.port); }

}  // namespace byline::crawler
