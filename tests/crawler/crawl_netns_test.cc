// The address policy, tested where a broken guard cannot hurt: inside a private network
// namespace (unshare -n) holding only loopback, with 169.254.169.254 (cloud metadata) and a
// private address added to it, each with a trap listener that records every connection.
// Without --allow-private the crawler must never connect, whether the URL names the address
// or a name resolves to it; with it, the trap sees the crawler (so the trap works).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "tests/run_byline.h"

namespace byline::testing {
namespace {

constexpr char kScript[] = R"SH(
set -e
D="$1"; BYLINE="$2"
ip link set lo up
ip addr add 169.254.169.254/32 dev lo
ip addr add 10.1.2.3/32 dev lo
python3 - "$D" <<'PY' &
import socket, sys, threading, os
d = sys.argv[1]
def serve(addr):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 8080)); s.listen(16)
    while True:
        c, peer = s.accept()
        with open(os.path.join(d, "hits"), "a") as f: f.write(addr + "\n")
        c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>trap</html>")
        c.close()
for a in ("169.254.169.254", "10.1.2.3"):
    threading.Thread(target=serve, args=(a,), daemon=True).start()
open(os.path.join(d, "ready"), "w").close()
threading.Event().wait()
PY
TRAP=$!
for i in $(seq 100); do [ -e "$D/ready" ] && break; sleep 0.05; done
touch "$D/hits"
"$BYLINE" crawl --db "$D/deny" --url-log "$D/deny.jsonl" --delay-ms 0 --max-retries 0 \
  --seed http://169.254.169.254:8080/latest/meta-data/ --seed http://10.1.2.3:8080/ \
  --seed http://metadata.test:8080/ --resolve metadata.test:8080:169.254.169.254 \
  --seed http://intranet.test:8080/ --resolve intranet.test:8080:10.1.2.3 \
  > "$D/deny.out" 2>&1 || true
wc -l < "$D/hits" > "$D/hits_deny"
"$BYLINE" crawl --db "$D/allow" --url-log "$D/allow.jsonl" --delay-ms 0 --allow-private \
  --seed http://intranet.test:8080/ --resolve intranet.test:8080:10.1.2.3 \
  > "$D/allow.out" 2>&1 || true
wc -l < "$D/hits" > "$D/hits_allow"
kill $TRAP
)SH";

TEST(AddressPolicyNetnsTest, PrivateAndMetadataAddressesAreNeverConnected) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root for unshare -n";
  if (std::system("unshare -n true >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "unshare -n is not permitted here";
  }
  TempDir tmp;
  std::ofstream(tmp / "netns.sh") << kScript;
  std::string cmd = "unshare -n -- sh " + (tmp / "netns.sh") + " " + tmp.path().string() + " " +
                    BYLINE_BINARY + " > " + (tmp / "netns.log") + " 2>&1";
  int rc = std::system(cmd.c_str());
  ASSERT_EQ(rc, 0) << Slurp(tmp.path() / "netns.log");

  EXPECT_EQ(std::atoi(Slurp(tmp.path() / "hits_deny").c_str()), 0)
      << "the crawler connected to a private or metadata address:\n"
      << Slurp(tmp.path() / "hits") << Slurp(tmp.path() / "deny.out");
  std::string log = Slurp(tmp.path() / "deny.jsonl");
  EXPECT_NE(log.find("address policy: 169.254.169.254 is link-local"), std::string::npos) << log;
  EXPECT_NE(log.find("address policy: 10.1.2.3 is private"), std::string::npos) << log;
  // The positive control: the traps do catch a crawler that is allowed in.
  EXPECT_GT(std::atoi(Slurp(tmp.path() / "hits_allow").c_str()), 0)
      << Slurp(tmp.path() / "allow.out") << Slurp(tmp.path() / "netns.log");
}

}  // namespace
}  // namespace byline::testing
