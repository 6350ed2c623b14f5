// Address policy: which IP addresses the crawler may connect to.
//
// A link on a public page can point at 169.254.169.254 (cloud metadata), at 127.0.0.1 or at a
// host on the office network. The crawler classifies the address it is about to connect to,
// after DNS resolution (so a name that resolves to a private address, or changes between two
// look-ups, cannot slip through), and refuses everything but public unicast addresses unless
// the operator allows private ones (tests, the demo).
//
// IPv6 forms that carry an IPv4 address are classified as the IPv4 address they carry:
// v4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16 (the local-use NAT64
// prefix 64:ff9b:1::/48 is private as a whole). Every IPv6
// address outside 2000::/3 that is not named below is reserved, so an unknown range is never
// treated as public.
#ifndef BYLINE_CRAWLER_ADDRESS_POLICY_H_
#define BYLINE_CRAWLER_ADDRESS_POLICY_H_

#include <string_view>

struct sockaddr;

namespace byline::crawler {

enum class AddressClass {
  kPublic,       // routable unicast on the internet
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16, CGNAT 100.64/10, fc00::/7, fec0::/10,
                 // 64:ff9b:1::/48
  kLinkLocal,    // 169.254/16 (cloud metadata lives here), fe80::/10
  kMulticast,    // 224/4, ff00::/8
  kUnspecified,  // 0.0.0.0/8 (connecting to 0.0.0.0 reaches this machine), ::
  kReserved,     // 240/4, 255.255.255.255, documentation and benchmarking ranges, IETF
                 // protocol assignments, Teredo, discard-only, unparsable, not IP
};

// Classifies an AF_INET or AF_INET6 socket address; anything else (or nullptr) is kReserved.
AddressClass ClassifyAddress(const struct sockaddr* addr);

// Classifies a textual IPv4 or IPv6 address as inet_pton parses it ("10.0.0.1", "::1",
// "[::1]" with brackets as in URLs); unparsable text (also "127.1", zone ids) is kReserved.
AddressClass ClassifyAddress(std::string_view ip_text);

// Only kPublic, unless `allow_private`, which also lets loopback, private and link-local
// through; multicast, unspecified and reserved addresses are never allowed.
bool IsAllowedAddress(AddressClass c, bool allow_private);

// "public", "loopback", "private", "link-local", "multicast", "unspecified", "reserved".
const char* AddressClassName(AddressClass c);

}  // namespace byline::crawler

#endif  // BYLINE_CRAWLER_ADDRESS_POLICY_H_
