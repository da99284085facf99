// The sidechain bridge's scenarios (DESIGN.md, "Scenarios"): `sidechain.peg-in-out` (a round trip
// through four running validators that run the peg themselves, scenarios_sidechain_peg.cpp) and
// `sidechain.bridge-key-compromise`.
// A fresh SidechainBridge with a 5-of-9 federation (the Ronin bridge's numbers), real ether
// deposits from three users that the deposit follower queues as sidechain mints after the
// production 12 confirmations, then an attacker holding 5 of the 9 bridge keys signs a release
// that no sidechain burn backs. L1 pays it: the users' sidechain balances are left unbacked.
// `passed` is true when exactly that happens (the trust assumption of an M-of-N bridge, shown),
// `funds_conserved` false and `funds_lost_wei` the amount taken, all read back from L1.
#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "compare/scenario.hpp"
#include "crypto/keccak.hpp"
#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "sidechain/bridge_contract.hpp"
#include "sidechain/bridge_follower.hpp"
#include "sidechain/federation.hpp"
#include "sidechain/federation_quorum.hpp"
#include "store/memory_db.hpp"

namespace xway::compare {
namespace {

using namespace xway::sidechain;
using Clock = std::chrono::steady_clock;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
constexpr std::uint64_t kSidechainId = 8453;
constexpr std::size_t kFederationSize = 9;
constexpr std::size_t kThreshold = 5;

#define TRY(expr)                           \
  do {                                      \
    auto _r = (expr);                       \
    if (!_r) return unexpected(_r.error()); \
  } while (0)

void check(ScenarioReport& r, std::string what, bool ok, std::string expected, std::string observed) {
  r.checks.push_back(Check{std::move(what), ok, std::move(expected), std::move(observed)});
}

std::string wei(const U256& v) { return to_dec(v) + " wei"; }

/// Funds a fresh key from the dev key with a real transfer.
Result<crypto::PrivateKey> funded(eth::Client& client, const crypto::PrivateKey& from, const U256& amount) {
  auto key = crypto::PrivateKey::generate();
  eth::TxRequest tx;
  tx.to = crypto::address_of(key);
  tx.value = amount;
  tx.label = "scenario.fund";
  if (auto r = client.send_transaction(from, tx); !r) return unexpected(eth::to_failure("funding a user", r.error()));
  return key;
}

Result<U256> balance(eth::Client& client, const Address& a) {
  auto b = client.balance(a, eth::BlockRef::latest());
  if (!b) return unexpected(eth::to_failure("balance", b.error()));
  return *b;
}

Result<ScenarioReport> bridge_key_compromise(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"sidechain.bridge-key-compromise"};
  auto connected = eth::RpcClient::connect(env.l1_rpc);
  if (!connected) return unexpected(eth::to_failure(env.l1_rpc, connected.error()));
  eth::RpcClient& l1 = **connected;
  const crypto::PrivateKey dev = eth::well_known_dev_keys().front();

  std::vector<crypto::PrivateKey> federation;
  for (std::size_t i = 0; i < kFederationSize; ++i) federation.push_back(crypto::PrivateKey::generate());
  auto addr = BridgeContract::deploy(l1, dev, kSidechainId, sorted_addresses(federation), kThreshold);
  if (!addr) return unexpected(addr.error());
  BridgeContract bridge(l1, *addr);
  auto start = l1.block_number();
  if (!start) return unexpected(eth::to_failure("block number", start.error()));
  auto domain = bridge.domain();
  if (!domain) return unexpected(domain.error());

  // Three honest users lock 2, 3 and 5 ether for themselves on the sidechain.
  U256 deposited = 0;
  for (std::uint64_t ether : {2, 3, 5}) {
    auto user = funded(l1, dev, kEther * (ether + 1));
    if (!user) return unexpected(user.error());
    TRY(bridge.deposit(*user, crypto::address_of(*user), kEther * ether));
    deposited += kEther * ether;
  }

  // The validators' deposit follower mints them after K confirmations (anvil mines the blocks).
  store::MemoryDb db;
  FollowerOptions fo;
  fo.bridge = *addr;
  fo.start_block = *start;
  auto follower = DepositFollower::open(l1, db, fo);
  if (!follower) return unexpected(follower.error());
  if (auto m = l1.mine(fo.confirmations); !m) return unexpected(eth::to_failure("mining confirmations", m.error()));
  auto mints = (*follower)->poll();
  if (!mints) return unexpected(mints.error());
  U256 minted = 0;
  for (const Mint& m : *mints) minted += m.amount;
  check(r, "every deposit minted once on the sidechain after 12 confirmations", mints->size() == 3 && minted == deposited,
        fmt::format("3 mints, {}", wei(deposited)), fmt::format("{} mints, {}", mints->size(), wei(minted)));
  auto held = bridge.locked(Address{});
  if (!held) return unexpected(held.error());
  check(r, "the bridge holds the deposits", *held == deposited, wei(deposited), wei(*held));

  // The attacker: 5 of the 9 bridge keys, and a burn id that no sidechain burn has.
  const auto thief = crypto::PrivateKey::generate();
  auto relayer = funded(l1, dev, kEther);
  if (!relayer) return unexpected(relayer.error());
  Burn forged;
  forged.recipient = crypto::address_of(thief);
  forged.amount = *held;
  forged.burn_id = crypto::keccak256(crypto::address_of(thief).view());
  const std::vector<crypto::PrivateKey> stolen(federation.begin(), federation.begin() + kThreshold);
  const Hash32 digest = release_digest(*domain, forged);

  const std::vector<crypto::PrivateKey> too_few(stolen.begin(), stolen.end() - 1);
  auto refused = bridge.release(*relayer, forged, sign_sorted(too_few, digest));
  check(r, "4 of 9 stolen keys are not enough", !refused, "release refused",
        refused ? "release paid" : refused.error().message);

  auto paid = bridge.release(*relayer, forged, sign_sorted(stolen, digest));
  check(r, "5 of 9 stolen keys release a withdrawal no burn backs", paid.has_value(), "release paid",
        paid ? "release paid" : paid.error().message);
  auto thief_balance = balance(l1, forged.recipient);
  if (!thief_balance) return unexpected(thief_balance.error());
  check(r, "L1 paid the thief", *thief_balance == forged.amount, wei(forged.amount), wei(*thief_balance));

  auto after = balance(l1, *addr);
  if (!after) return unexpected(after.error());
  const U256 backing_lost = minted > *after ? minted - *after : U256(0);
  check(r, "the users' sidechain balances are no longer backed on L1", backing_lost == forged.amount,
        fmt::format("{} unbacked", wei(forged.amount)), fmt::format("{} unbacked", wei(backing_lost)));

  r.passed = std::all_of(r.checks.begin(), r.checks.end(), [](const Check& c) { return c.ok; });
  r.funds_lost_wei = backing_lost;
  r.funds_conserved = backing_lost == 0;
  r.l1_gas = l1.gas_meter().totals_with_prefix("").gas_used;
  r.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return r;
}

}  // namespace

/// `sidechain.peg-in-out` (scenarios_sidechain_peg.cpp).
Result<ScenarioReport> sidechain_peg_in_out(const ScenarioEnv& env);

std::vector<Scenario> sidechain_bridge_scenarios() {
  return {
      {"sidechain.peg-in-out",
       "lock ether on L1, minted on the sidechain after 12 confirmations by 4 validators, transfers, burns, "
       "released on L1 by 3 of the 4 validators' federation keys; checkpoints posted; L1 balances read back",
       sidechain_peg_in_out},
      {"sidechain.bridge-key-compromise",
       "5 of 9 bridge keys sign a release no sidechain burn backs: L1 pays it and the users' deposits are lost "
       "(the M-of-N trust assumption, as in the 2022 Ronin theft)",
       bridge_key_compromise},
  };
}

}  // namespace xway::compare
