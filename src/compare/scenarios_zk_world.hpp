#pragma once
/// The ZK rollup scenarios' shared deployment (scenarios_zk.cpp): a fresh ZkRollup on the
/// scenario's L1 with production windows, users with their own L1 clients (so each one's gas is
/// its own and its net L1 change is exact), the operator's verified tree and the batches it proves
/// with the real prover, and the reconstruction of the tree from L1 data alone.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compare/scenario.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/rpc_client.hpp"
#include "rollup/zk/account_tree.hpp"
#include "rollup/zk/l1_batch.hpp"
#include "rollup/zk/rollup_contract.hpp"
#include "rollup/zk/transfer_air.hpp"
#include "rollup/zk/winternitz.hpp"

namespace xway::compare::zk_world {

/// Wei per L2 unit.
inline const U256 kGwei = U256(zk::kUnitWei);
/// One ether in L2 units.
inline constexpr std::uint64_t kEtherUnits = 1'000'000'000;

/// One participant: an L1 key with its own client and view of the rollup, and its L2 account.
struct ZkUser {
  std::string name;
  crypto::PrivateKey key;
  std::unique_ptr<eth::RpcClient> client;
  std::unique_ptr<zk::ZkRollupContract> rollup;
  U256 start_balance = 0;
  std::uint64_t index = 0;  ///< the account index the contract assigned
  Address address() const { return crypto::address_of(key); }
};

/// What a batch consumes from the L1 queue: a deposit's account and units.
struct QueuedDeposit {
  std::uint64_t index = 0;
  std::uint64_t units = 0;
};

/// The tree rebuilt from L1 alone, and what the rebuild checked on the way.
struct Reconstruction {
  zk::AccountTree tree = zk::genesis_tree();
  std::size_t batches = 0;
  std::size_t transfers = 0;
  bool every_root_matched = true;  ///< after each batch, the tree's root = the BatchVerified root
};

/// Rebuilds the account tree from the rollup's L1 logs and transactions only: every
/// BatchVerified event's transaction is a submitBatch whose public data is replayed on the
/// genesis tree (sender pays amount + fee and its nonce grows by one, receiver gains the amount,
/// the operator the batch's fees), and each batch's root is compared with the one L1 recorded.
Result<Reconstruction> reconstruct_from_l1(eth::Client& client, const Address& rollup);

/// The `signature` field of `zk_sendTransfer` (docs/zk.md, "JSON-RPC of xway zk node"): the 68
/// chain digests then the key path, 32 bytes each (digest_word), as 0x-hex.
std::string encode_signature_hex(const zk::TransferSignature& signature);
/// The params of `zk_sendTransfer` for `transfer` (amount and fee in units) signed by `signature`.
nlohmann::json send_transfer_params(const zk::ZkTransfer& transfer, const zk::TransferSignature& signature);

/// A fresh rollup and its operator on one L1.
class ZkWorld {
 public:
  /// Deploys the rollup with the production request deadline and exodus timeout.
  static Result<std::unique_ptr<ZkWorld>> create(const std::string& url);

  /// A new user funded with 100 ether, its key registered on the rollup.
  Result<ZkUser*> user(const std::string& name);
  /// `u` deposits `units` (gwei) on L1; the next batch must consume it.
  Result<void> deposit(ZkUser& u, std::uint64_t units);

  /// The pending deposits and then `transfers` (nonces filled from the tree), proven against a
  /// copy of the operator's tree; the operator's tree is not moved.
  Result<zk::ProvenBatch> prove(std::vector<zk::ZkTransfer> transfers);
  /// Sends a proven batch from the operator; on acceptance the operator's tree moves to `after`
  /// and the consumed deposits leave the pending list.
  Result<eth::Receipt> submit(const zk::L1Batch& batch, const zk::AccountTree& after);
  /// prove() then submit(): one honest batch.
  Result<eth::Receipt> batch(std::vector<zk::ZkTransfer> transfers);
  /// The pending deposits and `transfers` with nonces filled from `tree`.
  std::vector<zk::ZkTransfer> with_deposits(std::vector<zk::ZkTransfer> transfers, const zk::AccountTree& tree) const;
  /// The queue head the next batch consumes up to.
  Result<std::uint64_t> next_queue_head();

  /// Moves L1 time forward by `by` and mines a block (anvil).
  Result<void> advance(std::chrono::seconds by);
  /// A user's L1 balance now plus the gas it paid, minus its start balance (signed: first is true
  /// when non-negative).
  Result<std::pair<bool, U256>> net(const ZkUser& u);

  /// Everything the contract holds that a batch could change.
  struct Snapshot {
    zk::RescueDigest root{};
    std::uint64_t batches = 0;
    std::uint64_t head = 0;
    U256 eth = 0;
    bool operator==(const Snapshot&) const = default;
  };
  Result<Snapshot> snapshot();

  zk::ZkRollupContract& rollup() { return *op_rollup_; }
  const zk::AccountTree& tree() const { return tree_; }
  const crypto::PrivateKey& operator_key() const { return op_key_; }
  eth::RpcClient& dev() { return *dev_; }
  const std::string& url() const { return url_; }
  /// Total L1 gas every transaction of the scenario used (deployment included).
  std::uint64_t l1_gas() const;

 private:
  ZkWorld() = default;
  std::string url_;
  std::unique_ptr<eth::RpcClient> dev_;
  std::unique_ptr<eth::RpcClient> op_client_;
  crypto::PrivateKey op_key_ = crypto::PrivateKey::generate();
  std::unique_ptr<zk::ZkRollupContract> op_rollup_;
  zk::AccountTree tree_ = zk::genesis_tree();
  std::vector<QueuedDeposit> pending_;
  std::vector<std::unique_ptr<ZkUser>> users_;
};

/// Appends a check to `r`.
void check(ScenarioReport& r, std::string what, bool ok, std::string expected, std::string observed);
/// "-123 wei" style text of a signed amount.
std::string wei_text(bool positive, const U256& v);
/// Checks that `u`'s net L1 change plus what it holds on L2 (`l2_units`) is `expected` (signed);
/// adds a shortfall to `lost`.
Result<bool> check_funds(ZkWorld& w, ScenarioReport& r, const ZkUser& u, std::uint64_t l2_units, bool positive,
                         const U256& expected, U256& lost);
/// Fills the report's totals.
void finish(ScenarioReport& r, const ZkWorld& w, std::chrono::steady_clock::time_point t0, const U256& lost);

}  // namespace xway::compare::zk_world
