// `xway plasma ...`: the Plasma family from the command line: deploy the root chain, run the
// operator and the watcher, and the wallet's deposit, send, balance, exit, challenge,
// process-exits and status.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/hex.hpp"
#include "core/log.hpp"
#include "eth/deploy.hpp"
#include "eth/rpc_client.hpp"
#include "net/rpc_client.hpp"
#include "net/rpc_server.hpp"
#include "plasma/block_source.hpp"
#include "plasma/operator_client.hpp"
#include "plasma/operator.hpp"
#include "plasma/wallet.hpp"
#include "plasma/watcher.hpp"
#include "store/rocks_db.hpp"

namespace xway::cli {
namespace {

using namespace xway::plasma;

struct PlasmaOptions {
  std::string l1_rpc;
  std::string contract;
  std::string deployment = "deployment.json";
  std::string private_key;
  std::string operator_url;
  std::string data_dir;
  std::string rpc = "127.0.0.1:8645";
  std::vector<std::string> keys;
  std::string to;
  std::string address;
  std::string amount;
  std::string token;
  std::uint64_t position = 0;
  std::uint64_t spending_blknum = 0;
  std::uint64_t spending_txindex = 0;
  std::uint64_t max = 100;
  std::uint64_t interval_ms = 1000;
  std::uint64_t exit_period_s = static_cast<std::uint64_t>(kDefaultExitPeriod.count());
  std::string exit_bond = "100000000000000000";
  bool once = false;
  bool json = false;
};

/// The L1 client and the contract a command works on.
struct Session {
  std::unique_ptr<eth::RpcClient> client;
  std::unique_ptr<RootChain> chain;
};

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

Result<Address> contract_of(const PlasmaOptions& o) {
  if (!o.contract.empty()) return crypto::parse_address(o.contract);
  auto file = eth::DeploymentFile::read(o.deployment);
  if (!file) return fail("no --contract, and {}: {}", o.deployment, file.error().message);
  const auto* entry = file->find("PlasmaFramework");
  if (entry == nullptr) return fail("{} has no PlasmaFramework (run `xway plasma deploy`)", o.deployment);
  return entry->address;
}

Result<Session> connect(const PlasmaOptions& o) {
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required");
  auto client = eth::RpcClient::connect(o.l1_rpc);
  if (!client) return unexpected(eth::to_failure(o.l1_rpc, client.error()));
  auto contract = contract_of(o);
  if (!contract) return unexpected(contract.error());
  Session s;
  s.client = std::move(*client);
  s.chain = std::make_unique<RootChain>(*s.client, *contract);
  return s;
}

/// HOST:PORT (or http://HOST:PORT/); port 0 only where `listen` (the server picks a free one).
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

Result<U256> amount_of(const std::string& text) {
  auto v = parse_u256(text);
  if (!v || *v == 0) return fail("--amount: expected a positive number of wei, got \"{}\"", text);
  return *v;
}

Result<Address> token_of(const std::string& text) {
  if (text.empty()) return Address{};
  return crypto::parse_address(text);
}

Result<net::Json> operator_call(const std::string& url, std::string_view method, net::Json params) {
  auto hp = host_port(url);
  if (!hp) return unexpected(hp.error());
  net::RpcClient rpc(hp->first, hp->second);
  auto r = rpc.call(method, std::move(params));
  if (!r) return fail("{} {}: {}", url, method, r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  return *r;
}

Result<std::vector<Utxo>> operator_utxos(const std::string& url, const Address& owner) {
  auto hp = host_port(url);
  if (!hp) return unexpected(hp.error());
  return OperatorClient(hp->first, hp->second).utxos_of(owner);
}

Result<Block> operator_block(const std::string& url, std::uint64_t blknum) {
  auto hp = host_port(url);
  if (!hp) return unexpected(hp.error());
  RpcBlockSource source(hp->first, hp->second);
  auto bytes = source.fetch(blknum);
  if (!bytes) return unexpected(bytes.error());
  if (!*bytes) return fail("the operator does not serve block {}", blknum);
  auto b = Block::decode(**bytes);
  if (!b) return fail("block {} from the operator: {}", blknum, describe(b.error()));
  return *b;
}

void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

/// A thread that waits for SIGINT or SIGTERM and raises `stop`.
std::thread stop_watcher(std::atomic<bool>& stop) {
  return std::thread([&stop] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig = 0;
    sigwait(&set, &sig);
    stop = true;
  });
}

void sleep_unless_stopped(const std::atomic<bool>& stop, std::uint64_t ms) {
  for (std::uint64_t waited = 0; waited < ms && !stop; waited += 50) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Result<void> run_deploy(const PlasmaOptions& o) {
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required");
  auto key = key_of(o.private_key);
  if (!key) return unexpected(key.error());
  auto client = eth::RpcClient::connect(o.l1_rpc);
  if (!client) return unexpected(eth::to_failure(o.l1_rpc, client.error()));
  auto bond = parse_u256(o.exit_bond);
  if (!bond) return fail("--exit-bond: not a number of wei");
  auto addr = RootChain::deploy(**client, *key, std::chrono::seconds(o.exit_period_s), *bond);
  if (!addr) return unexpected(addr.error());
  auto file = eth::DeploymentFile::read(o.deployment);
  eth::DeploymentFile out = file ? *file : eth::DeploymentFile{};
  auto chain_id = (*client)->chain_id();
  if (!chain_id) return unexpected(eth::to_failure(o.l1_rpc, chain_id.error()));
  out.chain_id = *chain_id;
  auto block = (*client)->block_number();
  out.contracts["PlasmaFramework"] = eth::DeploymentEntry{*addr, block.value_or(0)};
  if (auto w = out.write(o.deployment); !w) return w;
  if (o.json) {
    print_json({{"contract", crypto::to_checksum_hex(*addr)}, {"file", o.deployment}, {"exit_period_s", o.exit_period_s}});
  } else {
    std::cout << fmt::format("PlasmaFramework {} (exit period {} s), written to {}\n", crypto::to_checksum_hex(*addr),
                             o.exit_period_s, o.deployment);
  }
  return {};
}

Result<void> run_operator(const PlasmaOptions& o) {
  if (o.data_dir.empty()) return fail("--data-dir is required");
  block_stop_signals();
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto key = key_of(o.private_key);
  if (!key) return unexpected(key.error());
  auto db = store::RocksDb::open(o.data_dir);
  if (!db) return fail("{}: {}", o.data_dir, store::describe(db.error()));
  auto op = Operator::open(*s->chain, **db, *key);
  if (!op) return unexpected(op.error());
  auto hp = host_port(o.rpc, /*listen=*/true);
  if (!hp) return unexpected(hp.error());
  net::RpcDispatcher rpc;
  (*op)->register_rpc(rpc);
  net::RpcServer server(rpc, net::RpcServerConfig{hp->first, hp->second});
  auto port = server.start();
  if (!port) return unexpected(port.error());
  spdlog::info("plasma operator serving on {}:{}, contract {}", hp->first, *port, crypto::to_checksum_hex(s->chain->address()));
  if (o.json) print_json({{"rpc", fmt::format("http://{}:{}", hp->first, *port)}, {"contract", crypto::to_checksum_hex(s->chain->address())}});
  std::atomic<bool> stop{false};
  std::thread signals = stop_watcher(stop);
  while (!stop) {
    if (auto d = (*op)->sync_deposits(); !d) spdlog::warn("deposits: {}", d.error().message);
    auto sealed = (*op)->seal_block();
    if (!sealed) {
      spdlog::warn("sealing: {}", sealed.error().message);
    } else if (*sealed) {
      spdlog::info("block {}: {} txs, root {}, {} gas", (*sealed)->block.blknum, (*sealed)->block.txs.size(),
                   to_hex((*sealed)->root), (*sealed)->l1_gas);
    }
    sleep_unless_stopped(stop, o.interval_ms);
  }
  signals.join();
  server.stop();
  return {};
}

nlohmann::json report_json(const WatchReport& r) {
  nlohmann::json j{{"deposits", r.deposits}, {"blocks_validated", r.blocks_validated}, {"exits_started", r.exits_started},
                   {"challenges", r.challenges}, {"byzantine", nullptr}};
  if (r.byzantine) j["byzantine"] = {{"blknum", r.byzantine->blknum}, {"reason", r.byzantine->reason}};
  return j;
}

Result<void> run_watcher(const PlasmaOptions& o) {
  if (o.data_dir.empty()) return fail("--data-dir is required");
  if (o.operator_url.empty()) return fail("--operator is required");
  if (o.keys.empty()) return fail("--keys is required");
  block_stop_signals();
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  std::vector<crypto::PrivateKey> keys;
  for (const auto& k : o.keys) {
    auto key = crypto::PrivateKey::from_hex(k);
    if (!key) return fail_with("--keys", key.error());
    keys.push_back(*key);
  }
  auto hp = host_port(o.operator_url);
  if (!hp) return unexpected(hp.error());
  RpcBlockSource source(hp->first, hp->second);
  auto db = store::RocksDb::open(o.data_dir);
  if (!db) return fail("{}: {}", o.data_dir, store::describe(db.error()));
  auto w = Watcher::open(*s->chain, source, **db, keys);
  if (!w) return unexpected(w.error());
  std::atomic<bool> stop{o.once};
  std::thread signals;
  if (!o.once) signals = stop_watcher(stop);
  do {
    auto r = (*w)->poll();
    if (!r) {
      spdlog::warn("watcher: {}", r.error().message);
      if (o.once) return unexpected(r.error());
    } else if (o.once) {
      if (o.json) print_json(report_json(*r));
      else std::cout << report_json(*r).dump() << "\n";
    } else if (r->byzantine || r->exits_started || r->challenges) {
      spdlog::warn("watcher: {}", report_json(*r).dump());
    }
    if (!o.once) sleep_unless_stopped(stop, o.interval_ms);
  } while (!stop);
  if (signals.joinable()) signals.join();
  return {};
}

Result<void> run_deposit(const PlasmaOptions& o) {
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto key = key_of(o.private_key);
  auto amount = amount_of(o.amount);
  auto token = token_of(o.token);
  if (!key || !amount || !token) return unexpected(!key ? key.error() : !amount ? amount.error() : token.error());
  auto blk = token->is_zero() ? s->chain->deposit(*key, *amount) : s->chain->deposit_token(*key, *token, *amount);
  if (!blk) return unexpected(blk.error());
  if (o.json) print_json({{"blknum", *blk}, {"position", Position{*blk, 0, 0}.encode()}, {"amount", to_dec(*amount)}});
  else std::cout << fmt::format("deposit block {} (position {})\n", *blk, Position{*blk, 0, 0}.encode());
  return {};
}

Result<void> run_send(const PlasmaOptions& o) {
  if (o.operator_url.empty()) return fail("--operator is required");
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto key = key_of(o.private_key);
  auto amount = amount_of(o.amount);
  auto token = token_of(o.token);
  auto to = crypto::parse_address(o.to);
  if (!key || !amount || !token || !to) {
    return fail("send: {}", !key ? key.error().message : !amount ? amount.error().message : !token ? token.error().message : "--to: " + to.error().message);
  }
  auto domain = s->chain->domain_separator();
  if (!domain) return unexpected(domain.error());
  auto mine = operator_utxos(o.operator_url, crypto::address_of(*key));
  if (!mine) return unexpected(mine.error());
  auto tx = build_transfer(*mine, *key, *to, *amount, *token, *domain);
  if (!tx) return fail("send: {}", describe(tx.error()));
  auto r = operator_call(o.operator_url, "plasma_sendTransaction", net::Json::array({to_hex(tx->encode())}));
  if (!r) return unexpected(r.error());
  if (o.json) print_json({{"hash", (*r)["hash"]}, {"tx", to_hex(tx->encode())}});
  else std::cout << fmt::format("accepted {}\n", (*r)["hash"].get<std::string>());
  return {};
}

Result<void> run_balance(const PlasmaOptions& o) {
  if (o.operator_url.empty()) return fail("--operator is required");
  Address who;
  if (!o.address.empty()) {
    auto a = crypto::parse_address(o.address);
    if (!a) return fail("--address: {}", a.error().message);
    who = *a;
  } else {
    auto key = key_of(o.private_key);
    if (!key) return fail("--address or --private-key is required");
    who = crypto::address_of(*key);
  }
  auto mine = operator_utxos(o.operator_url, who);
  if (!mine) return unexpected(mine.error());
  nlohmann::json per_token = nlohmann::json::object();
  for (const auto& [token, amount] : balances(*mine)) per_token[crypto::to_checksum_hex(token)] = to_dec(amount);
  nlohmann::json coins = nlohmann::json::array();
  for (const Utxo& u : *mine) coins.push_back({{"position", u.position.encode()}, {"amount", to_dec(u.output.amount)}});
  if (o.json) {
    print_json({{"address", crypto::to_checksum_hex(who)}, {"balances", per_token}, {"utxos", coins}});
  } else {
    for (const auto& [t, a] : per_token.items()) std::cout << fmt::format("{} {}\n", t, a.get<std::string>());
  }
  return {};
}

/// What `exit` and `challenge` both start from: the contract, the acting key and --position.
struct PositionAction {
  Session session;
  crypto::PrivateKey key;
  Position position;
};

Result<PositionAction> position_action(const PlasmaOptions& o, std::string_view why_operator) {
  if (o.operator_url.empty()) return fail("--operator is required{}", why_operator);
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto key = key_of(o.private_key);
  if (!key) return unexpected(key.error());
  auto pos = Position::decode(o.position);
  if (!pos) return fail("--position {}: {}", o.position, describe(pos.error()));
  return PositionAction{std::move(*s), *key, *pos};
}

Result<void> run_exit(const PlasmaOptions& o) {
  auto a = position_action(o, " (it serves the block the proof is built from)");
  if (!a) return unexpected(a.error());
  auto* s = &a->session;
  const auto* key = &a->key;
  const auto* pos = &a->position;
  Block block;
  if (is_child_block(pos->blknum)) {
    auto b = operator_block(o.operator_url, pos->blknum);
    if (!b) return unexpected(b.error());
    block = *b;
  } else {
    auto utxos = operator_utxos(o.operator_url, crypto::address_of(*key));
    if (!utxos) return unexpected(utxos.error());
    auto it = std::find_if(utxos->begin(), utxos->end(), [&](const Utxo& u) { return u.position == *pos; });
    if (it == utxos->end()) return fail("--position {}: not an unspent deposit of this key", o.position);
    block.blknum = pos->blknum;
    block.txs.push_back(deposit_transaction(it->output.owner, it->token, it->output.amount));
  }
  if (pos->txindex >= block.txs.size()) return fail("--position {}: block {} has no tx {}", o.position, pos->blknum, pos->txindex);
  auto proof = block.tree().prove(pos->txindex);
  if (!proof) return fail("cannot prove position {}", o.position);
  auto r = s->chain->start_exit(*key, *pos, block.txs[pos->txindex], *proof);
  if (!r) return unexpected(r.error());
  if (o.json) print_json({{"position", o.position}, {"tx", to_hex(r->transaction_hash)}, {"gas_used", r->gas_used}});
  else std::cout << fmt::format("exit of {} started ({} gas)\n", o.position, r->gas_used);
  return {};
}

Result<void> run_challenge(const PlasmaOptions& o) {
  auto a = position_action(o, "");
  if (!a) return unexpected(a.error());
  auto* s = &a->session;
  const auto* key = &a->key;
  const auto* pos = &a->position;
  auto b = operator_block(o.operator_url, o.spending_blknum);
  if (!b) return unexpected(b.error());
  if (o.spending_txindex >= b->txs.size()) return fail("block {} has no tx {}", o.spending_blknum, o.spending_txindex);
  const SignedTransaction& spend = b->txs[o.spending_txindex];
  const std::size_t input = spend.tx.inputs[0] == *pos ? 0 : spend.tx.inputs[1] == *pos ? 1 : 2;
  if (input == 2) return fail("tx {} of block {} does not spend {}", o.spending_txindex, o.spending_blknum, o.position);
  auto r = s->chain->challenge_exit(*key, *pos, spend, input);
  if (!r) return unexpected(r.error());
  if (o.json) print_json({{"position", o.position}, {"tx", to_hex(r->transaction_hash)}, {"gas_used", r->gas_used}});
  else std::cout << fmt::format("exit of {} challenged ({} gas)\n", o.position, r->gas_used);
  return {};
}

Result<void> run_process(const PlasmaOptions& o) {
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto key = key_of(o.private_key);
  auto token = token_of(o.token);
  if (!key || !token) return unexpected(!key ? key.error() : token.error());
  auto before = s->chain->queue_length(*token);
  if (!before) return unexpected(before.error());
  auto r = s->chain->process_exits(*key, *token, o.max);
  if (!r) return unexpected(r.error());
  auto after = s->chain->queue_length(*token);
  if (!after) return unexpected(after.error());
  if (o.json) print_json({{"processed", *before - *after}, {"queued", *after}, {"gas_used", r->gas_used}});
  else std::cout << fmt::format("processed {} exits, {} still queued ({} gas)\n", *before - *after, *after, r->gas_used);
  return {};
}

Result<void> run_status(const PlasmaOptions& o) {
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto next = s->chain->next_child_block();
  auto period = s->chain->exit_period();
  auto bond = s->chain->exit_bond();
  auto held = s->chain->balance();
  auto queued = s->chain->queue_length(Address{});
  if (!next || !period || !bond || !held || !queued) return fail("reading the contract failed");
  nlohmann::json j{{"contract", crypto::to_checksum_hex(s->chain->address())},
                   {"next_child_block", *next},
                   {"exit_period_s", *period},
                   {"exit_bond_wei", to_dec(*bond)},
                   {"held_wei", to_dec(*held)},
                   {"queued_exits", *queued}};
  if (!o.operator_url.empty()) {
    auto op = operator_call(o.operator_url, "plasma_status", net::Json::array());
    j["operator"] = op ? *op : nlohmann::json(op.error().message);
  }
  if (o.json) print_json(j);
  else std::cout << j.dump(2) << "\n";
  return {};
}

}  // namespace

void add_plasma_commands(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<PlasmaOptions>();
  auto* plasma = app.add_subcommand("plasma", "the Plasma child chain: operator, watcher and wallet");
  plasma->require_subcommand(1);
  const auto common = [&](CLI::App* c) {
    c->add_option("--l1-rpc", o->l1_rpc, "the L1's JSON-RPC URL");
    c->add_option("--contract", o->contract, "the PlasmaFramework address (default: from --deployment)");
    c->add_option("--deployment", o->deployment, "deployment file")->capture_default_str();
    c->add_option("--private-key", o->private_key, "the key to act with (default: $XWAY_PRIVATE_KEY)");
    c->add_flag("--json", o->json, "print JSON");
  };
  auto* dep = plasma->add_subcommand("deploy", "deploy PlasmaFramework and record it in the deployment file");
  common(dep);
  dep->add_option("--exit-period", o->exit_period_s, "exit period in seconds")->capture_default_str();
  dep->add_option("--exit-bond", o->exit_bond, "exit bond in wei")->capture_default_str();
  d.on(dep, [o] { return run_deploy(*o); });
  auto* op = plasma->add_subcommand("operator", "run the child chain operator");
  common(op);
  op->add_option("--data-dir", o->data_dir, "RocksDB directory of the operator's state");
  op->add_option("--rpc", o->rpc, "HOST:PORT to serve JSON-RPC on (port 0: a free one, printed)")->capture_default_str();
  op->add_option("--interval-ms", o->interval_ms, "block interval")->capture_default_str();
  d.on(op, [o] { return run_operator(*o); });
  auto* w = plasma->add_subcommand("watcher", "validate every block and exit automatically when the chain cheats");
  common(w);
  w->add_option("--data-dir", o->data_dir, "RocksDB directory of the watcher's state");
  w->add_option("--operator", o->operator_url, "the operator's JSON-RPC URL");
  w->add_option("--keys", o->keys, "private keys whose coins to protect")->delimiter(',');
  w->add_option("--interval-ms", o->interval_ms, "poll interval")->capture_default_str();
  w->add_flag("--once", o->once, "poll once, print the report and stop");
  d.on(w, [o] { return run_watcher(*o); });
  auto* dp = plasma->add_subcommand("deposit", "deposit ether (or --token) into the child chain");
  common(dp);
  dp->add_option("--amount", o->amount, "wei")->required();
  dp->add_option("--token", o->token, "ERC-20 address (default: ether)");
  d.on(dp, [o] { return run_deposit(*o); });
  auto* sd = plasma->add_subcommand("send", "send on the child chain");
  common(sd);
  sd->add_option("--operator", o->operator_url, "the operator's JSON-RPC URL");
  sd->add_option("--to", o->to, "recipient address")->required();
  sd->add_option("--amount", o->amount, "wei")->required();
  sd->add_option("--token", o->token, "ERC-20 address (default: ether)");
  d.on(sd, [o] { return run_send(*o); });
  auto* bl = plasma->add_subcommand("balance", "child chain balance and coins of an address");
  common(bl);
  bl->add_option("--operator", o->operator_url, "the operator's JSON-RPC URL");
  bl->add_option("--address", o->address, "address (default: the --private-key's)");
  d.on(bl, [o] { return run_balance(*o); });
  auto* ex = plasma->add_subcommand("exit", "start the exit of a coin to L1 (posts the bond)");
  common(ex);
  ex->add_option("--operator", o->operator_url, "the operator's JSON-RPC URL");
  ex->add_option("--position", o->position, "the coin's position (blknum*1e9 + txindex*1e4 + oindex)")->required();
  d.on(ex, [o] { return run_exit(*o); });
  auto* ch = plasma->add_subcommand("challenge", "challenge an exit with the transaction that spent its coin");
  common(ch);
  ch->add_option("--operator", o->operator_url, "the operator's JSON-RPC URL");
  ch->add_option("--position", o->position, "the exiting coin's position")->required();
  ch->add_option("--spending-blknum", o->spending_blknum, "block of the spending transaction")->required();
  ch->add_option("--spending-txindex", o->spending_txindex, "index of the spending transaction")->required();
  d.on(ch, [o] { return run_challenge(*o); });
  auto* pe = plasma->add_subcommand("process-exits", "pay due exits in priority order");
  common(pe);
  pe->add_option("--token", o->token, "ERC-20 address (default: ether)");
  pe->add_option("--max", o->max, "most exits to take off the queue")->capture_default_str();
  d.on(pe, [o] { return run_process(*o); });
  auto* st = plasma->add_subcommand("status", "the root chain's state (and the operator's, with --operator)");
  common(st);
  st->add_option("--operator", o->operator_url, "the operator's JSON-RPC URL");
  d.on(st, [o] { return run_status(*o); });
}

}  // namespace xway::cli
