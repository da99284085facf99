// `sidechain.peg-in-out`: the two-way peg run by the validators themselves, end to end. Four real
// `xway sidechain validator` processes (200 ms blocks) run the deposit follower, the federation
// signers (3 of the 4 validators' keys) and the checkpointer against the L1 at env.l1_rpc:
//   lock 5 ether on L1 -> not minted before 12 confirmations -> minted once on every validator ->
//   a sidechain transfer -> two burns -> released on L1 by the validators (no one else signs) ->
//   a second payment of a release refused -> a checkpoint posted that proves a sidechain block ->
//   a validator killed with SIGKILL and restarted mints nothing twice.
// Every verdict is read back: L1 balances and bridge state from the chain, sidechain balances from
// each validator's JSON-RPC.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "compare/scenario.hpp"
#include "core/hex.hpp"
#include "core/log.hpp"
#include "crypto/keccak.hpp"
#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "eth/transaction.hpp"
#include "sidechain/bridge_contract.hpp"
#include "sidechain/bridge_follower.hpp"
#include "sidechain/checkpoint_contract.hpp"
#include "sidechain/devnet.hpp"
#include "sidechain/federation_quorum.hpp"
#include "sidechain/l2_tx.hpp"
#include "store/temp_dir.hpp"

namespace xway::compare {
namespace {

using namespace xway::sidechain;
using Clock = std::chrono::steady_clock;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
const U256 kGwei = U256(1'000'000'000ULL);
constexpr std::size_t kValidators = 4;
constexpr std::uint64_t kThreshold = 3;
constexpr std::uint64_t kBlockTimeMs = 200;      // an explicit scenario parameter (production: 1 s)
constexpr std::uint64_t kCheckpointInterval = 20;  // production: 600
constexpr std::uint64_t kConfirmations = kDefaultDepositConfirmations;

#define TRY(expr)                           \
  do {                                      \
    auto _r = (expr);                       \
    if (!_r) return unexpected(_r.error()); \
  } while (0)

void check(ScenarioReport& r, std::string what, bool ok, std::string expected, std::string observed) {
  r.checks.push_back(Check{std::move(what), ok, std::move(expected), std::move(observed)});
}

std::string wei(const U256& v) { return to_dec(v) + " wei"; }

Result<std::filesystem::path> xway_binary() {
  if (const char* env = std::getenv("XWAY_BIN")) return std::filesystem::path(env);
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return fail("cannot read /proc/self/exe: {}", ec.message());
  if (self.filename() == "xway") return self;
  for (auto dir = self.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    const auto candidate = dir / "xway";
    if (std::filesystem::is_regular_file(candidate) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return fail("cannot find the xway binary near {} (set XWAY_BIN)", self.string());
}

Result<U256> l1_balance(eth::Client& l1, const Address& a) {
  auto b = l1.balance(a, eth::BlockRef::latest());
  if (!b) return unexpected(eth::to_failure("L1 balance", b.error()));
  return *b;
}

/// The sidechain balance of `a` at validator `rpc` (none when it does not answer).
std::optional<U256> sc_balance(const std::string& rpc, const Address& a) {
  auto r = validator_call(rpc, "eth_getBalance", net::Json::array({crypto::to_checksum_hex(a), "latest"}));
  if (!r || !r->is_string()) return std::nullopt;
  return U256(r->get<std::string>());
}

/// Waits up to `seconds` for `done()`.
template <class F>
bool wait_for(F done, int seconds) {
  const auto deadline = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

/// A signed sidechain transaction (docs/l2-transactions.md): 1 gwei, 21,000 gas.
Bytes l2_tx(const crypto::PrivateKey& key, std::uint64_t chain_id, std::uint64_t nonce, const Address& to,
            const U256& value) {
  eth::Eip1559Tx tx;
  tx.chain_id = chain_id;
  tx.nonce = nonce;
  tx.max_fee_per_gas = tx.max_priority_fee_per_gas = kGwei;
  tx.gas_limit = kL2TxGas;
  tx.to = to;
  tx.value = value;
  return eth::encode(eth::sign(tx, key));
}

/// The four validators, each restartable on its own data directory.
struct Validators {
  std::string bin;
  std::string l1_rpc;
  DevnetPlan plan;
  std::vector<ValidatorProcess> procs;

  Result<void> start(std::size_t i) {
    auto p = spawn_validator(validator_argv(bin, plan, i, {"--l1-rpc", l1_rpc}));
    if (!p) return unexpected(p.error());
    procs[i] = std::move(*p);
    return {};
  }
  void kill(std::size_t i) {
    if (procs[i].child) procs[i].child->kill();
    procs[i].child.reset();
  }
  const std::string& rpc(std::size_t i) const { return procs[i].rpc; }
  /// Whether every validator reports `want` for `a`.
  bool all_have(const Address& a, const U256& want) const {
    for (const auto& p : procs)
      if (sc_balance(p.rpc, a) != want) return false;
    return true;
  }
  std::uint64_t height(std::size_t i) const {
    auto s = validator_call(procs[i].rpc, "sidechain_status");
    return s ? (*s)["height"].get<std::uint64_t>() : 0;
  }
};

}  // namespace

Result<ScenarioReport> sidechain_peg_in_out(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"sidechain.peg-in-out"};
  auto connected = eth::RpcClient::connect(env.l1_rpc);
  if (!connected) return unexpected(eth::to_failure(env.l1_rpc, connected.error()));
  eth::RpcClient& l1 = **connected;
  const crypto::PrivateKey dev = eth::well_known_dev_keys().front();
  auto bin = xway_binary();
  if (!bin) return unexpected(bin.error());

  // The devnet's keys and genesis first: the bridge's federation and the checkpoint set are its
  // validators, and the genesis names the contracts every validator mints from.
  store::TempDir dir;
  auto plan = prepare_devnet(dir.path() / "devnet", kValidators, kBlockTimeMs, {});
  if (!plan) return unexpected(plan.error());
  std::vector<Address> validators;
  for (const auto& v : plan->genesis.validators) validators.push_back(v.address);
  const std::uint64_t chain_id = plan->genesis.chain_id;
  auto bridge_addr = BridgeContract::deploy(l1, dev, chain_id, validators, kThreshold);
  if (!bridge_addr) return unexpected(bridge_addr.error());
  auto start_block = l1.block_number();
  if (!start_block) return unexpected(eth::to_failure("block number", start_block.error()));
  auto cp_addr = CheckpointContract::deploy(l1, dev, chain_id, kCheckpointInterval, 1, validators);
  if (!cp_addr) return unexpected(cp_addr.error());
  plan->genesis.bridge = GenesisBridge{*bridge_addr, *cp_addr, *start_block, kConfirmations};
  TRY(plan->genesis.write(plan->genesis_path.string()));
  BridgeContract bridge(l1, *bridge_addr);
  CheckpointContract checkpoints(l1, *cp_addr);
  // Each validator pays its own L1 gas (releases, checkpoints).
  for (const auto& v : validators) {
    eth::TxRequest tx;
    tx.to = v;
    tx.value = kEther * 10;
    tx.label = "scenario.fund";
    if (auto s = l1.send_transaction(dev, tx); !s) return unexpected(eth::to_failure("funding a validator", s.error()));
  }

  Validators net{bin->string(), env.l1_rpc, std::move(*plan), {}};
  net.procs.resize(kValidators);
  for (std::size_t i = 0; i < kValidators; ++i) TRY(net.start(i));

  // Alice locks 5 ether on L1 for herself on the sidechain; Bob has nothing anywhere.
  const auto alice = crypto::PrivateKey::generate();
  const auto bob = crypto::PrivateKey::generate();
  const Address a = crypto::address_of(alice), b = crypto::address_of(bob);
  {
    eth::TxRequest tx;
    tx.to = a;
    tx.value = kEther * 6;
    tx.label = "scenario.fund";
    if (auto s = l1.send_transaction(dev, tx); !s) return unexpected(eth::to_failure("funding alice", s.error()));
  }
  const U256 deposit = kEther * 5;
  auto dep = bridge.deposit(alice, a, deposit);
  if (!dep) return unexpected(dep.error());
  const std::uint64_t deposit_gas = dep->receipt.gas_used;

  std::this_thread::sleep_for(std::chrono::milliseconds(2'000));
  const auto early = sc_balance(net.rpc(0), a).value_or(U256(0));
  check(r, "the deposit is not minted before 12 L1 confirmations", early == 0, "0 wei on the sidechain", wei(early));

  if (auto m = l1.mine(kConfirmations); !m) return unexpected(eth::to_failure("mining confirmations", m.error()));
  const auto mint_t0 = Clock::now();
  const bool minted = wait_for([&] { return net.all_have(a, deposit); }, 60);
  const double mint_s = std::chrono::duration<double>(Clock::now() - mint_t0).count();
  check(r, "every validator minted the deposit once after 12 confirmations", minted, wei(deposit) + " on all 4",
        fmt::format("{} on validator 4, {:.1f} s after the 12th confirmation",
                    wei(sc_balance(net.rpc(3), a).value_or(U256(0))), mint_s));

  // On the sidechain: Alice pays Bob 2 ether; then both withdraw.
  const U256 fee = kGwei * U256(kL2TxGas);
  const U256 to_bob = kEther * 2;
  auto sent = validator_call(net.rpc(1), "eth_sendRawTransaction", net::Json::array({to_hex(l2_tx(alice, chain_id, 0, b, to_bob))}));
  if (!sent) return unexpected(sent.error());
  const bool paid = wait_for([&] { return net.all_have(b, to_bob); }, 30);
  check(r, "a sidechain transfer commits on every validator", paid, wei(to_bob) + " for bob",
        wei(sc_balance(net.rpc(0), b).value_or(U256(0))));

  auto alice_l1_before = l1_balance(l1, a);
  if (!alice_l1_before) return unexpected(alice_l1_before.error());
  const U256 bob_out = kEther * 3 / 2;  // 1.5 ether
  const U256 alice_out = kEther;
  const Bytes bob_burn = l2_tx(bob, chain_id, 0, withdrawal_address(), bob_out);
  const Bytes alice_burn = l2_tx(alice, chain_id, 1, withdrawal_address(), alice_out);
  const Hash32 bob_id = crypto::keccak256(bob_burn), alice_id = crypto::keccak256(alice_burn);
  for (const Bytes* raw : {&bob_burn, &alice_burn}) {
    auto s = validator_call(net.rpc(2), "eth_sendRawTransaction", net::Json::array({to_hex(*raw)}));
    if (!s) return unexpected(s.error());
  }
  const auto burn_t0 = Clock::now();
  const bool released = wait_for(
      [&] {
        auto x = bridge.released(bob_id);
        auto y = bridge.released(alice_id);
        return x && *x && y && *y;
      },
      90);
  const double release_s = std::chrono::duration<double>(Clock::now() - burn_t0).count();
  check(r, "the validators' federation released both burns on L1", released, "2 releases",
        released ? fmt::format("2 releases, {:.1f} s after the burns were sent", release_s) : "not released in 90 s");

  // L1 balances, read back: the release paid exactly the burned amounts.
  auto bob_l1 = l1_balance(l1, b);
  auto alice_l1 = l1_balance(l1, a);
  if (!bob_l1 || !alice_l1) return unexpected(!bob_l1 ? bob_l1.error() : alice_l1.error());
  check(r, "L1 paid bob exactly what he burned", *bob_l1 == bob_out, wei(bob_out), wei(*bob_l1));
  check(r, "L1 paid alice exactly what she burned", *alice_l1 == *alice_l1_before + alice_out,
        wei(*alice_l1_before + alice_out), wei(*alice_l1));

  // A release cannot be paid twice, even with M honest signatures.
  {
    std::vector<crypto::PrivateKey> keys;
    for (std::size_t i = 0; i < kThreshold; ++i) keys.push_back(net.plan.members[i].key);
    auto domain = bridge.domain();
    if (!domain) return unexpected(domain.error());
    const Burn again{bob_id, b, Address{}, bob_out};
    auto twice = bridge.release(dev, again, sign_sorted(keys, release_digest(*domain, again)));
    check(r, "a second release of the same burn is refused by L1", !twice, "AlreadyReleased",
          twice ? "paid twice" : twice.error().message);
  }

  // What the validators recorded: both burns released, with the L1 transaction that paid them.
  std::uint64_t release_gas = 0;  // both releases, from their receipts
  std::size_t recorded = 0;
  for (const Hash32& id : {bob_id, alice_id}) {
    net::Json burn;
    wait_for(
        [&] {
          auto got = validator_call(net.rpc(0), "sidechain_getBurn", net::Json::array({to_hex(id.view())}));
          if (got && got->is_object() && (*got)["released"].get<bool>()) burn = *got;
          return burn.is_object();
        },
        15);
    if (!burn.is_object()) continue;
    ++recorded;
    // The submitter's record has the transaction; the others saw the release on L1.
    for (std::size_t i = 0, found = 0; i < kValidators && found == 0; ++i) {
      auto got = validator_call(net.rpc(i), "sidechain_getBurn", net::Json::array({to_hex(id.view())}));
      if (!got || !got->is_object() || !(*got)["l1_tx"].is_string()) continue;
      auto tx = from_hex((*got)["l1_tx"].get<std::string>());
      if (!tx || tx->size() != 32) continue;
      auto rc = l1.receipt(Hash32{FixedBytes<32>::from_view(*tx)});
      if (rc && *rc) {
        release_gas += (*rc)->gas_used;
        found = 1;
      }
    }
  }
  check(r, "validator 1 recorded both burns as released", recorded == 2, "2 released", fmt::format("{} released", recorded));

  // A checkpoint of the first 20 blocks, posted by the validators, proves a block hash on L1.
  const bool posted = wait_for(
      [&] {
        auto n = checkpoints.count();
        return n && *n >= 1;
      },
      60);
  bool proven = false;
  std::string cp_observed = "no checkpoint";
  if (posted) {
    auto stored = checkpoints.checkpoint(0);
    std::vector<Hash32> hashes;
    for (std::uint64_t h = 1; h <= kCheckpointInterval; ++h) {
      auto blk = validator_call(net.rpc(3), "sidechain_getBlock", net::Json::array({h}));
      if (!blk || !blk->is_object()) break;
      auto hb = from_hex((*blk)["hash"].get<std::string>());
      if (!hb || hb->size() != 32) break;
      hashes.push_back(Hash32{FixedBytes<32>::from_view(*hb)});
    }
    if (stored && hashes.size() == kCheckpointInterval) {
      auto proof = prove_block(1, hashes, 7);
      auto ok = proof ? checkpoints.verify_block(0, 7, hashes[6], *proof) : Result<bool>(false);
      const auto mine = make_checkpoint(1, hashes);
      proven = ok && *ok && mine && mine->root == stored->checkpoint.root;
      cp_observed = fmt::format("checkpoint [{}, {}], root {}, block 7 {}", stored->checkpoint.from_height,
                                stored->checkpoint.to_height, to_hex(stored->checkpoint.root.view()),
                                proven ? "proven" : "not proven");
    }
  }
  check(r, "a checkpoint signed by more than 2/3 of the validators is on L1 and proves block 7", proven,
        "checkpoint [1, 20] proving block 7", cp_observed);

  // SIGKILL validator 3 and restart it: it catches up and mints nothing twice.
  net.kill(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(1'000));
  TRY(net.start(2));
  const std::uint64_t target = net.height(0) + 3;
  const bool caught_up = wait_for([&] { return net.height(2) >= target; }, 60);
  const U256 alice_sc = deposit - to_bob - fee - alice_out - fee;
  const U256 bob_sc = to_bob - bob_out - fee;
  const bool same = net.all_have(a, alice_sc) && net.all_have(b, bob_sc);
  // Its records of the releases survived the SIGKILL (read back from its RocksDB).
  std::size_t kept = 0;
  for (const Hash32& id : {bob_id, alice_id}) {
    auto got = validator_call(net.rpc(2), "sidechain_getBurn", net::Json::array({to_hex(id.view())}));
    if (got && got->is_object() && (*got)["released"].get<bool>()) ++kept;
  }
  check(r, "the restarted validator still records both burns as released", kept == 2, "2 released",
        fmt::format("{} released", kept));
  check(r, "a validator restarted after SIGKILL catches up with the same balances (no mint twice)", caught_up && same,
        fmt::format("alice {}, bob {} on all 4", wei(alice_sc), wei(bob_sc)),
        fmt::format("{}; validator 3 alice {}", caught_up ? "caught up" : "did not catch up",
                    wei(sc_balance(net.rpc(2), a).value_or(U256(0)))));

  // Conservation: what the bridge holds on L1 backs exactly what exists on the sidechain.
  auto locked = bridge.locked(Address{});
  auto held = l1_balance(l1, *bridge_addr);
  if (!locked || !held) return unexpected(!locked ? locked.error() : held.error());
  const U256 fees = sc_balance(net.rpc(0), net.plan.genesis.fee_recipient).value_or(U256(0));
  const U256 supply = sc_balance(net.rpc(0), a).value_or(U256(0)) + sc_balance(net.rpc(0), b).value_or(U256(0)) + fees;
  check(r, "the bridge's L1 balance backs the sidechain supply exactly", *held == supply && *locked == supply,
        wei(supply) + " (alice + bob + fees)", wei(*held));

  r.passed = std::all_of(r.checks.begin(), r.checks.end(), [](const Check& c) { return c.ok; });
  r.funds_conserved = *held == supply && *bob_l1 == bob_out && *alice_l1 == *alice_l1_before + alice_out;
  r.funds_lost_wei = supply > *held ? supply - *held : U256(0);
  r.l1_gas = l1.gas_meter().totals_with_prefix("").gas_used + release_gas;
  r.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
  spdlog::info("peg-in-out: deposit {} gas, minted {:.2f} s after the 12th confirmation; two releases {} gas, "
               "released {:.2f} s after the burns were sent", deposit_gas, mint_s, release_gas, release_s);
  return r;
}

}  // namespace xway::compare
