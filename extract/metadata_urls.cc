// URLs for the metadata stage: splitting an http(s) URL, resolving a relative one against the
// page URL, and the host's name label. Separate because canonical URLs, titles and author
// checks all use them and they need nothing from the page.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/metadata_internal.h"
#include "extract/text_util.h"

namespace byline::extract::metadata_internal {

std::optional<UrlParts> SplitUrl(std::string_view url) {
  size_t colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  UrlParts p;
  p.scheme = url.substr(0, colon);
  std::string scheme = AsciiLower(p.scheme);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(colon + 3);
  size_t slash = rest.find_first_of("/?#");
  p.authority = rest.substr(0, slash);
  if (p.authority.empty()) return std::nullopt;
  p.path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  return p;
}

namespace {

// Removes "." and ".." segments of an absolute path.
std::string NormalizePath(std::string_view path) {
  size_t q = path.find_first_of("?#");
  std::string_view tail = q == std::string_view::npos ? std::string_view() : path.substr(q);
  path = path.substr(0, q);
  std::vector<std::string_view> segs;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    bool last = j == path.size();
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
      if (last) segs.push_back("");
    } else if (seg == ".") {
      if (last) segs.push_back("");
    } else {
      segs.push_back(seg);
    }
    i = j + 1;
  }
  std::string out;
  for (std::string_view s : segs) {
    out.push_back('/');
    out.append(s);
  }
  if (out.empty()) out = "/";
  out.append(tail);
  return out;
}

}  // namespace

// `ref` made absolute against `base`; nullopt when it is not an http(s) URL.
std::optional<std::string> ResolveUrl(std::string_view ref, std::string_view base) {
  std::string r = CollapseSpace(ref);
  if (r.empty()) return std::nullopt;
  if (SplitUrl(r)) return r;
  std::optional<UrlParts> b = SplitUrl(base);
  if (!b) return std::nullopt;
  std::string origin = std::string(b->scheme) + "://" + std::string(b->authority);
  if (StartsWith(r, "//"))
    return SplitUrl(std::string(b->scheme) + ":" + r)
               ? std::optional(std::string(b->scheme) + ":" + r)
               : std::nullopt;
  // Another scheme ("mailto:", "javascript:") before any "/" is not a page URL.
  size_t colon = r.find(':');
  if (colon != std::string::npos && r.find_first_of("/?#") > colon) return std::nullopt;
  if (r[0] == '/') return origin + NormalizePath(r);
  std::string_view base_path = b->path.substr(0, b->path.find_first_of("?#"));
  if (r[0] == '?') return origin + std::string(base_path.empty() ? "/" : base_path) + r;
  if (r[0] == '#') return std::string(base.substr(0, base.find('#'))) + r;
  size_t dir_end = base_path.rfind('/');
  std::string dir = dir_end == std::string_view::npos
                        ? std::string("/")
                        : std::string(base_path.substr(0, dir_end + 1));
  return origin + NormalizePath(dir + r);
}

// The registrable-looking label of the host: "www.example.co.uk" -> "example".
std::string HostLabel(std::string_view url) {
  std::optional<UrlParts> p = SplitUrl(url);
  if (!p) return {};
  std::string host = AsciiLower(p->authority.substr(0, p->authority.find(':')));
  std::vector<std::string> labels;
  size_t i = 0;
  while (i <= host.size()) {
    size_t j = host.find('.', i);
    if (j == std::string::npos) j = host.size();
    labels.push_back(host.substr(i, j - i));
    i = j + 1;
  }
  // Skip the TLD and short second-level labels ("co", "com" in "example.com.au").
  int k = static_cast<int>(labels.size()) - 2;
  while (k > 0 && labels[k].size() <= 3 && labels.size() > 2) --k;
  return k >= 0 ? Key(labels[k]) : std::string();
}

}  // namespace byline::extract::metadata_internal
