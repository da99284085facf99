// `xway optimistic verifier`: the optimistic rollup's verifier and challenger as its own process
// (src/rollup/optimistic/verifier.hpp): follows the rollup on L1, derives the L2 from L1 data
// alone, and challenges any proposed root that differs from its own, playing the bisection to the
// one-step proof. State in a RocksDB directory survives kill -9; a restart resumes open games.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/command.hpp"
#include "cli/l1_access.hpp"
#include "cli/optimistic_verifier.hpp"
#include "l2rpc/eth_api.hpp"
#include "net/rpc_server.hpp"
#include "rollup/optimistic/verifier_rpc.hpp"
#include "eth/deploy.hpp"
#include "rollup/optimistic/verifier.hpp"
#include "store/rocks_db.hpp"

namespace xway::cli {
namespace {

/// The contract name the deployment file records the rollup under.
constexpr std::string_view kRollupContract = "OptimisticRollup";

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

/// The rollup's address and deployment block: --rollup, else the deployment file's OptimisticRollup.
Result<std::pair<Address, std::uint64_t>> rollup_of(const VerifierCmdOptions& o) {
  if (!o.rollup.empty()) {
    auto a = crypto::parse_address(o.rollup);
    if (!a) return fail("--rollup {}: {}", o.rollup, a.error().message);
    return std::pair{*a, std::uint64_t{0}};
  }
  auto file = eth::DeploymentFile::read(o.deployment);
  if (!file) return fail("no --rollup, and --deployment {}: {}", o.deployment, file.error().message);
  const auto* entry = file->find(kRollupContract);
  if (entry == nullptr) return fail("--deployment {} has no {} (run `xway optimistic deploy`)", o.deployment, kRollupContract);
  return std::pair{entry->address, entry->block};
}

/// One progress line: the event's name, then its fields as key=value.
std::string human_line(const nlohmann::json& e) {
  std::string line = e.value("event", "event");
  for (const auto& [k, v] : e.items()) {
    if (k == "event") continue;
    line += fmt::format(" {}={}", k, v.is_string() ? v.get<std::string>() : v.dump());
  }
  return line;
}

}  // namespace

Result<void> run_verifier(const VerifierCmdOptions& o) {
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required: the verifier follows an existing L1");
  auto where = rollup_of(o);
  if (!where) return unexpected(where.error());
  auto key = resolve_key(o.private_key, /*embedded=*/false);
  if (!key) return unexpected(key.error());
  if (!*key) return fail("--private-key (or XWAY_PRIVATE_KEY) is required: the challenger posts bonds and moves");
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
  const bool json = o.json;
  auto sink = [json](const nlohmann::json& e) {
    if (json) std::cout << e.dump() << std::endl;
    else std::cout << human_line(e) << std::endl;
  };
  optimistic::VerifierOptions vo;
  vo.start_block = where->second;
  vo.confirmations = o.confirmations;
  vo.challenge = !o.no_challenge;
  auto v = optimistic::Verifier::open(*l1->client, **db, where->first, **key, vo, sink);
  if (!v) return release(), unexpected(v.error());
  spdlog::info("verifier {} following rollup {} from block {}", crypto::to_checksum_hex((*v)->address()),
               crypto::to_checksum_hex(where->first), where->second);
  // The node role: the derived L2 behind the wallet JSON-RPC.
  std::unique_ptr<optimistic::VerifierRpc> l2;
  net::RpcDispatcher dispatcher;
  std::unique_ptr<net::RpcServer> server;
  if (!o.serve_rpc.empty()) {
    auto listen = host_port(o.serve_rpc, /*listen=*/true);
    if (!listen) return release(), unexpected(listen.error());
    std::optional<optimistic::SequencerForward> forward;
    if (!o.sequencer_rpc.empty()) {
      auto seq = host_port(o.sequencer_rpc, false, "--sequencer-rpc");
      if (!seq) return release(), unexpected(seq.error());
      forward = optimistic::SequencerForward{seq->first, seq->second};
    }
    const std::uint64_t chain_id = (*v)->status().at("chain_id").get<std::uint64_t>();
    l2 = std::make_unique<optimistic::VerifierRpc>(**v, chain_id, forward);
    l2->set_status((*v)->status());
    if (!l2rpc::register_eth_api(dispatcher, *l2) || !l2->register_rpc(dispatcher)) {
      return release(), fail("registering the JSON-RPC methods failed");
    }
    server = std::make_unique<net::RpcServer>(dispatcher, net::RpcServerConfig{listen->first, listen->second});
    auto port = server->start();
    if (!port) return release(), unexpected(port.error());
    const std::string url = fmt::format("http://{}:{}", listen->first, *port);
    spdlog::info("optimistic verifier node serving the derived L2's JSON-RPC on {}", url);
    sink({{"event", "serving"}, {"rpc", url}, {"rollup", crypto::to_checksum_hex(where->first)},
          {"l2_head", l2->block_number()}, {"forwards_to", o.sequencer_rpc.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.sequencer_rpc)}});
  }
  while (!stop) {
    auto polled = (*v)->poll();
    if (!polled) sink({{"event", "error"}, {"what", polled.error().message}});
    if (l2) l2->set_status((*v)->status());
    if (o.once) break;
    for (std::uint64_t waited = 0; waited < o.poll_ms && !stop; waited += 20) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  if (o.once) release();
  else signals.join();
  if (server) server->stop();
  auto st = (*v)->status();
  st["event"] = "stopped";
  sink(st);
  return {};
}

namespace {

/// The `optimistic` group: opt-node's when it registered one first, else a new one.
CLI::App* optimistic_group(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == "optimistic") return sub;
  }
  auto* group = app.add_subcommand("optimistic", "optimistic rollup: node, verifier and wallet commands");
  group->require_subcommand(1);
  return group;
}

}  // namespace

void add_optimistic_verifier_command(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<VerifierCmdOptions>();
  auto* v = optimistic_group(app)->add_subcommand(
      "verifier", "derive the rollup from L1 alone and challenge every wrong root (bisection to a one-step proof)");
  v->add_option("--l1-rpc", o->l1_rpc, "the L1's JSON-RPC URL")->required();
  v->add_option("--deployment", o->deployment, "deployment file naming OptimisticRollup")->capture_default_str();
  v->add_option("--rollup", o->rollup, "the OptimisticRollup address (instead of --deployment)");
  v->add_option("--data-dir", o->data_dir, "RocksDB directory of what the verifier read and the games it plays")
      ->capture_default_str();
  v->add_option("--private-key", o->private_key, "the challenger's key: it posts bonds and moves (default: $XWAY_PRIVATE_KEY)");
  v->add_option("--confirmations", o->confirmations, "blocks behind the head before L1 data counts")->capture_default_str();
  v->add_option("--poll-ms", o->poll_ms, "how often to look at L1")->capture_default_str();
  v->add_flag("--no-challenge", o->no_challenge, "only verify and report; never post a bond");
  v->add_flag("--once", o->once, "poll once (follow, derive, check, move) and exit");
  v->add_flag("--json", o->json, "one JSON object per event on stdout");
  d.on(v, [o] { return run_verifier(*o); });
}

}  // namespace xway::cli
