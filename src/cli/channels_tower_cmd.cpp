// `xway channels watchtower`: runs the payment channels' watchtower as its own process: a JSON-RPC
// API that nodes hand their partners' latest signed balance proofs to (tower_watch), a RocksDB
// directory that keeps them across kill -9, and a loop that follows L1 and answers stale closes.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "channels/watchtower.hpp"
#include "cli/command.hpp"
#include "cli/l1_access.hpp"
#include "net/rpc_server.hpp"
#include "store/rocks_db.hpp"

namespace xway::cli {
namespace {

struct TowerOptions {
  std::string l1_rpc;
  std::string data_dir = "xway-watchtower";
  std::string rpc = "127.0.0.1:8656";
  std::string private_key;
  std::vector<std::string> token_networks;
  std::uint64_t confirmations = 0;
  std::uint64_t max_watched = 100'000;
  std::uint64_t poll_ms = 1'000;
  bool json = false;
};

/// HOST:PORT (or http://HOST:PORT/); port 0 picks a free one.
Result<std::pair<std::string, std::uint16_t>> listen_address(std::string text) {
  if (text.rfind("http://", 0) == 0) text = text.substr(7);
  while (!text.empty() && text.back() == '/') text.pop_back();
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return fail("--rpc {}: expected HOST:PORT", text);
  const std::string port = text.substr(colon + 1);
  char* end = nullptr;
  const unsigned long p = std::strtoul(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p > 65535) return fail("--rpc {}: bad port", text);
  return std::pair{text.substr(0, colon), static_cast<std::uint16_t>(p)};
}

/// SIGINT and SIGTERM are taken by a thread that raises `stop`.
std::thread stop_on_signal(std::atomic<bool>& stop) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return std::thread([set, &stop] {
    int sig = 0;
    sigwait(&set, &sig);
    stop = true;
  });
}

nlohmann::json status_json(const channels::TowerStatus& s) {
  return {{"address", crypto::to_checksum_hex(s.address)}, {"chain_id", s.chain_id},
          {"watched", s.watched},                          {"pending_defenses", s.pending_defenses},
          {"next_block", s.next_block},                    {"outcomes", s.outcomes}};
}

Result<channels::WatchtowerConfig> config_of(const TowerOptions& o) {
  channels::WatchtowerConfig c;
  c.confirmations = o.confirmations;
  c.max_watched = o.max_watched;
  for (const std::string& text : o.token_networks) {
    auto a = crypto::parse_address(text);
    if (!a) return fail("--token-network {}: {}", text, a.error().message);
    c.token_networks.push_back(*a);
  }
  return c;
}

Result<void> run_watchtower(const TowerOptions& o) {
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required: the tower defends channels on an existing L1");
  auto config = config_of(o);
  if (!config) return unexpected(config.error());
  auto where = listen_address(o.rpc);
  if (!where) return unexpected(where.error());
  auto key = resolve_key(o.private_key, /*embedded=*/false);
  if (!key) return unexpected(key.error());
  if (!*key) return fail("--private-key (or XWAY_PRIVATE_KEY) is required: the tower pays for its updates");
  std::atomic<bool> stop{false};
  std::thread signals = stop_on_signal(stop);
  const auto release = [&] {
    ::kill(::getpid(), SIGTERM);  // wakes the signal thread so it can be joined
    signals.join();
  };
  auto l1 = open_l1(o.l1_rpc);
  if (!l1) return release(), unexpected(l1.error());
  auto db = store::RocksDb::open(o.data_dir);
  if (!db) return release(), fail("--data-dir {}: {}", o.data_dir, store::describe(db.error()));
  auto tower = channels::Watchtower::open(*l1->client, **db, **key, *config);
  if (!tower) return release(), unexpected(tower.error());
  net::RpcDispatcher rpc;
  (*tower)->register_rpc(rpc);
  net::RpcServer server(rpc, net::RpcServerConfig{where->first, where->second});
  auto port = server.start();
  if (!port) return release(), unexpected(port.error());
  auto status = (*tower)->status();
  if (!status) return release(), unexpected(status.error());
  const std::string url = fmt::format("http://{}:{}", where->first, *port);
  spdlog::info("watchtower {} serving on {}, chain {}, {} channel(s) watched, following L1 from block {}",
               crypto::to_checksum_hex((*tower)->address()), url, status->chain_id, status->watched,
               status->next_block);
  if (o.json) {
    auto j = status_json(*status);
    j["rpc"] = url;
    std::cout << j.dump() << std::endl;
  } else {
    std::cout << fmt::format("watchtower {} on {}\n", crypto::to_checksum_hex((*tower)->address()), url) << std::flush;
  }
  while (!stop) {
    auto polled = (*tower)->poll();
    if (!polled) {
      spdlog::warn("poll: {}", polled.error().message);
    } else if (polled->closes_seen + polled->defenses_ended > 0) {
      spdlog::info("closes seen {}, defenses owed {}, updates sent {}, defenses ended {}", polled->closes_seen,
                   polled->defenses_owed, polled->updates_sent, polled->defenses_ended);
    }
    for (std::uint64_t waited = 0; waited < o.poll_ms && !stop; waited += 20) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  signals.join();
  server.stop();
  if (o.json) {
    if (auto s = (*tower)->status(); s) std::cout << status_json(*s).dump() << std::endl;
  }
  return {};
}

/// The `channels` group: ch-node's when it registered one first, else a new one.
CLI::App* channels_group(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == "channels") return sub;
  }
  auto* group = app.add_subcommand("channels", "payment channels: node, watchtower and wallet commands");
  group->require_subcommand(1);
  return group;
}

}  // namespace

void add_channels_watchtower_command(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<TowerOptions>();
  auto* tower = channels_group(app)->add_subcommand(
      "watchtower", "run a watchtower: nodes hand it their partners' signed balance proofs, it answers stale closes on L1");
  tower->add_option("--l1-rpc", o->l1_rpc, "the L1's JSON-RPC URL")->required();
  tower->add_option("--data-dir", o->data_dir, "RocksDB directory of what the tower holds")->capture_default_str();
  tower->add_option("--rpc", o->rpc, "HOST:PORT to serve JSON-RPC on (port 0: a free one, printed)")
      ->capture_default_str();
  tower->add_option("--private-key", o->private_key, "the tower's key; it pays for updates (default: $XWAY_PRIVATE_KEY)");
  tower->add_option("--token-network", o->token_networks, "serve only these token networks (repeatable; default: any)");
  tower->add_option("--confirmations", o->confirmations, "blocks behind the head before a close counts")
      ->capture_default_str();
  tower->add_option("--max-watched", o->max_watched, "most (channel, client) pairs held")->capture_default_str();
  tower->add_option("--poll-ms", o->poll_ms, "how often to look at L1")->capture_default_str();
  tower->add_flag("--json", o->json, "print the tower's status as JSON at start and at stop");
  d.on(tower, [o] { return run_watchtower(*o); });
}

}  // namespace xway::cli
