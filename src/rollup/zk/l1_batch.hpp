#pragma once
/// What the L1 contract holds and takes for a batch, computed natively: the genesis tree (the
/// reserve account, docs/zk.md "Deposits and withdrawals through the reserve"), digests as the
/// contract's bytes32, and a proven batch's calldata parts (public data, roots, proof).
#include <cstdint>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "rollup/zk/account_tree.hpp"
#include "rollup/zk/transfer_air.hpp"
#include "stark/air/options.hpp"

namespace xway::zk {

/// Account 0: the reserve deposits come from and withdrawals go to; nobody owns it.
inline constexpr std::uint64_t kReserveIndex = 0;
/// Account 1: the operator's, credited the fees.
inline constexpr std::uint64_t kOperatorIndex = 1;
/// The reserve's genesis balance, 2^60 - 1 units (the AIR's balance bound).
inline constexpr std::uint64_t kReserveUnits = (std::uint64_t{1} << kBalanceBits) - 1;
/// Wei per L2 balance unit (1 gwei).
inline constexpr std::uint64_t kUnitWei = 1'000'000'000;

/// The rollup's genesis tree (depth kPublicDataTreeDepth): the reserve holds kReserveUnits.
AccountTree genesis_tree();

/// A digest as the contract's bytes32 (four 8-byte big-endian elements), and back.
Hash32 digest_word(const RescueDigest& d);
RescueDigest word_digest(const Hash32& w);

/// A batch's calldata for ZkRollup.submitBatch.
struct L1Batch {
  Bytes public_data;            ///< 12 bytes per transfer
  Bytes roots;                  ///< R_1..R_2n+2, 32 bytes each
  Bytes proof;                  ///< the encoded STARK proof
  std::uint64_t queue_head = 0;  ///< the queue position the batch consumes up to
};

/// A batch proven against a tree.
struct ProvenBatch {
  TransferClaim claim;  ///< what the proof is about
  L1Batch l1;           ///< what goes to L1
};

/// Applies `transfers` to `tree`, proves the batch with `options` and packs it for L1 (the fee
/// credit goes to kOperatorIndex). Fails naming the reason when a transfer cannot be posted
/// (public data) or the prover refuses the trace (an overspend, a wrong nonce); `tree` moves
/// only on success.
Result<ProvenBatch> prove_batch(AccountTree& tree, std::span<const ZkTransfer> transfers, std::uint64_t queue_head,
                                const stark::ProofOptions& options = {});

/// The calldata parts of `claim` with `proof`.
L1Batch l1_batch(const TransferClaim& claim, Bytes proof, std::uint64_t queue_head);

}  // namespace xway::zk
