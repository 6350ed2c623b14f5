#include "crawler/address_policy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

namespace byline::crawler {
namespace {

struct AddressCase {
  const char* ip;
  AddressClass want;
};

using C = AddressClass;

// IANA special-purpose registries (RFC 6890 and successors), as crawler/address_policy.h
// documents them.
constexpr AddressCase kCases[] = {
    // Public.
    {"8.8.8.8", C::kPublic},
    {"93.184.216.34", C::kPublic},
    {"1.1.1.1", C::kPublic},
    {"172.15.255.255", C::kPublic},  // just below 172.16/12
    {"172.32.0.1", C::kPublic},      // just above it
    {"100.63.255.255", C::kPublic},  // just below CGNAT
    {"100.128.0.0", C::kPublic},     // just above it
    {"223.255.255.255", C::kPublic},
    {"2606:4700::6810:84e5", C::kPublic},
    {"2a00:1450:4001:80b::200e", C::kPublic},
    {"::ffff:8.8.8.8", C::kPublic},
    {"64:ff9b::808:808", C::kPublic},  // NAT64 of 8.8.8.8
    {"2002:808:808::1", C::kPublic},   // 6to4 of 8.8.8.8
    // Loopback.
    {"127.0.0.1", C::kLoopback},
    {"127.255.255.254", C::kLoopback},
    {"::1", C::kLoopback},
    {"[::1]", C::kLoopback},
    {"::ffff:127.0.0.1", C::kLoopback},
    {"64:ff9b::7f00:1", C::kLoopback},
    {"2002:7f00:1::", C::kLoopback},
    // Private.
    {"10.0.0.1", C::kPrivate},
    {"172.16.0.1", C::kPrivate},
    {"172.31.255.255", C::kPrivate},
    {"192.168.1.1", C::kPrivate},
    {"100.64.0.1", C::kPrivate},
    {"100.127.255.255", C::kPrivate},
    {"fc00::1", C::kPrivate},
    {"fd12:3456:789a::1", C::kPrivate},
    {"fec0::1", C::kPrivate},
    {"::ffff:10.1.2.3", C::kPrivate},
    {"::ffff:192.168.0.1", C::kPrivate},
    {"64:ff9b::c0a8:1", C::kPrivate},  // NAT64 of 192.168.0.1
    {"64:ff9b:1::1", C::kPrivate},
    {"2002:a00:1::", C::kPrivate},  // 6to4 of 10.0.0.1
    // Link-local: cloud metadata.
    {"169.254.169.254", C::kLinkLocal},
    {"169.254.0.1", C::kLinkLocal},
    {"fe80::1", C::kLinkLocal},
    {"febf:ffff::1", C::kLinkLocal},
    {"::ffff:169.254.169.254", C::kLinkLocal},
    {"64:ff9b::a9fe:a9fe", C::kLinkLocal},
    {"fd00:ec2::254", C::kPrivate},  // the IPv6 metadata address on AWS is unique-local
    // Multicast.
    {"224.0.0.1", C::kMulticast},
    {"239.255.255.250", C::kMulticast},
    {"ff02::1", C::kMulticast},
    {"ff05::2", C::kMulticast},
    {"::ffff:224.0.0.251", C::kMulticast},
    // Unspecified.
    {"0.0.0.0", C::kUnspecified},
    {"0.1.2.3", C::kUnspecified},
    {"::", C::kUnspecified},
    {"::ffff:0.0.0.0", C::kUnspecified},
    // Reserved.
    {"240.0.0.1", C::kReserved},
    {"255.255.255.255", C::kReserved},
    {"192.0.2.1", C::kReserved},
    {"198.51.100.7", C::kReserved},
    {"203.0.113.9", C::kReserved},
    {"198.18.0.1", C::kReserved},
    {"192.0.0.8", C::kReserved},
    {"2001:db8::1", C::kReserved},
    {"3fff::1", C::kReserved},
    {"2001::1", C::kReserved},      // Teredo
    {"100::1", C::kReserved},       // discard-only
    {"::127.0.0.1", C::kReserved},  // deprecated v4-compatible
    {"4000::1", C::kReserved},      // outside 2000::/3
    // Unparsable.
    {"", C::kReserved},
    {"localhost", C::kReserved},
    {"127.1", C::kReserved},
    {"256.0.0.1", C::kReserved},
    {"fe80::1%eth0", C::kReserved},
    {"1.2.3.4 ", C::kReserved},
};

TEST(ClassifyAddressTest, TextTable) {
  for (const AddressCase& c : kCases) {
    EXPECT_STREQ(AddressClassName(ClassifyAddress(std::string_view(c.ip))),
                 AddressClassName(c.want))
        << c.ip;
  }
}

// The fetcher holds sockaddrs, not text: both paths must agree.
TEST(ClassifyAddressTest, SockaddrAgreesWithText) {
  for (const AddressCase& c : kCases) {
    std::string ip = c.ip;
    if (ip.size() > 2 && ip.front() == '[') ip = ip.substr(1, ip.size() - 2);
    sockaddr_in in{};
    sockaddr_in6 in6{};
    if (inet_pton(AF_INET, ip.c_str(), &in.sin_addr) == 1) {
      in.sin_family = AF_INET;
      EXPECT_EQ(ClassifyAddress(reinterpret_cast<const sockaddr*>(&in)), c.want) << c.ip;
    } else if (inet_pton(AF_INET6, ip.c_str(), &in6.sin6_addr) == 1) {
      in6.sin6_family = AF_INET6;
      EXPECT_EQ(ClassifyAddress(reinterpret_cast<const sockaddr*>(&in6)), c.want) << c.ip;
    }
  }
}

TEST(ClassifyAddressTest, OtherFamiliesAreReserved) {
  sockaddr unix_addr{};
  unix_addr.sa_family = AF_UNIX;
  EXPECT_EQ(ClassifyAddress(&unix_addr), C::kReserved);
  EXPECT_EQ(ClassifyAddress(static_cast<const sockaddr*>(nullptr)), C::kReserved);
}

TEST(IsAllowedAddressTest, OnlyPublicUnlessPrivateAllowed) {
  struct Row {
    AddressClass c;
    bool strict, lenient;
  };
  constexpr Row kRows[] = {
      {C::kPublic, true, true},     {C::kLoopback, false, true},   {C::kPrivate, false, true},
      {C::kLinkLocal, false, true}, {C::kMulticast, false, false}, {C::kUnspecified, false, false},
      {C::kReserved, false, false},
  };
  for (const Row& r : kRows) {
    EXPECT_EQ(IsAllowedAddress(r.c, false), r.strict) << AddressClassName(r.c);
    EXPECT_EQ(IsAllowedAddress(r.c, true), r.lenient) << AddressClassName(r.c);
  }
}

}  // namespace
}  // namespace byline::crawler
