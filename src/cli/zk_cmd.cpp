// `xway zk ...`: the ZK rollup from the command line: deploy the four contracts, run the operator
// (`zk node`, with --reconstruct to rebuild its state from L1 alone), and the wallet's
// register-key, deposit, transfer, withdraw, balance, status and exit (docs/zk.md, "The operator
// and the CLI").
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/l1_access.hpp"
#include "core/hex.hpp"
#include "core/log.hpp"
#include "eth/deploy.hpp"
#include "net/rpc_client.hpp"
#include "net/rpc_server.hpp"
#include "rollup/zk/node.hpp"
#include "rollup/zk/node_wire.hpp"
#include "rollup/zk/wallet.hpp"
#include "store/rocks_db.hpp"

namespace xway::cli {
namespace {

using namespace xway::zk;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kDefaultKeyDepth = 10;

struct ZkOptions {
  std::string l1_rpc;
  std::string rollup;
  std::string deployment = "deployment.json";
  std::string private_key;
  std::string node_url;
  std::string data_dir;
  std::string rpc = "127.0.0.1:8745";
  std::string wallet;
  std::string to;
  std::string amount;
  std::string fee = "0";
  std::string address;
  std::int64_t index = -1;
  std::size_t key_depth = 0;  // 0: the deployment's (or kDefaultKeyDepth)
  std::uint64_t request_deadline_s = static_cast<std::uint64_t>(kDefaultRequestDeadline.count());
  std::uint64_t exodus_timeout_s = static_cast<std::uint64_t>(kDefaultExodusTimeout.count());
  std::size_t batch_size = 15;
  std::uint64_t max_wait_ms = 2000;
  std::uint64_t poll_ms = 250;
  bool reconstruct = false;
  bool crash_after_prove = false;
  bool json = false;
};

/// The rollup's parameters beside the deployment file: DEPLOYMENT with extension .zk.json.
std::filesystem::path params_path(const std::string& deployment) {
  return std::filesystem::path(deployment).replace_extension(".zk.json");
}

std::size_t key_depth_of(const ZkOptions& o) {
  if (o.key_depth != 0) return o.key_depth;
  std::ifstream in(params_path(o.deployment));
  if (in) {
    std::stringstream s;
    s << in.rdbuf();
    const auto j = nlohmann::json::parse(s.str(), nullptr, false);
    if (j.is_object() && j.contains("key_depth") && j["key_depth"].is_number_unsigned()) return j["key_depth"].get<std::size_t>();
  }
  return kDefaultKeyDepth;
}

/// The rollup's address and deployment block: --rollup, else the deployment file's ZkRollup.
Result<std::pair<Address, std::uint64_t>> rollup_of(const ZkOptions& o) {
  if (!o.rollup.empty()) {
    auto a = crypto::parse_address(o.rollup);
    if (!a) return fail("--rollup: {}", a.error().message);
    return std::pair{*a, std::uint64_t{0}};
  }
  auto file = eth::DeploymentFile::read(o.deployment);
  if (!file) return fail("no --rollup, and {}: {}", o.deployment, file.error().message);
  const auto* entry = file->find("ZkRollup");
  if (entry == nullptr) return fail("{} has no ZkRollup (run `xway zk deploy`)", o.deployment);
  return std::pair{entry->address, entry->block};
}

Result<crypto::PrivateKey> need_key(const ZkOptions& o, bool embedded) {
  auto k = resolve_key(o.private_key, embedded);
  if (!k) return unexpected(k.error());
  if (!*k) return fail("--private-key (or XWAY_PRIVATE_KEY) is required");
  return **k;
}

Result<L1Access> need_l1(const ZkOptions& o) {
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required");
  return open_l1(o.l1_rpc);
}

/// HOST:PORT or http://HOST:PORT[/]; port 0 only where `listen`.
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

Result<nlohmann::json> node_call(const std::string& url, std::string_view method, nlohmann::json params) {
  if (url.empty()) return fail("--node is required");
  auto hp = host_port(url);
  if (!hp) return unexpected(hp.error());
  net::RpcClient rpc(hp->first, hp->second, std::chrono::seconds(30));
  auto r = rpc.call(method, std::move(params));
  if (!r) {
    return fail("{} {}: {}", url, method,
                r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  }
  return *r;
}

/// Wei on the command line to L2 units (1 gwei); `zero_ok` for fees.
Result<std::uint64_t> units_of(const std::string& flag, const std::string& text, bool zero_ok) {
  auto v = parse_u256(text);
  if (!v) return fail("{}: expected a number of wei, got \"{}\"", flag, text);
  if (*v % U256(kUnitWei) != 0) return fail("{}: {} wei is not a whole number of gwei (L2 units)", flag, text);
  const U256 units = *v / U256(kUnitWei);
  if (units >= U256(std::uint64_t{1} << kBalanceBits)) return fail("{}: {} wei is 2^60 units or more", flag, text);
  if (units == 0 && !zero_ok) return fail("{}: expected a positive amount", flag);
  return static_cast<std::uint64_t>(units);
}

void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

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

void emit(const ZkOptions& o, const nlohmann::json& j, const std::string& text) {
  if (o.json) print_json(j);
  else std::cout << text << "\n";
}

Result<void> run_deploy(const ZkOptions& o) {
  auto l1 = open_l1(o.l1_rpc);
  if (!l1) return unexpected(l1.error());
  auto key = need_key(o, l1->embedded());
  if (!key) return unexpected(key.error());
  const std::size_t depth = o.key_depth == 0 ? kDefaultKeyDepth : o.key_depth;
  if (depth < 1 || depth > kMaxKeyTreeDepth) return fail("--key-depth: expected 1..{}", kMaxKeyTreeDepth);
  spdlog::info("deploying the ZK rollup's four contracts");
  auto d = ZkRollupContract::deploy(*l1->client, *key, genesis_tree().root(), std::chrono::seconds(o.request_deadline_s),
                                    std::chrono::seconds(o.exodus_timeout_s));
  if (!d) return unexpected(d.error());
  auto block = l1->client->block_number();
  auto file = eth::DeploymentFile::read(o.deployment);
  eth::DeploymentFile out = file ? *file : eth::DeploymentFile{};
  out.chain_id = l1->chain_id;
  const std::uint64_t at = block.value_or(0);
  out.contracts["ZkTransferConstraints"] = eth::DeploymentEntry{d->constraints, at};
  out.contracts["ZkTransferStarkVerifier"] = eth::DeploymentEntry{d->verifier, at};
  out.contracts["ZkAccountTree"] = eth::DeploymentEntry{d->tree, at};
  out.contracts["ZkRollup"] = eth::DeploymentEntry{d->rollup, at};
  if (auto w = out.write(o.deployment); !w) return w;
  const std::uint64_t tag = domain_tag_of(l1->chain_id, d->rollup);
  const nlohmann::json params{{"key_depth", depth}, {"domain_tag", tag}, {"rollup", crypto::to_checksum_hex(d->rollup)}};
  {
    std::ofstream p(params_path(o.deployment));
    p << params.dump(2) << "\n";
    if (!p) return fail("{}: cannot write", params_path(o.deployment).string());
  }
  const nlohmann::json j{{"rollup", crypto::to_checksum_hex(d->rollup)},
                         {"verifier", crypto::to_checksum_hex(d->verifier)},
                         {"constraints", crypto::to_checksum_hex(d->constraints)},
                         {"tree", crypto::to_checksum_hex(d->tree)},
                         {"operator", crypto::to_checksum_hex(crypto::address_of(*key))},
                         {"key_depth", depth},
                         {"domain_tag", tag},
                         {"request_deadline_s", o.request_deadline_s},
                         {"exodus_timeout_s", o.exodus_timeout_s},
                         {"file", o.deployment}};
  emit(o, j, fmt::format("ZkRollup {} (verifier {}, tree {}), key depth {}, written to {}", j["rollup"].get<std::string>(),
                         j["verifier"].get<std::string>(), j["tree"].get<std::string>(), depth, o.deployment));
  return {};
}

Result<void> run_node(const ZkOptions& o) {
  if (o.data_dir.empty()) return fail("--data-dir is required");
  if (o.batch_size < 1 || o.batch_size > kMaxTransfers) return fail("--batch-size: expected 1..{}", kMaxTransfers);
  block_stop_signals();
  auto l1 = need_l1(o);
  if (!l1) return unexpected(l1.error());
  auto key = need_key(o, false);
  if (!key) return unexpected(key.error());
  auto rollup = rollup_of(o);
  if (!rollup) return unexpected(rollup.error());
  auto db = store::RocksDb::open(o.data_dir);
  if (!db) return fail("{}: {}", o.data_dir, store::describe(db.error()));
  NodeConfig config;
  config.batch_size = o.batch_size;
  config.max_wait = std::chrono::milliseconds(o.max_wait_ms);
  config.params = ZkParams{key_depth_of(o), domain_tag_of(l1->chain_id, rollup->first)};
  config.from_block = rollup->second;
  if (o.crash_after_prove) {
    config.on_proven = [](const BatchRecord& b) {
      std::cerr << fmt::format("--crash-after-prove: batch {} proven and stored; exiting before submitting it", b.number)
                << std::endl;
      std::_Exit(86);
    };
  }
  Reconstruction rec;
  const auto t0 = Clock::now();
  auto node = o.reconstruct ? ZkNode::open_reconstructed(*l1->client, rollup->first, **db, *key, config, &rec)
                            : ZkNode::open(*l1->client, rollup->first, **db, *key, config);
  if (!node) return unexpected(node.error());
  auto hp = host_port(o.rpc, /*listen=*/true);
  if (!hp) return unexpected(hp.error());
  net::RpcDispatcher rpc;
  (*node)->register_rpc(rpc);
  net::RpcServer server(rpc, net::RpcServerConfig{hp->first, hp->second});
  auto port = server.start();
  if (!port) return unexpected(port.error());
  nlohmann::json hello{{"rpc", fmt::format("http://{}:{}", hp->first, *port)},
                       {"rollup", crypto::to_checksum_hex(rollup->first)},
                       {"operator_index", kOperatorIndex},
                       {"root", digest_hex((*node)->verified_root())},
                       {"batches_final", (*node)->batches_final()}};
  if (o.reconstruct) {
    hello["reconstructed"] = {{"batches", rec.batches}, {"transfers", rec.transfers}, {"accounts", rec.accounts.size()},
                              {"l1_block", rec.l1_block},
                              {"seconds", std::chrono::duration<double>(Clock::now() - t0).count()}};
    spdlog::info("reconstructed {} batches ({} transfers) from L1: root {} equals the contract's stateRoot", rec.batches,
                 rec.transfers, digest_hex(rec.tree.root()));
  }
  if (o.json) std::cout << hello.dump() << std::endl;
  else std::cout << fmt::format("zk node serving on {}, root {}", hello["rpc"].get<std::string>(), hello["root"].get<std::string>()) << std::endl;
  std::atomic<bool> stop{false};
  std::thread signals = stop_watcher(stop);
  while (!stop) {
    if (auto n = (*node)->sync_queue(); !n) spdlog::warn("queue: {}", n.error().message);
    else if (*n > 0) spdlog::info("logged {} L1 queue requests", *n);
    auto done = (*node)->step();
    if (!done) {
      spdlog::warn("batch: {}", done.error().message);
    } else if (*done) {
      const BatchOutcome& b = **done;
      spdlog::info("batch {} final on L1: {} transfers, proven in {:.2f} s, submitted in {:.2f} s, {} gas, tx {}",
                   b.record.number, b.transfers, b.prove_seconds, b.submit_seconds, b.gas_used,
                   to_hex(b.record.l1_tx.view()));
      continue;  // more may be due at once
    }
    for (std::uint64_t waited = 0; waited < o.poll_ms && !stop; waited += 25) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  signals.join();
  server.stop();
  return {};
}

Result<void> run_register(const ZkOptions& o) {
  if (o.wallet.empty()) return fail("--wallet is required");
  auto l1 = need_l1(o);
  if (!l1) return unexpected(l1.error());
  auto key = need_key(o, false);
  if (!key) return unexpected(key.error());
  auto rollup = rollup_of(o);
  if (!rollup) return unexpected(rollup.error());
  const std::size_t depth = key_depth_of(o);
  auto wallet = ZkWallet::create(o.wallet, depth, rollup->first, domain_tag_of(l1->chain_id, rollup->first),
                                 crypto::address_of(*key));
  if (!wallet) return unexpected(wallet.error());
  // ~590 Rescue compressions per one-time key (docs/zk.md); the key tree is made in one go.
  std::cerr << fmt::format("generating the L2 key: {} one-time keys (depth {}), about {} Rescue compressions...",
                           std::uint64_t{1} << depth, depth, (std::uint64_t{1} << depth) * 590)
            << std::endl;
  const auto t0 = Clock::now();
  const SigningKey signing = wallet->signing_key();
  const double keygen_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::cerr << fmt::format("key generated in {:.1f} s; registering it on L1", keygen_s) << std::endl;
  ZkRollupContract contract(*l1->client, rollup->first);
  auto index = contract.register_key(*key, signing.account_key());
  if (!index) return unexpected(index.error());
  if (auto r = wallet->set_registered(*index, signing.account_key()); !r) return r;
  const nlohmann::json j{{"index", *index},
                         {"key", digest_hex(signing.account_key())},
                         {"l1_address", crypto::to_checksum_hex(crypto::address_of(*key))},
                         {"key_depth", depth},
                         {"keygen_s", keygen_s},
                         {"wallet", o.wallet}};
  emit(o, j, fmt::format("registered account {} (key {}), wallet {}", *index, j["key"].get<std::string>(), o.wallet));
  return {};
}

Result<void> run_deposit(const ZkOptions& o) {
  auto l1 = need_l1(o);
  if (!l1) return unexpected(l1.error());
  auto key = need_key(o, false);
  if (!key) return unexpected(key.error());
  auto rollup = rollup_of(o);
  if (!rollup) return unexpected(rollup.error());
  auto units = units_of("--amount", o.amount, false);
  if (!units) return unexpected(units.error());
  ZkRollupContract contract(*l1->client, rollup->first);
  auto pos = contract.deposit(*key, U256(*units) * U256(kUnitWei));
  if (!pos) return unexpected(pos.error());
  const nlohmann::json j{{"position", *pos}, {"units", *units}, {"amount_wei", o.amount}};
  emit(o, j, fmt::format("deposit of {} units queued at position {}", *units, *pos));
  return {};
}

/// Resolves --to: an account index, or an L1 address the node knows.
Result<std::uint64_t> receiver_of(const ZkOptions& o) {
  if (o.to.empty()) return fail("--to is required");
  if (o.to.rfind("0x", 0) == 0) {
    auto a = node_call(o.node_url, "zk_getAccount", nlohmann::json::array({{{"address", o.to}}}));
    if (!a) return unexpected(a.error());
    return (*a)["index"].get<std::uint64_t>();
  }
  char* end = nullptr;
  const unsigned long long v = std::strtoull(o.to.c_str(), &end, 10);
  if (*end != '\0') return fail("--to: expected an account index or an 0x address, got \"{}\"", o.to);
  return static_cast<std::uint64_t>(v);
}

Result<void> send_transfer(const ZkOptions& o, std::uint64_t to) {
  if (o.wallet.empty()) return fail("--wallet is required");
  auto wallet = ZkWallet::load(o.wallet);
  if (!wallet) return unexpected(wallet.error());
  if (!wallet->index()) return fail("{}: the wallet has no account yet (run `xway zk register-key`)", o.wallet);
  auto amount = units_of("--amount", o.amount, false);
  if (!amount) return unexpected(amount.error());
  auto fee = units_of("--fee", o.fee, true);
  if (!fee) return unexpected(fee.error());
  auto account = node_call(o.node_url, "zk_getAccount", nlohmann::json::array({*wallet->index()}));
  if (!account) return unexpected(account.error());
  const std::uint64_t nonce = (*account)["pending_nonce"].get<std::uint64_t>();
  // Checked before signing: a one-time key that signed a refused transfer can sign nothing else.
  const std::uint64_t balance = (*account)["pending_balance"].get<std::uint64_t>();
  if (*amount + *fee > balance) {
    return fail("amount plus fee ({} units) exceed the account's balance with every confirmed transfer ({} units); "
                "nothing was signed",
                *amount + *fee, balance);
  }
  std::cerr << fmt::format("regenerating the L2 key ({} one-time keys)...", std::uint64_t{1} << wallet->key_depth()) << std::endl;
  const SigningKey key = wallet->signing_key();
  auto signed_transfer = wallet->sign_next(key, nonce, to, *amount, *fee);
  if (!signed_transfer) return unexpected(signed_transfer.error());
  auto r = node_call(o.node_url, "zk_sendTransfer", nlohmann::json::array({transfer_json(*signed_transfer)}));
  if (!r) return unexpected(r.error());
  const ZkTransfer& t = signed_transfer->transfer;
  const nlohmann::json j{{"status", (*r)["status"]}, {"id", (*r)["id"]}, {"from", t.from},          {"to", t.to},
                         {"nonce", t.nonce},         {"amount_units", t.amount}, {"fee_units", t.fee}};
  emit(o, j, fmt::format("transfer {} accepted (pending): {} units from {} to {}", j["id"].get<std::string>(), t.amount,
                         t.from, t.to));
  return {};
}

Result<void> run_transfer(const ZkOptions& o) {
  auto to = receiver_of(o);
  if (!to) return unexpected(to.error());
  return send_transfer(o, *to);
}

Result<void> run_withdraw(const ZkOptions& o) { return send_transfer(o, kReserveIndex); }

Result<std::uint64_t> account_index_of(const ZkOptions& o) {
  if (o.index >= 0) return static_cast<std::uint64_t>(o.index);
  if (!o.wallet.empty()) {
    auto w = ZkWallet::load(o.wallet);
    if (!w) return unexpected(w.error());
    if (!w->index()) return fail("{}: the wallet has no account yet", o.wallet);
    return *w->index();
  }
  if (!o.address.empty()) {
    auto a = node_call(o.node_url, "zk_getAccount", nlohmann::json::array({{{"address", o.address}}}));
    if (!a) return unexpected(a.error());
    return (*a)["index"].get<std::uint64_t>();
  }
  return fail("one of --wallet, --index or --address is required");
}

Result<void> run_balance(const ZkOptions& o) {
  auto index = account_index_of(o);
  if (!index) return unexpected(index.error());
  auto a = node_call(o.node_url, "zk_getAccount", nlohmann::json::array({*index}));
  if (!a) return unexpected(a.error());
  nlohmann::json j{{"index", *index},
                   {"owner", (*a)["owner"]},
                   {"balance_units", (*a)["balance"]},
                   {"balance_wei", to_dec(U256((*a)["balance"].get<std::uint64_t>()) * U256(kUnitWei))},
                   {"nonce", (*a)["nonce"]},
                   {"pending_balance_units", (*a)["pending_balance"]},
                   {"pending_nonce", (*a)["pending_nonce"]},
                   {"l1_balance_wei", nullptr}};
  if (!o.l1_rpc.empty() && (*a)["owner"].is_string()) {
    auto l1 = open_l1(o.l1_rpc);
    auto owner = crypto::parse_address((*a)["owner"].get<std::string>());
    if (l1 && owner) {
      if (auto b = l1->client->balance(*owner, eth::BlockRef::latest())) j["l1_balance_wei"] = to_dec(*b);
    }
  }
  emit(o, j, fmt::format("account {}: {} units final, {} pending, nonce {}", *index, j["balance_units"].dump(),
                         j["pending_balance_units"].dump(), j["nonce"].dump()));
  return {};
}

Result<void> run_status(const ZkOptions& o) {
  auto l1 = need_l1(o);
  if (!l1) return unexpected(l1.error());
  auto rollup = rollup_of(o);
  if (!rollup) return unexpected(rollup.error());
  ZkRollupContract c(*l1->client, rollup->first);
  auto root = c.state_root();
  auto count = c.batch_count();
  auto head = c.queue_head();
  auto length = c.queue_length();
  auto frozen = c.frozen();
  auto due = c.exodus_due();
  auto held = c.balance();
  if (!root || !count || !head || !length || !frozen || !due || !held) return fail("reading the rollup contract failed");
  nlohmann::json j{{"rollup", crypto::to_checksum_hex(rollup->first)},
                   {"l1",
                    {{"state_root", digest_hex(*root)},
                     {"batch_count", *count},
                     {"queue_head", *head},
                     {"queue_length", *length},
                     {"frozen", *frozen},
                     {"exodus_due", *due},
                     {"held_wei", to_dec(*held)}}},
                   {"node", nullptr}};
  if (!o.node_url.empty()) {
    auto n = node_call(o.node_url, "zk_status", nlohmann::json::array());
    j["node"] = n ? *n : nlohmann::json(n.error().message);
  }
  if (o.json) print_json(j);
  else std::cout << j.dump(2) << "\n";
  return {};
}

Result<void> run_exit(const ZkOptions& o) {
  auto l1 = need_l1(o);
  if (!l1) return unexpected(l1.error());
  auto key = need_key(o, false);
  if (!key) return unexpected(key.error());
  auto rollup = rollup_of(o);
  if (!rollup) return unexpected(rollup.error());
  auto index = account_index_of(o);
  if (!index) return unexpected(index.error());
  ZkRollupContract c(*l1->client, rollup->first);
  auto frozen = c.frozen();
  if (!frozen) return unexpected(frozen.error());
  bool froze = false;
  if (!*frozen) {
    auto due = c.exodus_due();
    if (!due) return unexpected(due.error());
    if (!*due) return fail("exit: the rollup is not in exodus (not frozen, and exodus is not due)");
    if (auto f = c.freeze(*key); !f) return unexpected(f.error());
    froze = true;
  }
  ZkAccount account;
  std::vector<RescueDigest> siblings;
  std::string source;
  if (!o.node_url.empty()) {
    auto p = node_call(o.node_url, "zk_getProof", nlohmann::json::array({*index}));
    if (!p) return unexpected(p.error());
    auto k = parse_digest((*p)["key"].get<std::string>());
    if (!k) return fail("exit: the node's key: {}", describe(k.error()));
    account = ZkAccount{*k, (*p)["balance"].get<std::uint64_t>(), (*p)["nonce"].get<std::uint64_t>()};
    for (const auto& s : (*p)["siblings"]) {
      auto d = parse_digest(s.get<std::string>());
      if (!d) return fail("exit: the node's siblings: {}", describe(d.error()));
      siblings.push_back(*d);
    }
    source = "node";
  } else {
    std::cerr << "no --node: reconstructing the state from L1 to build the exit proof" << std::endl;
    auto rec = reconstruct(*l1->client, rollup->first, rollup->second);
    if (!rec) return unexpected(rec.error());
    account = rec->tree.account(*index);
    siblings = rec->tree.siblings(*index);
    source = "reconstruction";
  }
  auto r = c.exit(*key, *index, account, siblings);
  if (!r) return unexpected(r.error());
  const nlohmann::json j{{"index", *index},
                         {"balance_units", account.balance},
                         {"amount_wei", to_dec(U256(account.balance) * U256(kUnitWei))},
                         {"tx", to_hex(r->transaction_hash.view())},
                         {"gas_used", r->gas_used},
                         {"froze", froze},
                         {"proof_from", source}};
  emit(o, j, fmt::format("account {} exited with {} units ({} gas)", *index, account.balance, r->gas_used));
  return {};
}

}  // namespace

void add_zk_commands(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<ZkOptions>();
  auto* zk = app.add_subcommand("zk", "the ZK rollup: deploy, the operator node and the wallet");
  zk->require_subcommand(1);
  const auto common = [&](CLI::App* c) {
    c->add_option("--l1-rpc", o->l1_rpc, "the L1's JSON-RPC URL");
    c->add_option("--rollup", o->rollup, "the ZkRollup address (default: from --deployment)");
    c->add_option("--deployment", o->deployment, "deployment file")->capture_default_str();
    c->add_option("--private-key", o->private_key, "the L1 key to act with (default: $XWAY_PRIVATE_KEY)");
    c->add_flag("--json", o->json, "print JSON");
  };
  const auto node_flag = [&](CLI::App* c) { c->add_option("--node", o->node_url, "the operator's JSON-RPC (HOST:PORT)"); };
  auto* dep = zk->add_subcommand("deploy", "deploy the verifier, its constraints, the account tree and ZkRollup");
  common(dep);
  dep->add_option("--key-depth", o->key_depth, "depth of every account's one-time key tree (2^D transfers per key; default 10)");
  dep->add_option("--request-deadline", o->request_deadline_s, "seconds a queued request may wait")->capture_default_str();
  dep->add_option("--exodus-timeout", o->exodus_timeout_s, "seconds without a batch before exodus")->capture_default_str();
  d.on(dep, [o] { return run_deploy(*o); });
  auto* node = zk->add_subcommand("node", "run the operator: sequencer, prover, batch submitter");
  common(node);
  node->add_option("--data-dir", o->data_dir, "RocksDB directory of the node's state");
  node->add_option("--rpc", o->rpc, "HOST:PORT to serve JSON-RPC on (port 0: a free one, printed)")->capture_default_str();
  node->add_option("--batch-size", o->batch_size, "transfers per batch at most")->capture_default_str();
  node->add_option("--max-wait-ms", o->max_wait_ms, "a batch goes out once its oldest transfer waited this long")->capture_default_str();
  node->add_option("--poll-ms", o->poll_ms, "L1 poll interval")->capture_default_str();
  node->add_option("--key-depth", o->key_depth, "the rollup's key depth (default: the deployment's)");
  node->add_flag("--reconstruct", o->reconstruct, "rebuild the state from L1 data alone into an empty --data-dir");
  node->add_flag("--crash-after-prove", o->crash_after_prove,
                 "fault injection: exit (status 86) once the first batch is proven and stored, before sending it");
  d.on(node, [o] { return run_node(*o); });
  auto* reg = zk->add_subcommand("register-key", "generate the L2 key into --wallet and register it on L1");
  common(reg);
  reg->add_option("--wallet", o->wallet, "wallet directory (created)");
  reg->add_option("--key-depth", o->key_depth, "key tree depth (default: the deployment's)");
  d.on(reg, [o] { return run_register(*o); });
  auto* dp = zk->add_subcommand("deposit", "deposit ether into the sender's L2 account (queued on L1)");
  common(dp);
  dp->add_option("--amount", o->amount, "wei (a whole number of gwei)")->required();
  d.on(dp, [o] { return run_deposit(*o); });
  auto* tr = zk->add_subcommand("transfer", "sign a transfer with the next one-time key and send it to the node");
  common(tr);
  node_flag(tr);
  tr->add_option("--wallet", o->wallet, "wallet directory");
  tr->add_option("--to", o->to, "receiver: account index or L1 address")->required();
  tr->add_option("--amount", o->amount, "wei (a whole number of gwei)")->required();
  tr->add_option("--fee", o->fee, "fee in wei (a whole number of gwei)")->capture_default_str();
  d.on(tr, [o] { return run_transfer(*o); });
  auto* wd = zk->add_subcommand("withdraw", "withdraw to the account's L1 address (a transfer to the reserve)");
  common(wd);
  node_flag(wd);
  wd->add_option("--wallet", o->wallet, "wallet directory");
  wd->add_option("--amount", o->amount, "wei (a whole number of gwei)")->required();
  wd->add_option("--fee", o->fee, "fee in wei (a whole number of gwei)")->capture_default_str();
  d.on(wd, [o] { return run_withdraw(*o); });
  auto* bl = zk->add_subcommand("balance", "an account's L2 balance (final and pending)");
  common(bl);
  node_flag(bl);
  bl->add_option("--wallet", o->wallet, "wallet directory");
  bl->add_option("--index", o->index, "account index");
  bl->add_option("--address", o->address, "the account's L1 address");
  d.on(bl, [o] { return run_balance(*o); });
  auto* st = zk->add_subcommand("status", "the rollup contract's state (and the node's, with --node)");
  common(st);
  node_flag(st);
  d.on(st, [o] { return run_status(*o); });
  auto* ex = zk->add_subcommand("exit", "in exodus: exit an account's balance by Merkle proof (freezes first if due)");
  common(ex);
  node_flag(ex);
  ex->add_option("--wallet", o->wallet, "wallet directory");
  ex->add_option("--index", o->index, "account index");
  d.on(ex, [o] { return run_exit(*o); });
}

}  // namespace xway::cli
