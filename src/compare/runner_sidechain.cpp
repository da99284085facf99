// The sidechain family's workload runner. Four real `xway sidechain validator` processes (RocksDB
// each, Tendermint rounds over the authenticated transport, the production one-second block time)
// running the two-way peg themselves against the runner's L1: a fresh SidechainBridge whose 3-of-4
// federation is the four validators' keys, and a SidechainCheckpoints contract at the production
// interval (600 blocks):
//   1. peg-in: each paying user locks on L1 exactly what it will pay plus its L2 fees; every
//      validator's deposit follower sees the deposits and, after the production 12 confirmations,
//      consensus mints them; the runner waits until every validator holds every mint;
//   2. the workload's transfers are signed Ethereum transactions (chain id 42070) sent to the
//      validators' JSON-RPC, spread over the four; a transfer is confirmed when validator 0 has
//      committed and executed it (its sender's eth_getTransactionCount passes its nonce);
//   3. every user's balance is read back from two validators and checked against the workload;
//   4. peg-out: the payee of the last transfer burns what it received (a withdrawal transaction);
//      the validators' federation signers sign its release and one of them submits it to L1; the
//      payout is read back from L1;
//   5. the run is shorter than one production checkpoint interval (600 blocks, 10 minutes), so the
//      validators post none: the runner posts one checkpoint of every block the run committed to
//      a SidechainCheckpoints of its own, signed by 3 of the 4 validators' keys, to measure that
//      step (the validators' own checkpointer is tested by sidechain.peg-in-out);
//   6. L1 gas and calldata: the bridge deposits, the checkpoint and the release, from receipts.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "compare/family.hpp"
#include "compare/family_runner.hpp"
#include "compare/runner_l1.hpp"
#include "compare/xway_process.hpp"
#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "eth/anvil.hpp"
#include "eth/transaction.hpp"
#include "net/rpc_client.hpp"
#include "sidechain/bridge_contract.hpp"
#include "sidechain/bridge_follower.hpp"
#include "sidechain/checkpoint.hpp"
#include "sidechain/checkpoint_contract.hpp"
#include "sidechain/devnet.hpp"
#include "sidechain/federation.hpp"
#include "sidechain/federation_quorum.hpp"
#include "sidechain/l2_tx.hpp"
#include "store/temp_dir.hpp"

namespace xway::compare {
namespace {

using namespace xway::sidechain;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
constexpr std::size_t kValidators = 4;
constexpr std::size_t kThreshold = 3;  ///< more than 2/3 of the federation, as for the validators
/// The production block time (the genesis default).
constexpr std::uint64_t kBlockTimeMs = 1000;
/// The L2 gas price every transfer pays (wei per gas; the validators' minimum).
const U256 kGasPrice = U256(1);
/// How long a transfer may take to be committed before it counts as an error.
constexpr auto kConfirmTimeout = std::chrono::seconds(60);
constexpr std::size_t kMaxSenders = 16;
/// Ethereum's slot time, for the deposit confirmations parameter.
constexpr double kSlotSeconds = 12;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// A persistent client to a validator's HOST:PORT API.
std::unique_ptr<net::RpcClient> client_for(const std::string& rpc) {
  const auto colon = rpc.rfind(':');
  return std::make_unique<net::RpcClient>(
      rpc.substr(0, colon), static_cast<std::uint16_t>(std::stoul(rpc.substr(colon + 1))),
      std::chrono::seconds(10));
}

Result<Json> call(net::RpcClient& c, std::string_view method, Json params) {
  auto r = c.call(method, std::move(params));
  if (!r)
    return fail("{}: {}", method,
                r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message
                                                             : r.error().message);
  return *r;
}

Result<U256> quantity(const Result<Json>& r, std::string_view what) {
  if (!r) return unexpected(r.error());
  if (!r->is_string()) return fail("{}: not a quantity", what);
  auto v = parse_u256(r->get<std::string>());
  if (!v) return fail("{}: not a quantity", what);
  return *v;
}

/// Follows the senders' committed nonces on one validator, on its own thread: nonce n of a
/// sender is committed at the time its eth_getTransactionCount first exceeds n.
class NonceFollower {
 public:
  NonceFollower(std::string rpc, std::vector<Address> senders)
      : rpc_(std::move(rpc)), senders_(std::move(senders)) {
    thread_ = std::thread([this] { loop(); });
  }
  ~NonceFollower() {
    stop_ = true;
    thread_.join();
  }
  /// When `nonce` of sender `s` (an index into the senders) was first seen committed.
  std::optional<Clock::time_point> committed(std::size_t s, std::uint64_t nonce) const {
    std::lock_guard lock(mutex_);
    auto it = seen_.find(s);
    if (it == seen_.end() || nonce + 1 >= it->second.size()) return std::nullopt;
    return it->second[nonce + 1];
  }
  std::string error() const {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  void loop() {
    auto client = client_for(rpc_);
    while (!stop_) {
      for (std::size_t s = 0; s < senders_.size(); ++s) {
        auto n = quantity(call(*client, "eth_getTransactionCount",
                               Json::array({crypto::to_checksum_hex(senders_[s]), "latest"})),
                          "eth_getTransactionCount");
        const auto now = Clock::now();
        std::lock_guard lock(mutex_);
        if (!n) {
          error_ = n.error().message;
          continue;
        }
        auto& times = seen_[s];
        while (times.size() <= n->convert_to<std::uint64_t>()) times.push_back(now);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  std::string rpc_;
  std::vector<Address> senders_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::map<std::size_t, std::vector<Clock::time_point>>
      seen_;  ///< per sender: [count] = first seen
  std::string error_;
  std::thread thread_;
};

/// One bridge deployment and devnet, for one run.
class SidechainRun {
 public:
  SidechainRun(const Workload& w, const RunnerEnv& env) : w_(w), env_(env) {}
  ~SidechainRun() {
    follower_.reset();
    for (auto& v : validators_) {
      if (v.child) v.child->kill();
    }
  }

  Result<FamilyFigures> run() {
    if (auto r = deploy_bridge(); !r) return unexpected(r.error());
    if (auto r = start_devnet(); !r) return unexpected(r.error());
    if (auto r = peg_in(); !r) return unexpected(r.error());
    if (auto r = pay(); !r) return unexpected(r.error());
    if (auto r = check_balances(); !r) return unexpected(r.error());
    if (auto r = checkpoint(); !r) return unexpected(r.error());
    if (auto r = peg_out(); !r) return unexpected(r.error());
    if (auto r = measure_l1(); !r) return unexpected(r.error());
    summarise();
    return figures_;
  }

 private:
  void step(std::string_view what, std::size_t total = 0) const {
    if (env_.progress && env_.progress->step) env_.progress->step("sidechain", what, total);
  }
  void advance(std::size_t done) const {
    if (env_.progress && env_.progress->advance) env_.progress->advance(done);
  }
  Address address(std::size_t u) const { return crypto::address_of(keys_[u]); }
  /// What user `u` must hold on the sidechain: its payments and their fees.
  U256 needs(std::size_t u) const {
    return w_.outgoing(u) + U256(w_.sends(u)) * U256(kL2TxGas) * kGasPrice;
  }
  U256 incoming(std::size_t u) const {
    U256 in = 0;
    for (const Transfer& t : w_.transfers) in += t.to == u ? t.amount : U256(0);
    return in;
  }

  Result<void> fund(const Address& who, const U256& wei) { return compare::fund(env_, who, wei); }

  /// The devnet's keys and genesis first: the bridge's federation and the checkpoint set are its
  /// validators, and the genesis names the contracts every validator follows.
  Result<void> deploy_bridge() {
    step("deploying SidechainBridge (the 4 validators as a 3-of-4 federation)");
    if (auto r = fund(crypto::address_of(deployer_), 10 * kEther); !r) return r;
    if (auto r = fund(crypto::address_of(relayer_), kEther); !r) return r;
    auto plan = prepare_devnet(dir_.path() / "devnet", kValidators, kBlockTimeMs, {});
    if (!plan) return unexpected(plan.error());
    plan_ = std::move(*plan);
    for (const auto& v : plan_.genesis.validators) validator_addresses_.push_back(v.address);
    auto addr = BridgeContract::deploy(*env_.l1, deployer_, plan_.genesis.chain_id, validator_addresses_, kThreshold);
    if (!addr) return unexpected(addr.error());
    bridge_ = std::make_unique<BridgeContract>(*env_.l1, *addr);
    auto head = env_.l1->block_number();
    if (!head) return fail("eth_blockNumber: {}", eth::describe(head.error()));
    first_l1_block_ = *head;
    auto cp = CheckpointContract::deploy(*env_.l1, deployer_, plan_.genesis.chain_id, kDefaultCheckpointInterval, 1,
                                         validator_addresses_);
    if (!cp) return unexpected(cp.error());
    plan_.genesis.bridge = GenesisBridge{*addr, *cp, first_l1_block_, kDefaultDepositConfirmations};
    if (auto w = plan_.genesis.write(plan_.genesis_path.string()); !w) return unexpected(w.error());
    // Each validator pays its own L1 gas (the releases it submits).
    for (const auto& v : validator_addresses_) {
      if (auto r = fund(v, 10 * kEther); !r) return r;
    }
    for (std::size_t u = 0; u < w_.users; ++u) keys_.push_back(crypto::PrivateKey::generate());
    return {};
  }

  Result<void> start_devnet() {
    step("starting 4 `xway sidechain validator` processes (peg and checkpoints on L1)", kValidators);
    auto bin = find_xway_binary();
    if (!bin) return unexpected(bin.error());
    for (std::size_t i = 0; i < kValidators; ++i) {
      auto argv = validator_argv(bin->string(), plan_, i, {"--l1-rpc", env_.l1_rpc});
      argv.insert(argv.begin() + 1, {"--log-level", "warn"});  // the report owns stderr
      auto p = spawn_validator(argv);
      if (!p) return unexpected(p.error());
      validators_.push_back(std::move(*p));
      advance(i + 1);
    }
    // Committing means the four found each other: wait for two blocks on every validator.
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    for (std::size_t i = 0; i < kValidators; ++i) {
      auto c = client_for(validators_[i].rpc);
      while (true) {
        auto s = call(*c, "sidechain_status", Json::array());
        if (s && (*s)["height"].get<std::uint64_t>() >= 2) break;
        if (Clock::now() > deadline) return fail("validator {} did not reach height 2 in 60 s", i);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    return {};
  }

  /// The balance validator `v` reports for `who`.
  Result<U256> balance_at(net::RpcClient& c, const Address& who) {
    return quantity(call(c, "eth_getBalance", Json::array({crypto::to_checksum_hex(who), "latest"})), "eth_getBalance");
  }

  /// Each paying user locks what it needs in the bridge; the validators mint it after the
  /// confirmations, by consensus, and the run waits until every validator holds every mint.
  Result<void> peg_in() {
    std::size_t payers = 0;
    for (std::size_t u = 0; u < w_.users; ++u) payers += w_.sends(u) > 0 ? 1 : 0;
    step("locking deposits in the L1 bridge", payers);
    std::size_t done = 0;
    for (std::size_t u = 0; u < w_.users; ++u) {
      if (w_.sends(u) == 0) continue;
      if (auto r = fund(address(u), kEther + needs(u)); !r) return r;
      auto d = bridge_->deposit(keys_[u], address(u), needs(u));
      if (!d) return unexpected(d.error());
      advance(++done);
    }
    auto locked = bridge_->locked(Address{});
    if (!locked) return unexpected(locked.error());
    locked_ = *locked;
    step(fmt::format("waiting {} L1 confirmations, then the validators' mints", kDefaultDepositConfirmations), payers);
    if (env_.dev_chain) {
      if (auto m = env_.l1->mine(kDefaultDepositConfirmations); !m)
        return fail("mining the confirmations: {}", eth::describe(m.error()));
    }
    // Off anvil the confirmations are real L1 blocks: up to a few minutes.
    const auto deadline = Clock::now() + std::chrono::minutes(env_.dev_chain ? 1 : 6);
    std::vector<std::unique_ptr<net::RpcClient>> clients;
    for (const auto& v : validators_) clients.push_back(client_for(v.rpc));
    std::size_t minted = 0;
    for (std::size_t v = 0; v < kValidators; ++v) {
      for (std::size_t u = 0; u < w_.users; ++u) {
        const U256 want = w_.sends(u) > 0 ? needs(u) : U256(0);
        while (true) {
          auto b = balance_at(*clients[v], address(u));
          if (!b) return unexpected(b.error());
          if (*b == want) break;
          if (*b > want) return fail("validator {} minted {} wei for user {}, more than the {} it locked", v, to_dec(*b), u, to_dec(want));
          if (Clock::now() > deadline)
            return fail("validator {} holds {} wei for user {}, not the {} it locked, {} s after the confirmations", v,
                        to_dec(*b), u, to_dec(want), env_.dev_chain ? 60 : 360);
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (v == 0 && w_.sends(u) > 0) advance(++minted);
      }
    }
    return {};
  }

  /// The measured part: every transfer signed and sent to a validator's API, all senders at once.
  Result<void> pay() {
    const std::size_t n = w_.transfers.size();
    std::vector<std::uint64_t> nonce_of(n);
    std::vector<std::string> raw(n);
    std::map<std::size_t, std::uint64_t> next;
    for (std::size_t i = 0; i < n; ++i) {
      const Transfer& t = w_.transfers[i];
      eth::Eip1559Tx tx;
      tx.chain_id = kSidechainChainId;
      tx.nonce = nonce_of[i] = next[t.from]++;
      tx.max_fee_per_gas = tx.max_priority_fee_per_gas = kGasPrice;
      tx.gas_limit = kL2TxGas;
      tx.to = address(t.to);
      tx.value = t.amount;
      raw[i] = to_hex(eth::encode(eth::sign(tx, keys_[t.from])));
    }
    std::vector<Address> senders;
    for (std::size_t u = 0; u < w_.users; ++u) senders.push_back(address(u));
    follower_ = std::make_unique<NonceFollower>(validators_[0].rpc, senders);
    step("transfers through the validators", n);
    std::vector<Clock::time_point> at(n);
    std::vector<char> sent(n, 0);
    std::atomic<std::size_t> refused{0};
    std::mutex error_mutex;
    const std::size_t threads = std::min(kMaxSenders, w_.users);
    auto lane = [&](std::size_t lane) {
      std::vector<std::unique_ptr<net::RpcClient>> clients;
      for (const auto& v : validators_) clients.push_back(client_for(v.rpc));
      for (std::size_t i = 0; i < n; ++i) {
        const Transfer& t = w_.transfers[i];
        if (t.from % threads != lane) continue;
        at[i] = Clock::now();
        auto r = call(*clients[t.from % clients.size()], "sidechain_sendRawTransaction",
                      Json::array({raw[i]}));
        if (!r) {
          std::lock_guard g(error_mutex);
          if (first_error_.empty()) first_error_ = r.error().message;
          ++refused;
          continue;
        }
        sent[i] = 1;
      }
    };
    const auto t0 = Clock::now();
    std::vector<std::thread> lanes;
    for (std::size_t l = 0; l < threads; ++l) lanes.emplace_back(lane, l);
    for (auto& t : lanes) t.join();
    figures_.errors = refused;
    std::vector<std::optional<Clock::time_point>> done(n);
    const auto deadline = Clock::now() + kConfirmTimeout;
    while (true) {
      std::size_t count = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (sent[i] && !done[i]) done[i] = follower_->committed(w_.transfers[i].from, nonce_of[i]);
        count += done[i] ? 1 : 0;
      }
      advance(count);
      if (count == n - figures_.errors || Clock::now() > deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    Clock::time_point last = t0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!sent[i]) continue;
      if (!done[i]) {
        ++figures_.errors;
        continue;
      }
      figures_.confirm_ms.push_back(ms_between(at[i], *done[i]));
      last = std::max(last, *done[i]);
      ++figures_.txs;
      last_payee_ = i;
    }
    figures_.duration_s = std::chrono::duration<double>(last - t0).count();
    follower_.reset();
    if (figures_.txs == 0)
      return fail("no transfer was committed ({})",
                  first_error_.empty() ? "no error reported" : first_error_);
    return {};
  }

  /// Every user's balance on two validators: minted - paid - fees + received.
  Result<void> check_balances() {
    if (figures_.errors > 0) return {};  // a refused transfer changes the sums; the figures say so
    step("reading every balance back from validators 0 and 3");
    for (std::size_t v : {std::size_t{0}, kValidators - 1}) {
      auto c = client_for(validators_[v].rpc);
      for (std::size_t u = 0; u < w_.users; ++u) {
        auto b = quantity(call(*c, "eth_getBalance",
                               Json::array({crypto::to_checksum_hex(address(u)), "latest"})),
                          "eth_getBalance");
        if (!b) return unexpected(b.error());
        const U256 minted = w_.sends(u) > 0 ? needs(u) : U256(0);
        if (*b + needs(u) != minted + incoming(u)) {
          return fail(
              "validator {} holds {} wei for user {}, not {} minted - {} paid with fees + {} "
              "received",
              v, to_dec(*b), u, to_dec(minted), to_dec(needs(u)), to_dec(incoming(u)));
        }
      }
    }
    return {};
  }

  /// One checkpoint of heights 1..H (every block the run committed so far) on L1, signed by more
  /// than 2/3 of the validators, as the validators would every kDefaultCheckpointInterval blocks.
  Result<void> checkpoint() {
    step("posting a checkpoint of the run's blocks to L1 (3 of 4 validator signatures)");
    auto c0 = client_for(validators_[0].rpc);
    auto status = call(*c0, "sidechain_status", Json::array());
    if (!status) return unexpected(status.error());
    const std::uint64_t top = (*status)["height"].get<std::uint64_t>();
    std::vector<Hash32> hashes;
    for (std::uint64_t h = 1; h <= top; ++h) {
      auto b = call(*c0, "sidechain_getBlock", Json::array({h}));
      if (!b) return unexpected(b.error());
      auto hash = b->is_object() ? fixed_from_hex<Hash32>(b->value("hash", ""))
                                 : unexpected(HexError::kBadDigit);
      if (!hash) return fail("validator 0 has no hash for block {}", h);
      hashes.push_back(*hash);
    }
    std::vector<crypto::PrivateKey> validator_keys;
    for (const auto& m : plan_.members) validator_keys.push_back(m.key);
    auto addr = CheckpointContract::deploy(*env_.l1, deployer_, kSidechainChainId, top, 1,
                                           sorted_addresses(validator_keys));
    if (!addr) return unexpected(addr.error());
    CheckpointContract contract(*env_.l1, *addr);
    auto domain = contract.domain();
    if (!domain) return unexpected(domain.error());
    auto cp = make_checkpoint(1, hashes);
    if (!cp) return fail("making the checkpoint: {}", describe(cp.error()));
    const std::vector<crypto::PrivateKey> signers(
        validator_keys.begin(), validator_keys.begin() + checkpoint_quorum(kValidators));
    const auto t1 = Clock::now();
    if (auto r =
            contract.post(relayer_, *cp, sign_sorted(signers, checkpoint_digest(*domain, *cp)));
        !r)
      return unexpected(r.error());
    checkpoint_s_ = seconds_since(t1);
    return {};
  }

  /// The last payee burns what it was paid (less the fee) and the federation releases it on L1.
  Result<void> peg_out() {
    if (!last_payee_) return {};
    const Transfer& paid = w_.transfers[*last_payee_];
    const std::size_t who = paid.to;
    step("withdrawing one payee's funds to L1 (burn; the validators release it)");
    auto c = client_for(validators_[who % kValidators].rpc);
    auto c0 = client_for(validators_[0].rpc);
    auto nonce = quantity(call(*c0, "eth_getTransactionCount",
                               Json::array({crypto::to_checksum_hex(address(who)), "latest"})),
                          "nonce");
    if (!nonce) return unexpected(nonce.error());
    const U256 fee = U256(kL2TxGas) * kGasPrice;
    const U256 amount = paid.amount - fee;
    eth::Eip1559Tx tx;
    tx.chain_id = kSidechainChainId;
    tx.nonce = nonce->convert_to<std::uint64_t>();
    tx.max_fee_per_gas = tx.max_priority_fee_per_gas = kGasPrice;
    tx.gas_limit = kL2TxGas;
    tx.to = withdrawal_address();
    tx.value = amount;
    const Bytes raw = eth::encode(eth::sign(tx, keys_[who]));
    // Read before the burn: the release may land on L1 before the runner sees the burn committed.
    auto before = env_.l1->balance(address(who), eth::BlockRef::latest());
    if (!before) return fail("reading the payee's L1 balance: {}", eth::describe(before.error()));
    const auto t0 = Clock::now();
    if (auto r = call(*c, "sidechain_sendRawTransaction", Json::array({to_hex(raw)})); !r)
      return fail("the burn: {}", r.error().message);
    const auto deadline = Clock::now() + kConfirmTimeout;
    while (true) {
      auto now = quantity(call(*c0, "eth_getTransactionCount",
                               Json::array({crypto::to_checksum_hex(address(who)), "latest"})),
                          "nonce");
      if (!now) return unexpected(now.error());
      if (*now > *nonce) break;
      if (Clock::now() > deadline)
        return fail("the burn was not committed within {} s", kConfirmTimeout.count());
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double burn_s = seconds_since(t0);
    const auto t1 = Clock::now();
    const Hash32 burn_id = crypto::keccak256(raw);
    // The validators' federation signers sign the release and one of them submits it.
    const auto release_deadline = Clock::now() + std::chrono::seconds(120);
    while (true) {
      auto released = bridge_->released(burn_id);
      if (!released) return unexpected(released.error());
      if (*released) break;
      if (Clock::now() > release_deadline) return fail("the validators did not release the burn on L1 within 120 s");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const double release_s = seconds_since(t1);
    auto after = env_.l1->balance(address(who), eth::BlockRef::latest());
    if (!after) return fail("reading the payee's L1 balance: {}", eth::describe(after.error()));
    if (*after != *before + amount) {
      return fail("the payee's L1 balance went from {} to {} wei, not up by the {} wei burned", to_dec(*before),
                  to_dec(*after), to_dec(amount));
    }
    figures_.withdrawal_steps = {
        {"burn committed on the sidechain (a withdrawal transaction)", burn_s, true},
        {"3 of 4 validators sign the release, one submits it; paid on L1", release_s, true}};
    figures_.withdrawal_s = burn_s + release_s;
    return {};
  }

  /// Gas and calldata of the bridge deposits and the release, from receipts.
  Result<void> measure_l1() {
    step("reading the bridge transactions' receipts from L1");
    auto head = env_.l1->block_number();
    if (!head) return fail("eth_blockNumber: {}", eth::describe(head.error()));
    std::set<Address> senders{crypto::address_of(relayer_)};  // the runner's checkpoint
    for (const auto& v : validator_addresses_) senders.insert(v);  // the release
    for (std::size_t u = 0; u < w_.users; ++u) senders.insert(address(u));
    auto usage = l1_usage(*env_.l1, first_l1_block_ + 1, *head, senders);
    if (!usage) return unexpected(usage.error());
    figures_.l1_gas = usage->gas;
    figures_.l1_bytes = usage->bytes;
    figures_.l1_transactions = usage->transactions;
    return {};
  }

  void summarise() {
    for (const auto& f : families()) {
      if (f.name == "sidechain") figures_.trust = std::string(f.trust);
    }
    figures_.capital_locked_wei = locked_ / U256(w_.users);
    std::vector<double> confirms = figures_.confirm_ms;
    std::sort(confirms.begin(), confirms.end());
    const double p50_s = confirms.empty() ? 0 : confirms[confirms.size() / 2] / 1000;
    const double interval_s =
        static_cast<double>(kDefaultCheckpointInterval) * static_cast<double>(kBlockTimeMs) / 1000;
    figures_.finality_steps = {
        {"committed by more than 2/3 of the validators (p50): final on the sidechain", p50_s, true},
        {"wait for the next checkpoint (600 blocks, production interval)", interval_s, false},
        {"checkpoint signed by 3 of 4 validators, posted on L1", checkpoint_s_, true},
        {"Ethereum finality of that L1 block", kEthereumFinalitySeconds, false}};
    figures_.finality_s = p50_s + interval_s + checkpoint_s_ + kEthereumFinalitySeconds;
    figures_.parameters = {
        {"block_time_s", static_cast<double>(kBlockTimeMs) / 1000,
         "sidechain block time (production, the genesis default)"},
        {"checkpoint_interval_s", interval_s, "600 blocks between checkpoints to L1 (production)"},
        {"l1_finality_s", kEthereumFinalitySeconds, "Ethereum finality: two epochs"},
        {"deposit_confirmations_s",
         static_cast<double>(kDefaultDepositConfirmations) * kSlotSeconds,
         "peg-in: 12 L1 confirmations before a deposit is minted (production)"}};
  }

  const Workload& w_;
  const RunnerEnv& env_;
  crypto::PrivateKey deployer_ = crypto::PrivateKey::generate();
  crypto::PrivateKey relayer_ = crypto::PrivateKey::generate();
  std::vector<Address> validator_addresses_;  ///< genesis order: the federation and checkpoint set
  std::vector<crypto::PrivateKey> keys_;
  std::unique_ptr<BridgeContract> bridge_;
  std::uint64_t first_l1_block_ = 0;  ///< the bridge's deployment block
  U256 locked_ = 0;
  store::TempDir dir_;
  DevnetPlan plan_;
  std::vector<ValidatorProcess> validators_;
  std::unique_ptr<NonceFollower> follower_;
  double checkpoint_s_ = 0;
  std::optional<std::size_t> last_payee_;
  std::string first_error_;
  FamilyFigures figures_;
};

class SidechainRunner final : public FamilyRunner {
 public:
  std::string_view family() const override { return "sidechain"; }
  Result<FamilyFigures> run(const Workload& workload, const RunnerEnv& env) override {
    if (env.l1 == nullptr) return fail("sidechain runner: no L1 client");
    SidechainRun run(workload, env);
    return run.run();
  }
};

}  // namespace

std::unique_ptr<FamilyRunner> make_sidechain_runner() {
  return std::make_unique<SidechainRunner>();
}

}  // namespace xway::compare
