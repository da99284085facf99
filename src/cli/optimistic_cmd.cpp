// `xway optimistic ...`: the optimistic rollup from the command line: deploy the L1 contracts, run
// the sequencer node (L2 JSON-RPC, durable blocks, batches and bonded proposals on L1), and the
// user's deposit, withdraw, prove-withdrawal, finalize-withdrawal, refund-deposit and status.
#include <csignal>
#include <optional>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/l1_access.hpp"
#include "cli/optimistic_verifier.hpp"
#include "core/clock.hpp"
#include "core/hex.hpp"
#include "core/log.hpp"
#include "eth/deploy.hpp"
#include "eth/rpc_client.hpp"
#include "l2rpc/eth_api.hpp"
#include "l2rpc/l2_tx.hpp"
#include "rollup/optimistic/fraud_step.hpp"
#include "net/rpc_client.hpp"
#include "net/rpc_server.hpp"
#include "rollup/optimistic/rollup_contract.hpp"
#include "rollup/optimistic/sequencer_l1.hpp"
#include "rollup/optimistic/sequencer_node.hpp"
#include "store/rocks_db.hpp"

namespace xway::cli {
Result<std::pair<std::string, std::uint16_t>> host_port(std::string text, bool listen, std::string_view flag) {
  if (text.rfind("http://", 0) == 0) text = text.substr(7);
  while (!text.empty() && text.back() == '/') text.pop_back();
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return fail("{} {}: expected HOST:PORT", flag, text);
  const std::string port = text.substr(colon + 1);
  char* end = nullptr;
  const unsigned long p = std::strtoul(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || (p == 0 && !listen) || p > 65535) return fail("{} {}: bad port", flag, text);
  return std::pair{text.substr(0, colon), static_cast<std::uint16_t>(p)};
}

namespace {

using namespace xway::optimistic;
using nlohmann::json;

constexpr const char* kContractName = "OptimisticRollup";

struct OptimisticOptions {
  std::string l1_rpc;
  std::string deployment = "deployment.json";
  std::string private_key;
  std::string sequencer;
  std::string role = "sequencer";
  std::string data_dir;
  std::string rpc = "127.0.0.1:8547";
  std::string status_rpc;
  std::string to;
  std::string amount;
  std::string token;
  std::string tx;
  std::optional<std::uint64_t> deposit;  // refund-deposit: the L1 deposit's queue index
  std::string proof;
  std::string out;
  std::uint64_t challenge_period_s = static_cast<std::uint64_t>(kDefaultChallengePeriod.count());
  std::uint64_t poll_ms = 1000;
  std::uint64_t batch_interval_ms = 10'000;
  std::size_t max_batch = 1000;
  bool no_propose = false;
  bool no_challenge = false;
  std::string sequencer_rpc;
  std::string censor;
  bool json = false;
};

/// Attack knob of `node --censor ADDRESS` (scenario optimistic.forced-inclusion): the node
/// answers every call as usual, but an L2 transaction from the censored address is silently
/// dropped (its hash is returned, it never executes), and the L1 forced queue is held until each
/// entry's deadline (SequencerL1Config::hold_forced). Never part of an honest node.
class CensoringBackend final : public l2rpc::Backend {
 public:
  CensoringBackend(l2rpc::Backend& inner, const Address& censored) : inner_(inner), censored_(censored) {}
  std::uint64_t chain_id() const override { return inner_.chain_id(); }
  std::uint64_t block_number() const override { return inner_.block_number(); }
  U256 balance(const Address& a) const override { return inner_.balance(a); }
  std::uint64_t nonce(const Address& a, bool pending) const override { return inner_.nonce(a, pending); }
  U256 gas_price() const override { return inner_.gas_price(); }
  expected<Hash32, l2rpc::TxError> submit(ByteView raw) override {
    auto tx = l2rpc::decode_and_recover(raw, l2rpc::TxRules{inner_.chain_id(), 1});
    if (tx && tx->sender == censored_) {
      spdlog::warn("optimistic: censoring a transaction from {} (--censor)", crypto::to_checksum_hex(censored_));
      return tx->hash;
    }
    return inner_.submit(raw);
  }
  std::optional<l2rpc::TxRecord> transaction(const Hash32& h) const override { return inner_.transaction(h); }
  std::optional<l2rpc::BlockRecord> block(std::uint64_t n) const override { return inner_.block(n); }
  std::optional<l2rpc::BlockRecord> block_by_hash(const Hash32& h) const override { return inner_.block_by_hash(h); }

 private:
  l2rpc::Backend& inner_;
  Address censored_;
};

Result<crypto::PrivateKey> key_of(const std::string& flag) {
  auto key = resolve_key(flag, false);
  if (!key) return unexpected(key.error());
  if (!*key) return fail("--private-key (or XWAY_PRIVATE_KEY) is required");
  return **key;
}

Result<U256> amount_of(const std::string& text) {
  auto v = parse_u256(text);
  if (!v || *v == 0) return fail("--amount: expected a positive number of wei, got \"{}\"", text);
  return *v;
}

/// The L1 client and the rollup a command works on.
struct Session {
  std::unique_ptr<eth::RpcClient> client;
  std::unique_ptr<RollupContract> rollup;
  std::uint64_t deployed_at = 0;
};

Result<Session> connect(const OptimisticOptions& o) {
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required");
  auto file = eth::DeploymentFile::read(o.deployment);
  if (!file) return fail("--deployment {}: {}", o.deployment, file.error().message);
  const auto* entry = file->find(kContractName);
  if (entry == nullptr) return fail("{} has no {} (run `xway optimistic deploy`)", o.deployment, kContractName);
  auto client = eth::RpcClient::connect(o.l1_rpc);
  if (!client) return unexpected(eth::to_failure(o.l1_rpc, client.error()));
  Session s;
  s.client = std::move(*client);
  s.rollup = std::make_unique<RollupContract>(*s.client, entry->address);
  s.deployed_at = entry->block;
  return s;
}

/// Calls `method` on the L2 node at `url`.
Result<net::Json> node_call(const std::string& url, std::string_view method, net::Json params = net::Json::array()) {
  if (url.empty()) return fail("--rpc (the L2 node's HOST:PORT) is required");
  auto hp = host_port(url);
  if (!hp) return unexpected(hp.error());
  net::RpcClient rpc(hp->first, hp->second);
  auto r = rpc.call(method, std::move(params));
  if (!r) {
    return fail("{} {}: {}", url, method,
                r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  }
  return *r;
}

Result<std::uint64_t> quantity(const net::Json& v, std::string_view what) {
  if (!v.is_string()) return fail("{}: not a quantity", what);
  auto n = parse_u256(v.get<std::string>());
  if (!n || *n > U256(UINT64_MAX)) return fail("{}: not a 64-bit quantity", what);
  return static_cast<std::uint64_t>(*n);
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

Result<void> run_deploy(const OptimisticOptions& o) {
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required");
  auto key = key_of(o.private_key);
  if (!key) return unexpected(key.error());
  Address sequencer = crypto::address_of(*key);
  if (!o.sequencer.empty()) {
    auto a = crypto::parse_address(o.sequencer);
    if (!a) return fail("--sequencer: {}", a.error().message);
    sequencer = *a;
  }
  if (o.challenge_period_s == 0) return fail("--challenge-period: must be positive");
  auto client = eth::RpcClient::connect(o.l1_rpc);
  if (!client) return unexpected(eth::to_failure(o.l1_rpc, client.error()));
  RollupConfig config;
  config.challenge_period = std::chrono::seconds(o.challenge_period_s);
  spdlog::info("deploying OneStepProver and OptimisticRollup (challenge window {} s)", o.challenge_period_s);
  auto addr = RollupContract::deploy(**client, *key, sequencer, config);
  if (!addr) return unexpected(addr.error());
  auto block = (*client)->block_number();
  auto chain_id = (*client)->chain_id();
  if (!block || !chain_id) return fail("{}: reading the chain after deploying failed", o.l1_rpc);
  // Deposit 0 binds L2 account 0, where every fee is credited, to the sequencer.
  RollupContract rollup(**client, *addr);
  auto fee_account = rollup.deposit_eth(*key, sequencer, U256(1));
  if (!fee_account) return unexpected(fee_account.error());
  auto file = eth::DeploymentFile::read(o.deployment);
  eth::DeploymentFile out = file ? *file : eth::DeploymentFile{};
  out.chain_id = *chain_id;
  out.contracts[kContractName] = eth::DeploymentEntry{*addr, *block};
  if (auto w = out.write(o.deployment); !w) return w;
  const json j{{"rollup", crypto::to_checksum_hex(*addr)},
               {"sequencer", crypto::to_checksum_hex(sequencer)},
               {"file", o.deployment},
               {"l1_block", *block},
               {"l2_chain_id", config.chain_id},
               {"challenge_period_s", o.challenge_period_s}};
  if (o.json) print_json(j);
  else std::cout << fmt::format("OptimisticRollup {} (sequencer {}, window {} s), written to {}\n", j["rollup"].get<std::string>(),
                                j["sequencer"].get<std::string>(), o.challenge_period_s, o.deployment);
  return {};
}

/// `node --role verifier`: the verifier's loop (derive from L1, judge, challenge) serving the
/// derived L2's wallet JSON-RPC on --rpc.
Result<void> run_verifier_node(const OptimisticOptions& o) {
  if (o.data_dir.empty()) return fail("--data-dir is required");
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required: the verifier follows an existing L1");
  if (!o.censor.empty() || o.no_propose) return fail("--censor and --no-propose are sequencer flags, not a verifier's");
  VerifierCmdOptions v;
  v.l1_rpc = o.l1_rpc;
  v.deployment = o.deployment;
  v.data_dir = o.data_dir;
  v.private_key = o.private_key;
  v.poll_ms = o.poll_ms;
  v.no_challenge = o.no_challenge;
  v.json = o.json;
  v.serve_rpc = o.rpc;
  v.sequencer_rpc = o.sequencer_rpc;
  return run_verifier(v);
}

Result<void> run_node(const OptimisticOptions& o) {
  if (o.role == "verifier") return run_verifier_node(o);
  if (o.role != "sequencer") return fail("--role: expected sequencer or verifier, got \"{}\"", o.role);
  if (o.data_dir.empty()) return fail("--data-dir is required");
  if (o.max_batch == 0 || o.max_batch > kMaxBatchTransfers) return fail("--max-batch: 1 to {}", kMaxBatchTransfers);
  block_stop_signals();
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto key = key_of(o.private_key);
  if (!key) return unexpected(key.error());
  auto hp = host_port(o.rpc, /*listen=*/true);
  if (!hp) return unexpected(hp.error());
  auto db = store::RocksDb::open(o.data_dir);
  if (!db) return fail("{}: {}", o.data_dir, store::describe(db.error()));
  SequencerConfig config;
  auto tokens = s->rollup->tokens();
  if (!tokens) return unexpected(tokens.error());
  for (std::size_t id = 1; id < tokens->size(); ++id) config.tokens.add((*tokens)[id], static_cast<ledger::TokenId>(id));
  SystemClock clock;
  auto seq = Sequencer::open(**db, config, clock);
  if (!seq) return fail("{}: {}", o.data_dir, describe(seq.error()));
  spdlog::info("optimistic sequencer: L2 head {} from {}", (*seq)->head(), o.data_dir);
  SequencerNode node(std::move(*seq));
  SequencerL1Config l1c;
  l1c.from_block = s->deployed_at;
  l1c.max_batch_entries = o.max_batch;
  l1c.batch_interval = std::chrono::milliseconds(o.batch_interval_ms);
  l1c.propose = !o.no_propose;
  std::optional<Address> censored;
  if (!o.censor.empty()) {
    auto a = crypto::parse_address(o.censor);
    if (!a) return fail("--censor: {}", a.error().message);
    censored = *a;
    l1c.hold_forced = true;
    spdlog::warn("optimistic: ATTACK KNOB --censor {}: its L2 transactions are dropped, forced entries held to their deadline",
                 crypto::to_checksum_hex(*a));
  }
  auto l1 = SequencerL1::open(node, *s->client, *s->rollup, **db, *key, l1c);
  if (!l1) return unexpected(l1.error());
  node.start();
  net::RpcDispatcher rpc;
  std::optional<CensoringBackend> censoring;
  if (censored) censoring.emplace(node, *censored);
  l2rpc::Backend& backend = censoring ? static_cast<l2rpc::Backend&>(*censoring) : static_cast<l2rpc::Backend&>(node);
  if (!l2rpc::register_eth_api(rpc, backend) || !(*l1)->register_rpc(rpc)) return fail("registering the JSON-RPC methods failed");
  net::RpcServer server(rpc, net::RpcServerConfig{hp->first, hp->second});
  auto port = server.start();
  if (!port) return unexpected(port.error());
  const std::string url = fmt::format("http://{}:{}", hp->first, *port);
  spdlog::info("optimistic sequencer serving L2 JSON-RPC on {}, rollup {}", url, crypto::to_checksum_hex(s->rollup->address()));
  // One line, flushed: scripts and tests read it to learn the address.
  if (o.json) std::cout << json{{"rpc", url}, {"rollup", crypto::to_checksum_hex(s->rollup->address())}, {"l2_head", node.block_number()}}.dump() << std::endl;
  else std::cout << url << std::endl;
  std::atomic<bool> stop{false};
  std::thread signals = stop_watcher(stop);
  while (!stop) {
    if (auto r = (*l1)->step(); !r) spdlog::warn("optimistic: {}", r.error().message);
    for (std::uint64_t waited = 0; waited < o.poll_ms && !stop; waited += 20) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  signals.join();
  server.stop();
  node.stop();
  return {};
}

Result<void> run_deposit(const OptimisticOptions& o) {
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto key = key_of(o.private_key);
  if (!key) return unexpected(key.error());
  auto amount = amount_of(o.amount);
  if (!amount) return unexpected(amount.error());
  Address to = crypto::address_of(*key);
  if (!o.to.empty()) {
    auto a = crypto::parse_address(o.to);
    if (!a) return fail("--to: {}", a.error().message);
    to = *a;
  }
  Result<std::uint64_t> index = fail("unreachable");
  if (o.token.empty()) {
    index = s->rollup->deposit_eth(*key, to, *amount);
  } else {
    auto token = crypto::parse_address(o.token);
    if (!token) return fail("--token: {}", token.error().message);
    index = s->rollup->deposit_token(*key, *token, to, *amount);
  }
  if (!index) return unexpected(index.error());
  const json j{{"index", *index}, {"l2_address", crypto::to_checksum_hex(to)}, {"amount", to_dec(*amount)},
               {"token", o.token.empty() ? "ETH" : o.token}};
  if (o.json) print_json(j);
  else std::cout << fmt::format("deposit {} queued: {} wei for {} on the L2\n", *index, to_dec(*amount), crypto::to_checksum_hex(to));
  return {};
}

Result<void> run_withdraw(const OptimisticOptions& o) {
  auto key = key_of(o.private_key);
  if (!key) return unexpected(key.error());
  auto amount = amount_of(o.amount);
  if (!amount) return unexpected(amount.error());
  const Address me = crypto::address_of(*key);
  auto chain = node_call(o.rpc, "eth_chainId");
  if (!chain) return unexpected(chain.error());
  auto nonce = node_call(o.rpc, "eth_getTransactionCount", net::Json::array({to_hex(me.view()), "pending"}));
  if (!nonce) return unexpected(nonce.error());
  auto price = node_call(o.rpc, "eth_gasPrice");
  if (!price) return unexpected(price.error());
  auto chain_id = quantity(*chain, "eth_chainId");
  auto n = quantity(*nonce, "eth_getTransactionCount");
  auto gas_price = price->is_string() ? parse_u256(price->get<std::string>()) : std::nullopt;
  if (!chain_id || !n || !gas_price) return fail("{}: the node's chain id, nonce or gas price does not parse", o.rpc);
  eth::Eip1559Tx tx;
  tx.chain_id = *chain_id;
  tx.nonce = *n;
  tx.max_fee_per_gas = *gas_price;
  tx.max_priority_fee_per_gas = *gas_price;
  tx.gas_limit = l2rpc::kL2TxGas;
  tx.to = l2rpc::withdrawal_address();
  if (o.token.empty()) {
    tx.value = *amount;
  } else {
    auto token = crypto::parse_address(o.token);
    if (!token) return fail("--token: {}", token.error().message);
    Bytes data{0xf3, 0xfe, 0xf3, 0xa3};  // withdraw(address,uint256)
    data.insert(data.end(), 12, 0);
    append(data, token->view());
    append(data, to_be32(*amount).view());
    tx.data = std::move(data);
  }
  const Bytes raw = eth::encode(eth::sign(tx, *key));
  auto hash = node_call(o.rpc, "eth_sendRawTransaction", net::Json::array({to_hex(raw)}));
  if (!hash) return unexpected(hash.error());
  const json j{{"tx", *hash}, {"from", crypto::to_checksum_hex(me)}, {"amount", to_dec(*amount)}, {"nonce", *n},
               {"token", o.token.empty() ? "ETH" : o.token}};
  if (o.json) print_json(j);
  else std::cout << fmt::format("withdrawal {} executed on the L2; claim it on L1 once its batch's root is final\n", hash->get<std::string>());
  return {};
}

/// The proof of a withdrawal: from --proof FILE, else from the node (--rpc, --tx).
Result<json> withdrawal_proof(const OptimisticOptions& o) {
  if (!o.proof.empty()) {
    std::ifstream in(o.proof);
    if (!in) return fail("--proof {}: cannot read", o.proof);
    auto j = json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("--proof {}: not a JSON object", o.proof);
    return j;
  }
  if (o.deposit) return node_call(o.rpc, "optimistic_depositRefundProof", net::Json::array({*o.deposit}));
  if (o.tx.empty()) return fail("--tx (the L2 withdrawal's hash) or --proof is required");
  return node_call(o.rpc, "optimistic_withdrawalProof", net::Json::array({o.tx}));
}

struct ParsedProof {
  std::uint64_t batch = 0;
  WithdrawalRecord w;
  crypto::SmtProof<Hash32> proof;
  Hash32 root;
};

Result<ParsedProof> parse_proof(const json& j) {
  ParsedProof p;
  try {
    p.batch = j.at("batch").get<std::uint64_t>();
    p.w.step = j.at("step").get<std::uint64_t>();
    auto r = crypto::parse_address(j.at("recipient").get<std::string>());
    if (!r) return fail("proof: recipient: {}", r.error().message);
    p.w.recipient = *r;
    p.w.token = j.at("token").get<ledger::TokenId>();
    auto amount = parse_u256(j.at("amount").get<std::string>());
    if (!amount) return fail("proof: amount is not a number");
    p.w.amount = *amount;
    auto bitmap = fixed_from_hex<Hash32>(j.at("bitmap").get<std::string>());
    auto root = fixed_from_hex<Hash32>(j.at("withdrawal_root").get<std::string>());
    if (!bitmap || !root) return fail("proof: bitmap or withdrawal_root is not 32 bytes of hex");
    p.proof.bitmap = *bitmap;
    p.root = *root;
    for (const auto& s : j.at("siblings")) {
      auto h = fixed_from_hex<Hash32>(s.get<std::string>());
      if (!h) return fail("proof: a sibling is not 32 bytes of hex");
      p.proof.siblings.push_back(*h);
    }
  } catch (const json::exception& e) {
    return fail("proof: {}", e.what());
  }
  return p;
}

Result<void> run_prove(const OptimisticOptions& o) {
  auto j = withdrawal_proof(o);
  if (!j) return unexpected(j.error());
  if (!o.out.empty()) {
    std::ofstream f(o.out);
    f << j->dump(2) << "\n";
    if (!f) return fail("--out {}: cannot write", o.out);
  }
  if (o.json) print_json(*j);
  else std::cout << fmt::format("withdrawal of {} wei at step {} of batch {}{}\n", (*j)["amount"].get<std::string>(),
                                (*j)["step"].get<std::uint64_t>(), (*j)["batch"].get<std::uint64_t>(),
                                o.out.empty() ? "" : ", proof written to " + o.out);
  return {};
}

Result<void> run_finalize(const OptimisticOptions& o) {
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto key = key_of(o.private_key);
  if (!key) return unexpected(key.error());
  auto j = withdrawal_proof(o);
  if (!j) return unexpected(j.error());
  auto p = parse_proof(*j);
  if (!p) return unexpected(p.error());
  auto& rollup = *s->rollup;
  auto proposals = rollup.proposal_count();
  if (!proposals) return unexpected(proposals.error());
  if (p->batch >= *proposals) return fail("batch {} has no proposed root yet ({} proposals on L1)", p->batch, *proposals);
  auto proposal = rollup.proposal(p->batch);
  if (!proposal) return unexpected(proposal.error());
  if (proposal->withdrawal_root != p->root)
    return fail("proposal {} commits to withdrawal root {}, the proof to {}: the proposal is wrong, challenge it", p->batch,
                to_hex(proposal->withdrawal_root.view()), to_hex(p->root.view()));
  auto finalized = rollup.finalized_count();
  if (!finalized) return unexpected(finalized.error());
  std::uint64_t finalize_gas = 0;
  for (std::uint64_t i = *finalized; i <= p->batch; ++i) {
    auto r = rollup.finalize(*key, i);
    if (!r) return fail("finalizing proposal {}: {} (its challenge window must pass first)", i, r.error().message);
    finalize_gas += r->gas_used;
    spdlog::info("proposal {} is final", i);
  }
  auto paid = rollup.claim_withdrawal(*key, p->batch, p->w, p->proof);
  if (!paid) return unexpected(paid.error());
  const json out{{"batch", p->batch},         {"step", p->w.step},
                 {"recipient", crypto::to_checksum_hex(p->w.recipient)},
                 {"token", p->w.token},       {"amount", to_dec(p->w.amount)},
                 {"claim_gas", paid->gas_used}, {"finalize_gas", finalize_gas},
                 {"l1_tx", to_hex(paid->transaction_hash.view())}};
  if (o.json) print_json(out);
  else std::cout << fmt::format("paid {} wei to {} on L1 ({} gas)\n", to_dec(p->w.amount), crypto::to_checksum_hex(p->w.recipient), paid->gas_used);
  return {};
}

/// `force`: the user's way around a censoring sequencer. It signs an L2 transfer as a batch entry
/// (account indices and nonce read from the node, which still answers reads) and queues it on L1;
/// once the forced-inclusion deadline has passed, L1 refuses every batch that leaves it out.
Result<void> run_force(const OptimisticOptions& o) {
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto key = key_of(o.private_key);
  if (!key) return unexpected(key.error());
  auto amount = amount_of(o.amount);
  if (!amount) return unexpected(amount.error());
  if (o.to.empty()) return fail("--to (the L2 receiver) is required");
  auto to = crypto::parse_address(o.to);
  if (!to) return fail("--to: {}", to.error().message);
  const Address me = crypto::address_of(*key);
  auto from_acct = node_call(o.rpc, "optimistic_account", net::Json::array({to_hex(me.view())}));
  if (!from_acct) return unexpected(from_acct.error());
  if (!from_acct->is_object() || !(*from_acct)["index"].is_number()) return fail("{} has no L2 account (deposit first)", crypto::to_checksum_hex(me));
  auto to_acct = node_call(o.rpc, "optimistic_account", net::Json::array({to_hex(to->view())}));
  if (!to_acct || !to_acct->is_object()) return fail("--rpc {}: optimistic_account does not answer", o.rpc);
  auto nonce = node_call(o.rpc, "eth_getTransactionCount", net::Json::array({to_hex(me.view()), "latest"}));
  auto price = node_call(o.rpc, "eth_gasPrice");
  if (!nonce || !price) return fail("--rpc {}: the node's nonce or gas price does not answer", o.rpc);
  auto n = quantity(*nonce, "eth_getTransactionCount");
  auto gas_price = price->is_string() ? parse_u256(price->get<std::string>()) : std::nullopt;
  if (!n || !gas_price) return fail("{}: the nonce or gas price does not parse", o.rpc);
  auto tokens = s->rollup->tokens();
  if (!tokens) return unexpected(tokens.error());
  BatchTransfer e;
  e.from = (*from_acct)["index"].get<ledger::AccountIndex>();
  if ((*to_acct)["index"].is_number()) {
    e.to = (*to_acct)["index"].get<ledger::AccountIndex>();
  } else {
    e.to = (*to_acct)["accounts"].get<ledger::AccountIndex>();  // the next account: a new one
    e.new_account = *to;
  }
  e.amount = *amount;
  e.fee = *gas_price * U256(l2rpc::kL2TxGas);
  const StepContext ctx{kDefaultChainId, *tokens};
  e.signature = crypto::sign(*key, entry_signing_hash(e, *n, *to, ctx));
  auto index = s->rollup->force_include(*key, e);
  if (!index) return unexpected(index.error());
  const json j{{"forced_index", *index}, {"from", crypto::to_checksum_hex(me)}, {"from_index", e.from},
               {"to", crypto::to_checksum_hex(*to)}, {"to_index", e.to}, {"new_account", e.new_account.has_value()},
               {"amount", to_dec(*amount)}, {"fee", to_dec(e.fee)}, {"nonce", *n}};
  if (o.json) print_json(j);
  else std::cout << fmt::format("forced entry {} queued on L1: {} wei to {}; a batch must include it after the deadline\n", *index,
                                to_dec(*amount), crypto::to_checksum_hex(*to));
  return {};
}

Result<void> run_status(const OptimisticOptions& o) {
  auto s = connect(o);
  if (!s) return unexpected(s.error());
  auto& rollup = *s->rollup;
  auto batches = rollup.batch_count();
  auto proposals = rollup.proposal_count();
  auto finalized = rollup.finalized_count();
  auto deposits = rollup.deposit_count();
  auto held = rollup.balance();
  if (!batches || !proposals || !finalized || !deposits || !held) return fail("reading the rollup on {} failed", o.l1_rpc);
  json j{{"rollup", crypto::to_checksum_hex(rollup.address())},
         {"batches", *batches},
         {"proposals", *proposals},
         {"finalized", *finalized},
         {"deposits", *deposits},
         {"held_wei", to_dec(*held)}};
  if (*proposals > 0) {
    auto last = rollup.proposal(*proposals - 1);
    if (last) j["latest_state_root"] = to_hex(last->state_root.view());
  }
  if (!o.status_rpc.empty()) {
    auto node = node_call(o.status_rpc, "optimistic_status");
    j["node"] = node ? *node : json(node.error().message);
  }
  if (o.json) print_json(j);
  else std::cout << j.dump(2) << "\n";
  return {};
}

}  // namespace

void add_optimistic_commands(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<OptimisticOptions>();
  auto* opt = app.add_subcommand("optimistic", "the optimistic rollup: contracts, sequencer node, deposits and withdrawals");
  opt->require_subcommand(1);
  const auto l1 = [&](CLI::App* c) {
    c->add_option("--l1-rpc", o->l1_rpc, "the L1's JSON-RPC URL");
    c->add_option("--deployment", o->deployment, "deployment file")->capture_default_str();
  };
  const auto common = [&](CLI::App* c) {
    c->add_option("--private-key", o->private_key, "the key to act with (default: $XWAY_PRIVATE_KEY)");
    c->add_flag("--json", o->json, "print JSON");
  };
  auto* dep = opt->add_subcommand("deploy", "deploy OneStepProver and OptimisticRollup, record them in the deployment file");
  l1(dep);
  common(dep);
  dep->add_option("--sequencer", o->sequencer, "the address that may post batches (default: the key's)");
  dep->add_option("--challenge-period", o->challenge_period_s, "challenge window in seconds")->capture_default_str();
  d.on(dep, [o] { return run_deploy(*o); });
  auto* node = opt->add_subcommand("node", "run a rollup node: the sequencer (L2 JSON-RPC, batches and proposals on L1) or a verifier");
  l1(node);
  common(node);
  node->add_option("--role", o->role, "sequencer, or verifier (derives the L2 from L1 alone, serves it, challenges wrong roots)")
      ->capture_default_str();
  node->add_option("--data-dir", o->data_dir, "RocksDB directory of the node's state");
  node->add_option("--rpc", o->rpc, "HOST:PORT to serve the L2 JSON-RPC on (port 0: a free one, printed)")->capture_default_str();
  node->add_option("--poll-ms", o->poll_ms, "L1 poll interval")->capture_default_str();
  node->add_option("--batch-interval-ms", o->batch_interval_ms, "how long sealed blocks wait for more before a batch posts")
      ->capture_default_str();
  node->add_option("--max-batch", o->max_batch, "entries per batch")->capture_default_str();
  node->add_flag("--no-propose", o->no_propose, "post batches but leave proposing to others");
  node->add_flag("--no-challenge", o->no_challenge, "verifier: only verify and report; never post a bond");
  node->add_option("--sequencer-rpc", o->sequencer_rpc,
                   "verifier: the sequencer's HOST:PORT to forward transactions (and pending nonces, the gas price) to");
  node->add_option("--censor", o->censor,
                   "ATTACK KNOB for scenarios: drop this address's L2 transactions and hold forced entries to their deadline");
  d.on(node, [o] { return run_node(*o); });
  auto* dp = opt->add_subcommand("deposit", "deposit ether (or --token) on L1 for an L2 address");
  l1(dp);
  common(dp);
  dp->add_option("--amount", o->amount, "wei")->required();
  dp->add_option("--to", o->to, "the L2 address credited (default: the key's)");
  dp->add_option("--token", o->token, "ERC-20 address (default: ether)");
  d.on(dp, [o] { return run_deposit(*o); });
  auto* wd = opt->add_subcommand("withdraw", "withdraw from the L2 to the key's own L1 address (a signed L2 transaction)");
  common(wd);
  wd->add_option("--rpc", o->rpc, "the L2 node's HOST:PORT")->capture_default_str();
  wd->add_option("--amount", o->amount, "wei")->required();
  wd->add_option("--token", o->token, "the ERC-20's L1 address (default: ether)");
  d.on(wd, [o] { return run_withdraw(*o); });
  auto* pw = opt->add_subcommand("prove-withdrawal", "the Merkle proof of a withdrawal in its batch (from the node)");
  common(pw);
  pw->add_option("--rpc", o->rpc, "the L2 node's HOST:PORT")->capture_default_str();
  pw->add_option("--tx", o->tx, "the L2 withdrawal transaction's hash")->required();
  pw->add_option("--out", o->out, "also write the proof to this file");
  d.on(pw, [o] { return run_prove(*o); });
  auto* fw = opt->add_subcommand("finalize-withdrawal", "finalize the roots up to a withdrawal's batch and claim it on L1");
  fw->alias("finalize");
  l1(fw);
  common(fw);
  fw->add_option("--rpc", o->rpc, "the L2 node's HOST:PORT")->capture_default_str();
  fw->add_option("--tx", o->tx, "the L2 withdrawal transaction's hash");
  fw->add_option("--proof", o->proof, "a proof file from prove-withdrawal --out (instead of asking the node)");
  d.on(fw, [o] { return run_finalize(*o); });
  auto* rd = opt->add_subcommand("refund-deposit",
                                 "claim back on L1 a deposit the L2 ledger refused, once its batch is final (finalizes up to it)");
  l1(rd);
  common(rd);
  rd->add_option("--rpc", o->rpc, "the L2 node's HOST:PORT")->capture_default_str();
  rd->add_option("--deposit", o->deposit, "the deposit's index in the L1 queue (as `deposit --json` printed it)")->required();
  d.on(rd, [o] { return run_finalize(*o); });
  auto* fo = opt->add_subcommand("force", "queue an L2 transfer on L1 (forced inclusion) when the sequencer censors you");
  l1(fo);
  common(fo);
  fo->add_option("--rpc", o->rpc, "the L2 node's HOST:PORT (account indices and nonce)")->capture_default_str();
  fo->add_option("--to", o->to, "the L2 receiver")->required();
  fo->add_option("--amount", o->amount, "wei")->required();
  d.on(fo, [o] { return run_force(*o); });
  auto* st = opt->add_subcommand("status", "the rollup's state on L1 (and the node's, with --rpc)");
  l1(st);
  common(st);
  st->add_option("--rpc", o->status_rpc, "the L2 node's HOST:PORT (adds its status)");
  d.on(st, [o] { return run_status(*o); });
}

}  // namespace xway::cli
