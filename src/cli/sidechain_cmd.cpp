// `xway sidechain ...`: run one validator, a local devnet of them, and ask one for its status.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/log.hpp"
#include "eth/deploy.hpp"
#include "eth/rpc_client.hpp"
#include "net/rpc_server.hpp"
#include "sidechain/bridge_contract.hpp"
#include "sidechain/checkpoint_contract.hpp"
#include "sidechain/devnet.hpp"
#include "sidechain/validator.hpp"
#include "store/rocks_db.hpp"

namespace xway::cli {
namespace {

using namespace xway::sidechain;

struct SidechainOptions {
  std::string data_dir;
  std::string key;
  std::string genesis;
  std::vector<std::string> peers;
  std::string l1_rpc;
  std::string l1_key;
  std::string bridge_key;
  std::string rpc = "127.0.0.1:8745";
  std::string p2p;
  std::uint64_t block_time_ms = 0;
  std::size_t validators = 4;
  std::vector<std::string> fund;
  std::string private_key;
  std::uint64_t threshold = 0;
  std::uint64_t checkpoint_interval = kDefaultCheckpointInterval;
  std::uint64_t confirmations = kDefaultDepositConfirmations;
  std::string fund_validators = "1000000000000000000";
  bool byzantine = false;
  bool json = false;
};

Result<std::pair<std::string, std::uint16_t>> split_host_port(const std::string& text, const char* flag) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return fail("{} {}: expected HOST:PORT", flag, text);
  char* end = nullptr;
  const unsigned long p = std::strtoul(text.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || p > 65535 || colon + 1 == text.size()) return fail("{} {}: bad port", flag, text);
  return std::pair{text.substr(0, colon), static_cast<std::uint16_t>(p)};
}

/// --key: a hex private key, or a file holding one.
Result<crypto::PrivateKey> read_key(const std::string& flag, const char* name = "--key") {
  std::string hex = flag;
  if (std::filesystem::is_regular_file(flag)) {
    std::ifstream in(flag);
    in >> hex;
  }
  auto k = crypto::PrivateKey::from_hex(hex);
  if (!k) return fail("{}: neither a hex private key nor a file holding one", name);
  return *k;
}

void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void wait_for_stop_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
}

// A validator allocates and frees megabytes per block (proposals, decoded batches, blocks of
// 20,000 transactions). glibc hands buffers past its mmap threshold back to the kernel on free
// and trims the heap top, so the next block faults every page in again, zeroed: measured as 5-8%
// of a loaded validator's CPU in the kernel's page-fault path. Keeping the pages costs at most a
// few hundred MB of resident memory the process has used anyway.
void keep_heap_pages() {
  (void)mallopt(M_MMAP_THRESHOLD, 32 << 20);
  (void)mallopt(M_TRIM_THRESHOLD, 512 << 20);
  (void)mallopt(M_TOP_PAD, 64 << 20);
}

Result<void> run_validator(const SidechainOptions& o) {
  if (o.data_dir.empty()) return fail("--data-dir is required");
  if (o.key.empty()) return fail("--key is required");
  if (o.genesis.empty()) return fail("--genesis is required");
  keep_heap_pages();
  block_stop_signals();
  auto key = read_key(o.key);
  if (!key) return unexpected(key.error());
  auto genesis = Genesis::read(o.genesis);
  if (!genesis) return unexpected(genesis.error());
  if (o.block_time_ms > 0) genesis->block_time_ms = o.block_time_ms;
  // --peers ADDRESS@HOST:PORT overrides where the genesis says a validator listens.
  for (const auto& p : o.peers) {
    const auto at = p.find('@');
    if (at == std::string::npos) return fail("--peers {}: expected ADDRESS@HOST:PORT", p);
    auto a = crypto::parse_address(p.substr(0, at));
    if (!a) return fail("--peers {}: {}", p, a.error().message);
    bool found = false;
    for (auto& v : genesis->validators)
      if (v.address == *a) {
        v.p2p = p.substr(at + 1);
        found = true;
      }
    if (!found) return fail("--peers {}: not a validator of the genesis", p);
  }
  ValidatorConfig config{*genesis, *key};
  config.byzantine = o.byzantine;
  if (!o.l1_rpc.empty() && genesis->bridge) {
    PegConfig peg{o.l1_rpc, *key};
    if (!o.l1_key.empty()) {
      auto k = read_key(o.l1_key, "--l1-key");
      if (!k) return unexpected(k.error());
      peg.l1_key = *k;
    }
    if (!o.bridge_key.empty()) {
      auto k = read_key(o.bridge_key, "--bridge-key");
      if (!k) return unexpected(k.error());
      peg.bridge_key = *k;
    }
    config.peg = std::move(peg);
  }
  if (!o.p2p.empty()) {
    auto hp = split_host_port(o.p2p, "--p2p");
    if (!hp) return unexpected(hp.error());
    config.p2p_host = hp->first;
    config.p2p_port = hp->second;
  }
  auto rpc_hp = split_host_port(o.rpc, "--rpc");
  if (!rpc_hp) return unexpected(rpc_hp.error());
  auto db = store::RocksDb::open(o.data_dir);
  if (!db) return fail("{}: {}", o.data_dir, store::describe(db.error()));
  auto node = ValidatorNode::open(**db, config);
  if (!node) return unexpected(node.error());
  net::RpcDispatcher rpc;
  (*node)->register_rpc(rpc);
  net::RpcServer server(rpc, net::RpcServerConfig{rpc_hp->first, rpc_hp->second});
  auto rpc_port = server.start();
  if (!rpc_port) return unexpected(rpc_port.error());
  auto p2p_port = (*node)->start();
  if (!p2p_port) return unexpected(p2p_port.error());
  const std::string rpc_url = fmt::format("{}:{}", rpc_hp->first, *rpc_port);
  const std::string addr = crypto::to_checksum_hex((*node)->address());
  if (o.byzantine) spdlog::warn("BYZANTINE TEST MODE: this validator double-proposes and double-votes");
  if (config.peg)
    spdlog::info("L1 at {}: this validator runs the two-way peg of bridge {}", o.l1_rpc,
                 crypto::to_checksum_hex(genesis->bridge->contract));
  else if (!o.l1_rpc.empty())
    spdlog::warn("--l1-rpc given but the genesis names no bridge: the peg is off");
  else if (genesis->bridge)
    spdlog::warn("the genesis names a bridge but there is no --l1-rpc: this validator votes against every mint");
  spdlog::info("sidechain validator {} at height {}: p2p {}:{}, rpc http://{}", addr, (*node)->height(), config.p2p_host,
               *p2p_port, rpc_url);
  if (o.json) {
    std::cout << nlohmann::json{{"address", addr}, {"rpc", rpc_url}, {"p2p", fmt::format("{}:{}", config.p2p_host, *p2p_port)},
                                {"height", (*node)->height()}}
                     .dump()
              << std::endl;
  }
  wait_for_stop_signal();
  spdlog::info("stopping");
  (*node)->stop();
  server.stop();
  return {};
}

Result<std::filesystem::path> self_binary() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return fail("cannot read /proc/self/exe: {}", ec.message());
  return self;
}

/// `devnet --l1-rpc`: deploys the bridge (federation: the validators, threshold > 2/3 unless
/// --threshold) and the checkpoints for a new devnet, funds the validators' L1 gas and names both
/// contracts in the genesis and in D/deployment.json. A devnet whose genesis has a bridge keeps it.
Result<void> attach_bridge(const SidechainOptions& o, DevnetPlan& plan) {
  if (plan.genesis.bridge) return {};
  std::string hex = o.private_key;
  if (hex.empty())
    if (const char* v = std::getenv("XWAY_PRIVATE_KEY")) hex = v;
  if (hex.empty()) return fail("--l1-rpc: give --private-key (or $XWAY_PRIVATE_KEY) to deploy the bridge");
  auto key = crypto::PrivateKey::from_hex(hex);
  if (!key) return fail_with("--private-key", key.error());
  auto client = eth::RpcClient::connect(o.l1_rpc);
  if (!client) return unexpected(eth::to_failure(o.l1_rpc, client.error()));
  std::vector<Address> validators;
  for (const auto& v : plan.genesis.validators) validators.push_back(v.address);
  const std::uint64_t threshold = o.threshold == 0 ? validators.size() * 2 / 3 + 1 : o.threshold;
  if (threshold > validators.size()) return fail("--threshold {}: at most the {} validators", threshold, validators.size());
  spdlog::info("deploying SidechainBridge ({} of {}) and SidechainCheckpoints (every {} blocks)", threshold,
               validators.size(), o.checkpoint_interval);
  auto bridge = BridgeContract::deploy(**client, *key, plan.genesis.chain_id, validators, threshold);
  if (!bridge) return unexpected(bridge.error());
  auto start = (*client)->block_number();
  if (!start) return unexpected(eth::to_failure("block number", start.error()));
  auto cp = CheckpointContract::deploy(**client, *key, plan.genesis.chain_id, o.checkpoint_interval, 1, validators);
  if (!cp) return unexpected(cp.error());
  auto wei = parse_u256(o.fund_validators);
  if (!wei) return fail("--fund-validators: expected wei, got \"{}\"", o.fund_validators);
  for (const auto& v : validators) {
    if (*wei == 0) break;
    eth::TxRequest tx;
    tx.to = v;
    tx.value = *wei;
    tx.label = "sidechain.devnet.fund";
    if (auto s = (*client)->send_transaction(*key, tx); !s)
      return unexpected(eth::to_failure("funding a validator's L1 gas", s.error()));
  }
  plan.genesis.bridge = GenesisBridge{*bridge, *cp, *start, o.confirmations};
  if (auto w = plan.genesis.write(plan.genesis_path.string()); !w) return w;
  eth::DeploymentFile file;
  file.chain_id = (*client)->chain_id().value_or(0);
  file.contracts["SidechainBridge"] = eth::DeploymentEntry{*bridge, *start};
  file.contracts["SidechainCheckpoints"] = eth::DeploymentEntry{*cp, *start};
  return file.write((plan.root / "deployment.json").string());
}

Result<void> run_devnet(const SidechainOptions& o) {
  block_stop_signals();
  std::vector<GenesisAlloc> alloc;
  for (const auto& f : o.fund) {
    const auto eq = f.find('=');
    auto a = crypto::parse_address(f.substr(0, eq));
    if (!a) return fail("--fund {}: {}", f, a.error().message);
    auto wei = parse_u256(eq == std::string::npos ? "1000000000000000000000" : f.substr(eq + 1));
    if (!wei) return fail("--fund {}: expected ADDRESS[=WEI]", f);
    alloc.push_back(GenesisAlloc{*a, *wei});
  }
  const std::string dir = o.data_dir.empty() ? "sidechain-devnet" : o.data_dir;
  auto plan = prepare_devnet(dir, o.validators, o.block_time_ms == 0 ? 1000 : o.block_time_ms, alloc);
  if (!plan) return unexpected(plan.error());
  if (!o.l1_rpc.empty())
    if (auto b = attach_bridge(o, *plan); !b) return b;
  auto bin = self_binary();
  if (!bin) return unexpected(bin.error());
  std::vector<std::string> extra;
  if (!o.l1_rpc.empty()) extra = {"--l1-rpc", o.l1_rpc};
  std::vector<ValidatorProcess> procs;
  nlohmann::json endpoints = nlohmann::json::array();
  for (std::size_t i = 0; i < plan->members.size(); ++i) {
    spdlog::info("starting validator {} of {}", i + 1, plan->members.size());
    auto p = spawn_validator(validator_argv(bin->string(), *plan, i, extra));
    if (!p) return unexpected(p.error());
    endpoints.push_back({{"address", crypto::to_checksum_hex(plan->genesis.validators[i].address)},
                         {"rpc", "http://" + p->rpc}, {"p2p", plan->members[i].p2p},
                         {"data_dir", plan->members[i].data_dir.string()}});
    procs.push_back(std::move(*p));
  }
  nlohmann::json bridge = nullptr;
  if (plan->genesis.bridge)
    bridge = {{"contract", crypto::to_checksum_hex(plan->genesis.bridge->contract)},
              {"checkpoints", plan->genesis.bridge->checkpoints ? crypto::to_checksum_hex(*plan->genesis.bridge->checkpoints) : ""},
              {"deployment", (plan->root / "deployment.json").string()}, {"peg", !o.l1_rpc.empty()}};
  if (o.json) {
    print_json({{"genesis", plan->genesis_path.string()}, {"chain_id", plan->genesis.chain_id}, {"validators", endpoints},
                {"bridge", bridge}});
  } else {
    std::cout << fmt::format("sidechain devnet: {} validators, chain id {}, genesis {}\n", procs.size(),
                             plan->genesis.chain_id, plan->genesis_path.string());
    for (const auto& e : endpoints)
      std::cout << fmt::format("  {}  rpc {}  p2p {}\n", e["address"].get<std::string>(), e["rpc"].get<std::string>(),
                               e["p2p"].get<std::string>());
    if (plan->genesis.bridge)
      std::cout << fmt::format("  bridge {} (deployment file {}){}\n", bridge["contract"].get<std::string>(),
                               bridge["deployment"].get<std::string>(), o.l1_rpc.empty() ? ", peg off: no --l1-rpc" : "");
    std::cout << "Ctrl-C stops them." << std::endl;
  }
  wait_for_stop_signal();
  spdlog::info("stopping {} validators", procs.size());
  for (auto& p : procs) p.child->kill();
  return {};
}

Result<void> run_status(const SidechainOptions& o) {
  auto s = validator_call(o.rpc, "sidechain_status");
  if (!s) return unexpected(s.error());
  if (auto peg = validator_call(o.rpc, "sidechain_bridgeStatus"); peg && peg->is_object()) (*s)["peg"] = *peg;
  if (o.json) {
    print_json(*s);
    return {};
  }
  const auto& j = *s;
  std::cout << fmt::format("validator {}  chain {}  height {}  head {}\n", j["address"].get<std::string>(),
                           j["chain_id"].get<std::uint64_t>(), j["height"].get<std::uint64_t>(), j["head"].get<std::string>());
  std::cout << fmt::format("round {} step {}  peers {}  mempool {}  evidence {}\n", j["round"].get<std::uint64_t>(),
                           j["step"].get<std::string>(), j["peers"].get<std::size_t>(), j["mempool"].get<std::size_t>(),
                           j["evidence"].get<std::size_t>());
  std::cout << fmt::format("last commit: height {} round {}, {} signers, {} txs\n", j["last_commit"]["height"].get<std::uint64_t>(),
                           j["last_commit"]["round"].get<std::uint64_t>(), j["last_commit"]["signers"].size(),
                           j["last_commit"]["txs"].get<std::size_t>());
  if (j.contains("peg") && j["peg"].value("enabled", false)) {
    const auto& p = j["peg"];
    std::cout << fmt::format("peg: bridge {}  L1 {}  next mint {}  burns pending {} released {}  releases sent {}{}\n",
                             p.value("bridge", ""), p.value("l1_ready", false) ? "reachable" : "unreachable",
                             p.value("next_mint_id", 0ULL), p.value("pending_burns", 0ULL), p.value("released_burns", 0ULL),
                             p.value("releases_submitted", 0ULL),
                             p.value("last_error", "").empty() ? "" : "  last error: " + p.value("last_error", ""));
  }
  return {};
}

}  // namespace

void add_sidechain_commands(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<SidechainOptions>();
  auto* sc = sidechain_group(app);
  sc->require_subcommand(1);
  auto* v = sc->add_subcommand("validator", "run one validator (Tendermint consensus, block sync, JSON-RPC)");
  v->add_option("--data-dir", o->data_dir, "RocksDB directory of the validator's state (WAL, blocks, ledger)");
  v->add_option("--key", o->key, "the validator's private key (hex, or a file holding it)");
  v->add_option("--genesis", o->genesis, "the genesis file (validator set, chain id, allocations)");
  v->add_option("--peers", o->peers, "ADDRESS@HOST:PORT of other validators (default: the genesis endpoints)")->delimiter(',');
  v->add_option("--l1-rpc", o->l1_rpc, "the L1's JSON-RPC URL: run the two-way peg of the genesis bridge");
  v->add_option("--l1-key", o->l1_key, "key paying the L1 gas of releases and checkpoints (hex or file; default --key)");
  v->add_option("--bridge-key", o->bridge_key, "federation key signing releases (hex or file; default --key)");
  v->add_option("--rpc", o->rpc, "HOST:PORT to serve JSON-RPC on (port 0: a free one, printed)")->capture_default_str();
  v->add_option("--p2p", o->p2p, "HOST:PORT to listen on for validators (default: the genesis entry)");
  v->add_option("--block-time", o->block_time_ms, "milliseconds between a commit and the next height (default: genesis, 1000)");
  v->add_flag("--byzantine", o->byzantine, "TEST MODE: double-propose and double-vote (off by default)");
  v->add_flag("--json", o->json, "print the endpoints as one JSON line once serving");
  d.on(v, [o] { return run_validator(*o); });
  auto* dn = sc->add_subcommand("devnet", "start N validators on loopback and stop them on Ctrl-C");
  dn->add_option("--validators", o->validators, "how many validators")->capture_default_str();
  dn->add_option("--data-dir", o->data_dir, "directory of the devnet (default: ./sidechain-devnet; reused when it exists)");
  dn->add_option("--block-time", o->block_time_ms, "milliseconds between blocks (default 1000)");
  dn->add_option("--fund", o->fund, "ADDRESS[=WEI] to fund at genesis (default 1000 ether)")->delimiter(',');
  dn->add_option("--l1-rpc", o->l1_rpc, "run the two-way peg on this L1 (deploys the bridge for a new devnet)");
  dn->add_option("--private-key", o->private_key, "with --l1-rpc: the deployer's key, funds the validators (default: $XWAY_PRIVATE_KEY)");
  dn->add_option("--threshold", o->threshold, "with --l1-rpc: federation signatures a release needs (default: > 2/3)");
  dn->add_option("--checkpoint-interval", o->checkpoint_interval, "with --l1-rpc: blocks per checkpoint")->capture_default_str();
  dn->add_option("--confirmations", o->confirmations, "with --l1-rpc: L1 confirmations before a mint")->capture_default_str();
  dn->add_option("--fund-validators", o->fund_validators, "with --l1-rpc: wei each validator gets for L1 gas")->capture_default_str();
  dn->add_flag("--json", o->json, "print the endpoints as JSON");
  d.on(dn, [o] { return run_devnet(*o); });
  auto* st = sc->add_subcommand("status", "a validator's height, round, peers, last commit and evidence");
  st->add_option("--rpc", o->rpc, "the validator's HOST:PORT")->capture_default_str();
  st->add_flag("--json", o->json, "print JSON");
  d.on(st, [o] { return run_status(*o); });
}

}  // namespace xway::cli
