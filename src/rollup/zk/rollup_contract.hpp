#pragma once
/// The ZK rollup's L1 side (contracts/zk/ZkRollup.sol, docs/zk.md) behind typed calls: deploying
/// the verifier (linked to its constraint library), the Rescue account-tree contract and the
/// rollup; the priority queue (key registrations, ETH deposits), batch submission, exodus (freeze,
/// exits by Merkle proof, refunds of unconsumed deposits) and the views. Every transaction is
/// recorded in the client's GasMeter under "zk.<function>"; a revert comes back as a Failure
/// naming the contract's reason ("submitBatch: proof rejected").
#include <chrono>
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/client.hpp"
#include "eth/contract_caller.hpp"
#include "rollup/zk/account_tree.hpp"
#include "rollup/zk/l1_batch.hpp"

namespace xway::zk {

/// Production windows: a queued request must be consumed within 3 days; 14 days without a
/// verified batch and anyone may freeze the rollup.
inline constexpr std::chrono::seconds kDefaultRequestDeadline{3 * 24 * 3600};
inline constexpr std::chrono::seconds kDefaultExodusTimeout{14 * 24 * 3600};

/// Where the rollup's contracts live.
struct ZkDeployment {
  Address constraints;  ///< the ZkTransferConstraints library
  Address verifier;     ///< ZkTransferStarkVerifier
  Address tree;         ///< ZkAccountTree
  Address rollup;       ///< ZkRollup
};

/// The contract, through an L1 client.
class ZkRollupContract {
 public:
  /// Deploys the four contracts with `operator_key` as the rollup's operator and `genesis_root`
  /// (genesis_tree()'s root) as its first state root.
  static Result<ZkDeployment> deploy(eth::Client& client, const crypto::PrivateKey& operator_key,
                                     const RescueDigest& genesis_root,
                                     std::chrono::seconds request_deadline = kDefaultRequestDeadline,
                                     std::chrono::seconds exodus_timeout = kDefaultExodusTimeout);

  /// The rollup at `rollup`, reached through `client`.
  ZkRollupContract(eth::Client& client, const Address& rollup) : client_(client), contract_(rollup) {}

  /// The contract's address.
  const Address& address() const { return contract_; }

  /// Registers `key` for the sender's L1 address; returns the account index assigned.
  Result<std::uint64_t> register_key(const crypto::PrivateKey& from, const RescueDigest& key);
  /// Deposits `wei` (a whole, packable number of gwei) into the sender's account; returns its
  /// queue position.
  Result<std::uint64_t> deposit(const crypto::PrivateKey& from, const U256& wei);
  /// Operator: submits a proven batch (verified and applied in this transaction, withdrawals paid).
  Result<eth::Receipt> submit_batch(const crypto::PrivateKey& op, const L1Batch& batch);
  /// Freezes the rollup once exodus is due.
  Result<eth::Receipt> freeze(const crypto::PrivateKey& from);
  /// In exodus: exits `index` with its account and path in the last verified root.
  Result<eth::Receipt> exit(const crypto::PrivateKey& from, std::uint64_t index, const ZkAccount& account,
                            const std::vector<RescueDigest>& siblings);
  /// In exodus: refunds the unconsumed deposit at queue `position`.
  Result<eth::Receipt> refund_deposit(const crypto::PrivateKey& from, std::uint64_t position);

  /// The last verified root.
  Result<RescueDigest> state_root();
  /// Verified batches so far.
  Result<std::uint64_t> batch_count();
  /// The first request no verified batch consumed.
  Result<std::uint64_t> queue_head();
  /// Requests queued so far.
  Result<std::uint64_t> queue_length();
  /// The next account index the contract will assign.
  Result<std::uint64_t> next_index();
  /// True once frozen (exodus mode).
  Result<bool> frozen();
  /// True when anyone may freeze the rollup.
  Result<bool> exodus_due();
  /// The contract's ether balance.
  Result<U256> balance();

 private:
  Result<eth::Receipt> send(const crypto::PrivateKey& from, std::string_view what, Bytes data, const U256& value = 0);
  Result<Bytes> view(std::string_view what, Bytes data);
  Result<U256> view_word(std::string_view what, Bytes data);

  eth::ContractCaller caller() const;
  eth::Client& client_;
  Address contract_;
};

}  // namespace xway::zk
