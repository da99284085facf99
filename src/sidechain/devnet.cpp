#include "sidechain/devnet.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <random>
#include <set>

#include "core/hex.hpp"
#include "net/rpc_client.hpp"

namespace xway::sidechain {

namespace {
// Ports are handed out below Linux's ephemeral range (32768-60999 by default): a port the kernel
// gave us from that range, once closed, can be taken as the source port of any outgoing connection
// on the machine (an RPC client, another test's anvil call) before the validator binds it, and the
// validator then fails with "Address already in use". Below the range only listeners compete.
constexpr std::uint16_t kPortLow = 20000;
constexpr std::uint16_t kPortHigh = 32000;

bool can_bind(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}
}  // namespace

Result<std::uint16_t> free_loopback_port() {
  // A random walk through the range, so that two processes planning devnets at once rarely pick the
  // same port, and never the same one twice in this process.
  static std::mutex mutex;
  static std::mt19937 rng(std::random_device{}() ^ static_cast<std::uint32_t>(::getpid()));
  static std::set<std::uint16_t> handed_out;
  std::lock_guard lock(mutex);
  std::uniform_int_distribution<int> pick(kPortLow, kPortHigh - 1);
  for (int attempt = 0; attempt < 512; ++attempt) {
    const auto port = static_cast<std::uint16_t>(pick(rng));
    if (handed_out.contains(port) || !can_bind(port)) continue;
    handed_out.insert(port);
    return port;
  }
  return fail("cannot find a free loopback port in {}-{}", kPortLow, kPortHigh - 1);
}

Result<DevnetPlan> prepare_devnet(const std::filesystem::path& root, std::size_t n, std::uint64_t block_time_ms,
                                  const std::vector<GenesisAlloc>& alloc) {
  DevnetPlan plan;
  plan.root = root;
  plan.genesis_path = root / "genesis.json";
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec) return fail("{}: {}", root.string(), ec.message());
  const bool existing = std::filesystem::exists(plan.genesis_path);
  if (existing) {
    auto g = Genesis::read(plan.genesis_path.string());
    if (!g) return unexpected(g.error());
    plan.genesis = *g;
    n = g->validators.size();
  } else {
    if (n == 0) return fail("--validators: at least 1");
    plan.genesis.block_time_ms = block_time_ms;
    plan.genesis.alloc = alloc;
  }
  for (std::size_t i = 0; i < n; ++i) {
    DevnetMember m{crypto::PrivateKey::generate(), "", "", root / ("validator-" + std::to_string(i))};
    const auto key_path = m.data_dir / "key";
    if (existing) {
      std::ifstream in(key_path);
      std::string hex;
      in >> hex;
      auto k = crypto::PrivateKey::from_hex(hex);
      if (!k) return fail("{}: not a private key", key_path.string());
      m.key = *k;
      const auto& gv = plan.genesis.validators.at(i);
      if (gv.address != crypto::address_of(m.key)) return fail("{}: not the key of validator {}", key_path.string(), i);
      m.p2p = gv.p2p;
      m.rpc = gv.rpc;
    } else {
      std::filesystem::create_directories(m.data_dir, ec);
      if (ec) return fail("{}: {}", m.data_dir.string(), ec.message());
      std::ofstream out(key_path);
      out << to_hex(m.key.secret().view()) << "\n";
      if (!out) return fail("{}: cannot write", key_path.string());
      std::filesystem::permissions(key_path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
      auto p2p = free_loopback_port();
      auto rpc = free_loopback_port();
      if (!p2p || !rpc) return fail("no free loopback ports");
      m.p2p = "127.0.0.1:" + std::to_string(*p2p);
      m.rpc = "127.0.0.1:" + std::to_string(*rpc);
      plan.genesis.validators.push_back(GenesisValidator{crypto::address_of(m.key), 1, m.p2p, m.rpc});
    }
    plan.members.push_back(std::move(m));
  }
  if (!existing) {
    plan.genesis.fee_recipient = plan.genesis.validators.front().address;
    if (auto w = plan.genesis.write(plan.genesis_path.string()); !w) return unexpected(w.error());
  }
  return plan;
}

std::vector<std::string> validator_argv(const std::string& xway, const DevnetPlan& plan, std::size_t i,
                                        const std::vector<std::string>& extra) {
  const auto& m = plan.members.at(i);
  std::vector<std::string> argv{xway, "sidechain", "validator", "--data-dir", (m.data_dir / "db").string(), "--key",
                                (m.data_dir / "key").string(), "--genesis", plan.genesis_path.string(), "--rpc", m.rpc,
                                "--p2p", m.p2p, "--json"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

Result<ValidatorProcess> spawn_validator(const std::vector<std::string>& argv) {
  ValidatorProcess p;
  try {
    p.child = std::make_unique<store::ChildProcess>(argv);
  } catch (const std::exception& e) {
    return fail("starting a validator process: {}", e.what());
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (true) {
    auto line = p.child->read_line(deadline);
    if (!line) return fail("the validator process did not report its endpoints");
    const auto j = nlohmann::json::parse(*line, nullptr, false);
    if (j.is_object() && j.contains("rpc")) {
      p.rpc = j["rpc"].get<std::string>();
      return p;
    }
  }
}

Result<net::Json> validator_call(const std::string& rpc, std::string_view method, net::Json params) {
  std::string text = rpc;
  if (text.rfind("http://", 0) == 0) text = text.substr(7);
  while (!text.empty() && text.back() == '/') text.pop_back();
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return fail("{}: expected HOST:PORT", rpc);
  const unsigned long port = std::strtoul(text.c_str() + colon + 1, nullptr, 10);
  if (port == 0 || port > 65535) return fail("{}: bad port", rpc);
  net::RpcClient client(text.substr(0, colon), static_cast<std::uint16_t>(port), std::chrono::seconds(2));
  auto r = client.call(method, std::move(params));
  if (!r) return fail("{} {}: {}", rpc, method, r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  return *r;
}

}  // namespace xway::sidechain
