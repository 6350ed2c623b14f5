#include "crawler/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace byline::crawler {
namespace {

using V6 = std::array<uint8_t, 16>;

struct V4Range {
  uint32_t network;  // host byte order
  int prefix_bits;
  AddressClass cls;
};

constexpr uint32_t V4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// IANA IPv4 special-purpose registry, the parts that matter to a crawler. The first match
// wins, so the narrow ranges come before the wide ones that contain them.
constexpr V4Range kV4Ranges[] = {
    {V4(0, 0, 0, 0), 8, AddressClass::kUnspecified},
    {V4(127, 0, 0, 0), 8, AddressClass::kLoopback},
    {V4(10, 0, 0, 0), 8, AddressClass::kPrivate},
    {V4(172, 16, 0, 0), 12, AddressClass::kPrivate},
    {V4(192, 168, 0, 0), 16, AddressClass::kPrivate},
    {V4(100, 64, 0, 0), 10, AddressClass::kPrivate},  // carrier-grade NAT
    {V4(169, 254, 0, 0), 16, AddressClass::kLinkLocal},
    {V4(224, 0, 0, 0), 4, AddressClass::kMulticast},
    {V4(240, 0, 0, 0), 4, AddressClass::kReserved},      // includes 255.255.255.255
    {V4(192, 0, 0, 0), 24, AddressClass::kReserved},     // IETF protocol assignments
    {V4(192, 0, 2, 0), 24, AddressClass::kReserved},     // TEST-NET-1
    {V4(198, 51, 100, 0), 24, AddressClass::kReserved},  // TEST-NET-2
    {V4(203, 0, 113, 0), 24, AddressClass::kReserved},   // TEST-NET-3
    {V4(198, 18, 0, 0), 15, AddressClass::kReserved},    // benchmarking
    {V4(192, 88, 99, 0), 24, AddressClass::kReserved},   // 6to4 relay anycast (deprecated)
};

AddressClass ClassifyV4(uint32_t addr) {
  for (const V4Range& r : kV4Ranges) {
    uint32_t mask = r.prefix_bits == 0 ? 0 : ~uint32_t{0} << (32 - r.prefix_bits);
    if ((addr & mask) == r.network) return r.cls;
  }
  return AddressClass::kPublic;
}

struct V6Range {
  V6 network;
  int prefix_bits;
  AddressClass cls;
};

bool InPrefix(const V6& addr, const V6& network, int prefix_bits) {
  for (int bit = 0; bit < prefix_bits; bit += 8) {
    int bits = prefix_bits - bit < 8 ? prefix_bits - bit : 8;
    uint8_t mask = static_cast<uint8_t>(0xff << (8 - bits));
    if ((addr[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
  }
  return true;
}

uint32_t V4At(const V6& a, int byte) { return V4(a[byte], a[byte + 1], a[byte + 2], a[byte + 3]); }

// IPv6 prefixes that embed an IPv4 address, and where it starts.
struct V6Embedding {
  V6 network;
  int prefix_bits;
  int v4_byte;
};

constexpr V6Embedding kV6Embeddings[] = {
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, 12},  // v4-mapped ::ffff:a.b.c.d
    {{0, 0x64, 0xff, 0x9b}, 96, 12},                       // NAT64 well-known prefix
    {{0x20, 0x02}, 16, 2},                                 // 6to4
};

constexpr V6Range kV6Ranges[] = {
    {{0xfc}, 7, AddressClass::kPrivate},  // unique local
    // NAT64 local-use (RFC 8215): a site's own translator, where the IPv4 address sits
    // depends on a prefix length we cannot know.
    {{0, 0x64, 0xff, 0x9b, 0, 1}, 48, AddressClass::kPrivate},
    {{0xfe, 0xc0}, 10, AddressClass::kPrivate},                     // site-local (deprecated)
    {{0xfe, 0x80}, 10, AddressClass::kLinkLocal},                   //
    {{0xff}, 8, AddressClass::kMulticast},                          //
    {{0x20, 0x01, 0x0d, 0xb8}, 32, AddressClass::kReserved},        // documentation
    {{0x3f, 0xff}, 20, AddressClass::kReserved},                    // documentation (RFC 9637)
    {{0x20, 0x01, 0x00, 0x00}, 32, AddressClass::kReserved},        // Teredo
    {{0x20, 0x01, 0x00, 0x02, 0, 0}, 48, AddressClass::kReserved},  // benchmarking
    {{0x20, 0x01}, 23, AddressClass::kReserved},                    // IETF protocol assignments
    {{0x20}, 3, AddressClass::kPublic},                             // global unicast
};

AddressClass ClassifyV6(const V6& a) {
  V6 zero{};
  V6 one{};
  one[15] = 1;
  if (a == zero) return AddressClass::kUnspecified;
  if (a == one) return AddressClass::kLoopback;
  for (const V6Embedding& e : kV6Embeddings) {
    if (InPrefix(a, e.network, e.prefix_bits)) return ClassifyV4(V4At(a, e.v4_byte));
  }
  for (const V6Range& r : kV6Ranges) {
    if (InPrefix(a, r.network, r.prefix_bits)) return r.cls;
  }
  return AddressClass::kReserved;  // outside 2000::/3: unallocated or special
}

}  // namespace

AddressClass ClassifyAddress(const struct sockaddr* addr) {
  if (addr == nullptr) return AddressClass::kReserved;
  if (addr->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, addr, sizeof(in));
    return ClassifyV4(ntohl(in.sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, addr, sizeof(in6));
    V6 bytes;
    std::memcpy(bytes.data(), &in6.sin6_addr, bytes.size());
    return ClassifyV6(bytes);
  }
  return AddressClass::kReserved;
}

AddressClass ClassifyAddress(std::string_view ip_text) {
  if (ip_text.size() >= 2 && ip_text.front() == '[' && ip_text.back() == ']') {
    ip_text = ip_text.substr(1, ip_text.size() - 2);
  }
  std::string text(ip_text);  // inet_pton wants a NUL-terminated string
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return ClassifyV4(ntohl(v4.s_addr));
  V6 v6;
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) return ClassifyV6(v6);
  return AddressClass::kReserved;
}

bool IsAllowedAddress(AddressClass c, bool allow_private) {
  switch (c) {
    case AddressClass::kPublic:
      return true;
    case AddressClass::kLoopback:
    case AddressClass::kPrivate:
    case AddressClass::kLinkLocal:
      return allow_private;
    case AddressClass::kMulticast:
    case AddressClass::kUnspecified:
    case AddressClass::kReserved:
      return false;
  }
  return false;
}

const char* AddressClassName(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kReserved:
      return "reserved";
  }
  return "reserved";
}

}  // namespace byline::crawler
