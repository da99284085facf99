// `xway channels ...`: the payment channel family from the command line: deploy the channel
// contracts, run a channel node, and the client commands that talk to a node's JSON-RPC API.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "channels/node.hpp"
#include "channels/watchtower_feeder.hpp"
#include "channels/node_api.hpp"
#include "cli/command.hpp"
#include "core/hex.hpp"
#include "core/log.hpp"
#include "eth/deploy.hpp"
#include "eth/rpc_client.hpp"
#include "net/rpc_client.hpp"
#include "net/rpc_server.hpp"
#include "store/rocks_db.hpp"

namespace xway::cli {
namespace {

using namespace xway::channels;

struct ChannelsOptions {
  std::string l1_rpc;
  std::string deployment = "deployment.json";
  std::string token_network;
  std::string secret_registry;
  std::string token;
  std::string private_key;
  std::string data_dir;
  std::string listen = "127.0.0.1:0";
  std::string rpc = "127.0.0.1:8646";
  std::string node = "127.0.0.1:8646";
  std::string watchtower;  ///< HOST:PORT of a tower to hand every new partner proof to
  std::uint64_t settle_timeout = kDefaultSettleTimeout;
  std::uint64_t settle_timeout_min = kSettleTimeoutMin;
  std::uint64_t reveal_timeout = kDefaultRevealTimeout;
  std::uint64_t poll_ms = 500;
  std::uint64_t count = 1;
  std::uint64_t timeout_ms = 30'000;
  std::string fee_base = "0";
  std::uint32_t fee_ppm = 0;
  bool no_announce = false;
  std::string peer;
  std::string partner;
  std::string amount;
  std::string to;
  std::string invoice;
  bool force = false;
  bool json = false;
};

Result<std::pair<std::string, std::uint16_t>> host_port(std::string text, bool listen = false) {
  if (text.rfind("http://", 0) == 0) text = text.substr(7);
  while (!text.empty() && text.back() == '/') text.pop_back();
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return fail("{}: expected HOST:PORT", text);
  const std::string port = text.substr(colon + 1);
  char* end = nullptr;
  const unsigned long p = std::strtoul(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || (p == 0 && !listen) || p > 65535) return fail("{}: bad port", text);
  return std::pair{text.substr(0, colon), static_cast<std::uint16_t>(p)};
}

Result<ChannelContracts> contracts_of(const ChannelsOptions& o, std::uint64_t* start_block) {
  ChannelContracts c;
  if (!o.token_network.empty()) {
    auto tn = crypto::parse_address(o.token_network);
    if (!tn) return fail("--token-network: {}", tn.error().message);
    c.token_network = *tn;
    if (!o.secret_registry.empty()) {
      auto sr = crypto::parse_address(o.secret_registry);
      if (!sr) return fail("--secret-registry: {}", sr.error().message);
      c.secret_registry = *sr;
    }
  } else {
    auto file = eth::DeploymentFile::read(o.deployment);
    if (!file) return fail("no --token-network, and {}: {}", o.deployment, file.error().message);
    const auto* tn = file->find("TokenNetwork");
    const auto* sr = file->find("SecretRegistry");
    if (tn == nullptr || sr == nullptr) return fail("{} has no TokenNetwork (run `xway channels deploy`)", o.deployment);
    c.token_network = tn->address;
    c.secret_registry = sr->address;
    if (start_block) *start_block = sr->block;
    if (const auto* t = file->find("TokenNetworkToken")) c.token = t->address;
  }
  if (!o.token.empty()) {
    auto t = crypto::parse_address(o.token);
    if (!t) return fail("--token: {}", t.error().message);
    c.token = *t;
  }
  return c;
}

Result<crypto::PrivateKey> key_of(const std::string& flag) {
  std::string hex = flag;
  if (hex.empty()) {
    if (const char* env = std::getenv("XWAY_PRIVATE_KEY")) hex = env;
  }
  if (hex.empty()) return fail("--private-key (or XWAY_PRIVATE_KEY) is required");
  auto key = crypto::PrivateKey::from_hex(hex);
  if (!key) return fail_with("--private-key", key.error());
  return *key;
}

Result<U256> amount_of(const std::string& text, const char* what) {
  auto v = parse_u256(text);
  if (!v || *v == 0) return fail("{}: expected a positive amount in base units (wei), got \"{}\"", what, text);
  return *v;
}

Result<void> run_deploy(const ChannelsOptions& o) {
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required");
  auto key = key_of(o.private_key);
  if (!key) return unexpected(key.error());
  auto client = eth::RpcClient::connect(o.l1_rpc);
  if (!client) return unexpected(eth::to_failure(o.l1_rpc, client.error()));
  std::optional<Address> token;
  if (!o.token.empty()) {
    auto t = crypto::parse_address(o.token);
    if (!t) return fail("--token: {}", t.error().message);
    token = *t;
  }
  auto block = (*client)->block_number();
  if (!block) return unexpected(eth::to_failure(o.l1_rpc, block.error()));
  spdlog::info("deploying SecretRegistry and TokenNetwork ({})", token ? crypto::to_checksum_hex(*token) : "ether");
  auto c = deploy_channel_contracts(**client, *key, token, o.settle_timeout_min, kSettleTimeoutMax);
  if (!c) return unexpected(eth::to_failure("deploying the channel contracts", c.error()));
  auto file = eth::DeploymentFile::read(o.deployment);
  eth::DeploymentFile out = file ? *file : eth::DeploymentFile{};
  auto chain_id = (*client)->chain_id();
  if (!chain_id) return unexpected(eth::to_failure(o.l1_rpc, chain_id.error()));
  out.chain_id = *chain_id;
  out.contracts["SecretRegistry"] = eth::DeploymentEntry{c->secret_registry, *block};
  out.contracts["TokenNetwork"] = eth::DeploymentEntry{c->token_network, *block};
  if (token) out.contracts["TokenNetworkToken"] = eth::DeploymentEntry{*token, *block};
  else out.contracts.erase("TokenNetworkToken");
  if (auto w = out.write(o.deployment); !w) return w;
  if (o.json) {
    print_json({{"token_network", crypto::to_checksum_hex(c->token_network)},
                {"secret_registry", crypto::to_checksum_hex(c->secret_registry)},
                {"token", token ? nlohmann::json(crypto::to_checksum_hex(*token)) : nlohmann::json(nullptr)},
                {"start_block", *block},
                {"file", o.deployment}});
  } else {
    std::cout << fmt::format("TokenNetwork {} SecretRegistry {}, written to {}\n", crypto::to_checksum_hex(c->token_network),
                             crypto::to_checksum_hex(c->secret_registry), o.deployment);
  }
  return {};
}

void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

Result<void> run_node(const ChannelsOptions& o) {
  if (o.data_dir.empty()) return fail("--data-dir is required");
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required");
  block_stop_signals();
  std::uint64_t start_block = 0;
  auto contracts = contracts_of(o, &start_block);
  if (!contracts) return unexpected(contracts.error());
  auto listen = host_port(o.listen, true);
  if (!listen) return fail("--listen: {}", listen.error().message);
  auto rpc_at = host_port(o.rpc, true);
  if (!rpc_at) return fail("--rpc: {}", rpc_at.error().message);
  auto client = eth::RpcClient::connect(o.l1_rpc);
  if (!client) return unexpected(eth::to_failure(o.l1_rpc, client.error()));
  auto db = store::RocksDb::open(o.data_dir);
  if (!db) return fail("{}: {}", o.data_dir, store::describe(db.error()));
  // The key: --private-key, else the one in the data dir, else a new one saved there.
  auto store = NodeStore::open(**db);
  if (!store) return unexpected(store.error());
  auto saved = store->identity();
  if (!saved) return unexpected(saved.error());
  crypto::PrivateKey key = crypto::PrivateKey::generate();
  if (!o.private_key.empty() || std::getenv("XWAY_PRIVATE_KEY")) {
    auto k = key_of(o.private_key);
    if (!k) return unexpected(k.error());
    key = *k;
    if (*saved && !(crypto::address_of(**saved) == crypto::address_of(key))) {
      return fail("{} belongs to {}, not to the --private-key given", o.data_dir, crypto::to_checksum_hex(crypto::address_of(**saved)));
    }
  } else if (*saved) {
    key = **saved;
  }
  if (!*saved) {
    if (auto r = store->save_identity(key); !r) return r;
  }
  NodeConfig cfg;
  cfg.contracts = *contracts;
  cfg.start_block = start_block;
  cfg.listen_host = listen->first;
  cfg.listen_port = listen->second;
  cfg.settle_timeout = o.settle_timeout;
  cfg.reveal_timeout = o.reveal_timeout;
  cfg.poll_interval = std::chrono::milliseconds(o.poll_ms);
  auto fee_base = parse_u256(o.fee_base);
  auto fee_base_r = fee_base ? to_route_amount(*fee_base) : std::nullopt;
  if (!fee_base_r) return fail("--fee-base: expected an amount in base units below 2^128, got \"{}\"", o.fee_base);
  if (o.fee_ppm > kMillion) return fail("--fee-ppm: expected 0 to 1,000,000, got {}", o.fee_ppm);
  cfg.fee_base = *fee_base_r;
  cfg.fee_ppm = o.fee_ppm;
  cfg.announce = !o.no_announce;
  std::unique_ptr<WatchtowerFeeder> tower;  // outlives the node, whose threads call the hook
  if (!o.watchtower.empty()) {
    auto at = host_port(o.watchtower);
    if (!at) return fail("--watchtower: {}", at.error().message);
    tower = std::make_unique<WatchtowerFeeder>(at->first, at->second, key);
  }
  auto node = ChannelNode::open(cfg, **client, **db, key);
  if (!node) return unexpected(node.error());
  if (tower) (*node)->set_partner_proof_hook([t = tower.get()](const ChannelState& s) { t->offer(s); });
  auto p2p = (*node)->start();
  if (!p2p) return unexpected(p2p.error());
  net::RpcDispatcher rpc;
  register_node_api(**node, rpc);
  net::RpcServerConfig sc{rpc_at->first, rpc_at->second};
  sc.read_timeout = std::chrono::minutes(10);
  net::RpcServer server(rpc, sc);
  auto port = server.start();
  if (!port) return unexpected(port.error());
  const std::string addr = crypto::to_checksum_hex((*node)->address());
  spdlog::info("channel node {} serving JSON-RPC on {}:{}, p2p on {}:{}", addr, rpc_at->first, *port, listen->first, *p2p);
  const nlohmann::json ready{{"address", addr},
                             {"rpc", fmt::format("http://{}:{}", rpc_at->first, *port)},
                             {"p2p", fmt::format("{}:{}", listen->first, *p2p)},
                             {"peer", fmt::format("{}@{}:{}", addr, listen->first, *p2p)}};
  if (o.json) print_json(ready);
  else std::cout << ready.dump() << std::endl;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("stopping on signal {}", sig);
  server.stop();
  (*node)->stop();
  return {};
}

/// Calls the node's API; a refusal becomes one line naming the method and the node's reason.
Result<nlohmann::json> node_call(const ChannelsOptions& o, std::string_view method, nlohmann::json params) {
  auto hp = host_port(o.node);
  if (!hp) return fail("--node: {}", hp.error().message);
  net::RpcClient rpc(hp->first, hp->second, std::chrono::milliseconds(std::max<std::uint64_t>(o.timeout_ms + 60'000, 120'000)));
  auto r = rpc.call(method, std::move(params));
  if (!r) {
    return fail("{} {}: {}", o.node, method,
                r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  }
  return *r;
}

/// Prints a reply: JSON with --json, else `text`.
Result<void> show(const ChannelsOptions& o, const Result<nlohmann::json>& r, const std::function<std::string(const nlohmann::json&)>& text) {
  if (!r) return unexpected(r.error());
  if (o.json) print_json(*r);
  else std::cout << text(*r) << "\n";
  return {};
}

Result<void> run_open(const ChannelsOptions& o) {
  nlohmann::json p = nlohmann::json::object();
  if (o.peer.find('@') != std::string::npos) p["peer"] = o.peer;
  else p["partner"] = o.peer;
  auto amount = amount_of(o.amount, "AMOUNT");
  if (!amount) return unexpected(amount.error());
  p["amount"] = to_dec(*amount);
  spdlog::info("opening a channel (waits for the L1 transactions)");
  return show(o, node_call(o, "channels_open", p), [](const nlohmann::json& j) {
    return fmt::format("channel {} with {} opened, deposit {}", j["channel_id"].get<std::uint64_t>(),
                       j["partner"].get<std::string>(), j["deposit"].get<std::string>());
  });
}

Result<void> run_deposit(const ChannelsOptions& o) {
  auto amount = amount_of(o.amount, "AMOUNT");
  if (!amount) return unexpected(amount.error());
  return show(o, node_call(o, "channels_deposit", {{"partner", o.partner}, {"amount", to_dec(*amount)}}),
              [](const nlohmann::json& j) { return "total deposit " + j["total_deposit"].get<std::string>(); });
}

Result<void> run_pay(const ChannelsOptions& o) {
  if (!o.invoice.empty()) {
    spdlog::info("paying the invoice (waits up to {} ms)", o.timeout_ms);
    auto r = node_call(o, "channels_payInvoice", {{"invoice", o.invoice}, {"timeout_ms", o.timeout_ms}});
    if (r && (*r)["status"] != "succeeded") {
      if (o.json) print_json(*r);
      return fail("payment {}: {}", (*r)["status"].get<std::string>(), (*r)["error"].get<std::string>());
    }
    return show(o, r, [](const nlohmann::json& j) {
      return fmt::format("paid {} in {} part(s)", j["amount"].get<std::string>(), j["parts"].get<std::uint32_t>());
    });
  }
  if (o.to.empty()) return fail("pay: give --to NODE or --invoice INVOICE");
  auto amount = amount_of(o.amount, "AMOUNT");
  if (!amount) return unexpected(amount.error());
  if (o.count > 1) spdlog::info("sending {} payments", o.count);
  spdlog::info("paying {} (a partner directly; any other node over routes, waiting up to {} ms)", o.to, o.timeout_ms);
  auto r = node_call(o, "channels_pay",
                     {{"to", o.to}, {"amount", to_dec(*amount)}, {"count", o.count}, {"timeout_ms", o.timeout_ms}});
  if (r && r->contains("status") && (*r)["status"] != "succeeded") {
    if (o.json) print_json(*r);
    return fail("payment {}: {}", (*r)["status"].get<std::string>(), (*r)["error"].get<std::string>());
  }
  return show(o, r, [](const nlohmann::json& j) {
    if (j.contains("status")) {
      return fmt::format("paid {} over routes in {} part(s), {} in fees", j["amount"].get<std::string>(),
                         j["parts"].get<std::uint32_t>(), j["fees"].get<std::string>());
    }
    return fmt::format("sent {} payment(s), {} in all ({:.0f}/s)", j["sent"].get<std::uint64_t>(),
                       j["total"].get<std::string>(), j["payments_per_second"].get<double>());
  });
}

Result<void> run_invoice(const ChannelsOptions& o) {
  auto amount = amount_of(o.amount, "AMOUNT");
  if (!amount) return unexpected(amount.error());
  return show(o, node_call(o, "channels_invoice", {{"amount", to_dec(*amount)}}),
              [](const nlohmann::json& j) { return j["invoice"].get<std::string>(); });
}

Result<void> run_list(const ChannelsOptions& o) {
  return show(o, node_call(o, "channels_list", nlohmann::json::object()), [](const nlohmann::json& j) {
    std::string out = fmt::format("{:>4} {:<42} {:<8} {:>24} {:>24}", "id", "partner", "status", "ours", "theirs");
    for (const auto& c : j) {
      out += fmt::format("\n{:>4} {:<42} {:<8} {:>24} {:>24}", c["channel_id"].get<std::uint64_t>(),
                         c["partner"].get<std::string>(), c["status"].get<std::string>(),
                         c["our_balance"].get<std::string>(), c["partner_balance"].get<std::string>());
    }
    return out;
  });
}

Result<void> run_close(const ChannelsOptions& o) {
  return show(o, node_call(o, "channels_close", {{"partner", o.partner}, {"force", o.force}}),
              [](const nlohmann::json& j) { return "closed (" + j["close"].get<std::string>() + ")"; });
}

Result<void> run_settle(const ChannelsOptions& o) {
  return show(o, node_call(o, "channels_settle", {{"partner", o.partner}}), [](const nlohmann::json&) { return "settled"; });
}

Result<void> run_withdraw(const ChannelsOptions& o) {
  auto amount = amount_of(o.amount, "AMOUNT");
  if (!amount) return unexpected(amount.error());
  return show(o, node_call(o, "channels_withdraw", {{"partner", o.partner}, {"amount", to_dec(*amount)}}),
              [](const nlohmann::json& j) { return "total withdrawn " + j["total_withdraw"].get<std::string>(); });
}

Result<void> run_set_fees(const ChannelsOptions& o) {
  auto base = parse_u256(o.fee_base);
  if (!base) return fail("--fee-base: expected an amount in base units, got \"{}\"", o.fee_base);
  return show(o, node_call(o, "channels_setFees", {{"fee_base", to_dec(*base)}, {"fee_ppm", o.fee_ppm}}),
              [](const nlohmann::json& j) {
                return fmt::format("fees now {} + {} ppm, announced", j["fee_base"].get<std::string>(),
                                   j["fee_ppm"].get<std::uint32_t>());
              });
}

Result<void> run_gossip(const ChannelsOptions& o) {
  return show(o, node_call(o, "channels_gossip", nlohmann::json::object()), [](const nlohmann::json& j) {
    std::string out = fmt::format("our fees {} + {} ppm; graph {} nodes, {} channels; updates applied {}, duplicate {}, stale {}",
                                  j["fee_base"].get<std::string>(), j["fee_ppm"].get<std::uint32_t>(),
                                  j["graph_nodes"].get<std::size_t>(), j["graph_channels"].get<std::size_t>(),
                                  j["applied"].get<std::uint64_t>(), j["duplicate"].get<std::uint64_t>(),
                                  j["stale"].get<std::uint64_t>());
    out += fmt::format("\n{:>8} {:<42} {:>14} {:>10} {:>24}", "channel", "node", "fee base", "fee ppm", "htlc max");
    for (const auto& u : j["updates"]) {
      out += fmt::format("\n{:>8} {:<42} {:>14} {:>10} {:>24}", u["channel_id"].get<std::uint64_t>(),
                         u["node"].get<std::string>(), u["fee_base"].get<std::string>(), u["fee_ppm"].get<std::uint32_t>(),
                         u["htlc_maximum"].get<std::string>());
    }
    return out;
  });
}

Result<void> run_info(const ChannelsOptions& o) {
  return show(o, node_call(o, "channels_info", nlohmann::json::object()), [](const nlohmann::json& j) { return j.dump(2); });
}

}  // namespace

void add_channels_commands(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<ChannelsOptions>();
  auto* ch = app.add_subcommand("channels", "payment channels: deploy, run a node, and talk to it");
  ch->require_subcommand(1);
  const auto contracts = [&](CLI::App* c) {
    c->add_option("--l1-rpc", o->l1_rpc, "the L1's JSON-RPC URL");
    c->add_option("--deployment", o->deployment, "deployment file")->capture_default_str();
    c->add_option("--private-key", o->private_key, "the key to act with (default: $XWAY_PRIVATE_KEY)");
    c->add_flag("--json", o->json, "print JSON");
  };
  const auto client = [&](CLI::App* c) {
    c->add_option("--node", o->node, "the node's JSON-RPC HOST:PORT")->capture_default_str();
    c->add_flag("--json", o->json, "print JSON");
  };
  auto* dep = ch->add_subcommand("deploy", "deploy SecretRegistry and a TokenNetwork; record them in the deployment file");
  contracts(dep);
  dep->add_option("--token", o->token, "ERC-20 the network carries (default: ether)");
  dep->add_option("--settle-timeout-min", o->settle_timeout_min, "shortest settle timeout a channel may take (s)")
      ->capture_default_str();
  d.on(dep, [o] { return run_deploy(*o); });

  auto* node = ch->add_subcommand("node", "run a channel node (key, RocksDB, p2p, L1 follower, JSON-RPC API)");
  contracts(node);
  node->add_option("--data-dir", o->data_dir, "RocksDB directory of the node's state");
  node->add_option("--listen", o->listen, "p2p HOST:PORT (port 0: a free one, printed)")->capture_default_str();
  node->add_option("--rpc", o->rpc, "JSON-RPC HOST:PORT (port 0: a free one, printed)")->capture_default_str();
  node->add_option("--token-network", o->token_network, "TokenNetwork address (default: from --deployment)");
  node->add_option("--secret-registry", o->secret_registry, "SecretRegistry address (with --token-network)");
  node->add_option("--token", o->token, "the network's ERC-20 (default: ether, or from --deployment)");
  node->add_option("--settle-timeout", o->settle_timeout, "settle timeout of channels this node opens (s)")->capture_default_str();
  node->add_option("--reveal-timeout", o->reveal_timeout, "time a hop keeps to claim a lock on L1 (s)")->capture_default_str();
  node->add_option("--poll-ms", o->poll_ms, "L1 follower period")->capture_default_str();
  node->add_option("--watchtower", o->watchtower, "HOST:PORT of a watchtower to hand every new partner proof to");
  node->add_option("--fee-base", o->fee_base, "flat fee per forwarded transfer (base units)")->capture_default_str();
  node->add_option("--fee-ppm", o->fee_ppm, "proportional forwarding fee, in millionths")->capture_default_str();
  node->add_flag("--no-announce", o->no_announce, "gossip no channel updates for our channels (a private node)");
  d.on(node, [o] { return run_node(*o); });

  auto* info = ch->add_subcommand("info", "the node's address, ports and counters");
  client(info);
  d.on(info, [o] { return run_info(*o); });
  auto* open = ch->add_subcommand("open", "open a channel with PEER (ADDRESS or ADDRESS@HOST:PORT) and deposit AMOUNT");
  client(open);
  open->add_option("PEER", o->peer, "the partner")->required();
  open->add_option("AMOUNT", o->amount, "deposit in base units (wei)")->required();
  d.on(open, [o] { return run_open(*o); });
  auto* dp = ch->add_subcommand("deposit", "raise our deposit in the channel with PARTNER by AMOUNT");
  client(dp);
  dp->add_option("PARTNER", o->partner, "the partner's address")->required();
  dp->add_option("AMOUNT", o->amount, "base units (wei)")->required();
  d.on(dp, [o] { return run_deposit(*o); });
  auto* pay = ch->add_subcommand("pay", "pay AMOUNT --to NODE (a partner directly, any other node over routes), or --invoice");
  client(pay);
  pay->add_option("AMOUNT", o->amount, "base units (wei)");
  pay->add_option("--to", o->to, "the node to pay: a partner directly, any node of the graph routed (keysend)");
  pay->add_option("--count", o->count, "send this many payments of AMOUNT")->capture_default_str();
  pay->add_option("--invoice", o->invoice, "an invoice (xwi1...) to pay over routes");
  pay->add_option("--timeout-ms", o->timeout_ms, "how long to wait for a routed payment")->capture_default_str();
  d.on(pay, [o] { return run_pay(*o); });
  auto* fees = ch->add_subcommand("set-fees", "set this node's forwarding fees and gossip them to its peers");
  client(fees);
  fees->add_option("--fee-base", o->fee_base, "flat fee per forwarded transfer (base units)")->capture_default_str();
  fees->add_option("--fee-ppm", o->fee_ppm, "proportional fee, in millionths")->capture_default_str();
  d.on(fees, [o] { return run_set_fees(*o); });
  auto* gossip = ch->add_subcommand("gossip", "the channel updates the node holds, its fees and gossip counters");
  client(gossip);
  d.on(gossip, [o] { return run_gossip(*o); });
  auto* inv = ch->add_subcommand("invoice", "create an invoice for AMOUNT paid to this node");
  client(inv);
  inv->add_option("AMOUNT", o->amount, "base units (wei)")->required();
  d.on(inv, [o] { return run_invoice(*o); });
  auto* list = ch->add_subcommand("channels", "list the node's channels and balances");
  client(list);
  d.on(list, [o] { return run_list(*o); });
  auto* cl = ch->add_subcommand("close", "close the channel with PARTNER: cooperative if it answers, else on L1");
  client(cl);
  cl->add_option("PARTNER", o->partner, "the partner's address")->required();
  cl->add_flag("--force", o->force, "close unilaterally on L1 at once");
  d.on(cl, [o] { return run_close(*o); });
  auto* st = ch->add_subcommand("settle", "settle the closed channel with PARTNER after its settle timeout");
  client(st);
  st->add_option("PARTNER", o->partner, "the partner's address")->required();
  d.on(st, [o] { return run_settle(*o); });
  auto* wd = ch->add_subcommand("withdraw", "withdraw AMOUNT from the open channel with PARTNER (both sign)");
  client(wd);
  wd->add_option("PARTNER", o->partner, "the partner's address")->required();
  wd->add_option("AMOUNT", o->amount, "base units (wei)")->required();
  d.on(wd, [o] { return run_withdraw(*o); });
}

}  // namespace xway::cli
