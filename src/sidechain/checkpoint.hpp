#pragma once
/// Checkpoints of the sidechain on L1 (contracts/sidechain/SidechainCheckpoints.sol): every
/// `interval` blocks, the Merkle root (crypto::MerkleTree, leaves the 32-byte block hashes in
/// height order) of the block hashes of [from_height, to_height], signed (EIP-712) by more than 2/3
/// of the validators, equal voting power. Pure logic: the validator feeds it committed block hashes
/// and hands the signed checkpoint to `CheckpointContract::post`.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "crypto/merkle.hpp"
#include "sidechain/bridge_error.hpp"

namespace xway::sidechain {

/// The production checkpoint interval, in sidechain blocks (one-second blocks: about 10 minutes).
inline constexpr std::uint64_t kDefaultCheckpointInterval = 600;

/// What every checkpoint signature is bound to.
struct CheckpointDomain {
  std::uint64_t l1_chain_id = 0;
  Address contract;
  std::uint64_t sidechain_id = 0;
};

/// One checkpoint: the block-hash root of heights [from_height, to_height].
struct Checkpoint {
  std::uint64_t from_height = 0;
  std::uint64_t to_height = 0;
  Hash32 root;
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

/// The tree over `block_hashes` (each hash is one leaf's 32 bytes of data).
crypto::MerkleTree checkpoint_tree(std::span<const Hash32> block_hashes);
/// A checkpoint of `block_hashes`, the first at `from_height`; kEmptyRange when there are none.
expected<Checkpoint, BridgeError> make_checkpoint(std::uint64_t from_height, std::span<const Hash32> block_hashes);
/// The proof that block `height` of `block_hashes` (starting at `from_height`) is in the checkpoint.
expected<crypto::MerkleProof, crypto::MerkleError> prove_block(std::uint64_t from_height,
                                                               std::span<const Hash32> block_hashes,
                                                               std::uint64_t height);

/// The EIP-712 domain separator ("Expressway Sidechain Checkpoints", "1", chain, contract).
Hash32 checkpoint_domain_separator(const CheckpointDomain& domain);
/// The digest validators sign for `c`:
/// Checkpoint(uint256 sidechainId,uint64 fromHeight,uint64 toHeight,bytes32 root).
Hash32 checkpoint_digest(const CheckpointDomain& domain, const Checkpoint& c);
/// The digest validators sign to replace the set with `validators` (ascending) at change `nonce`.
Hash32 validator_change_digest(const CheckpointDomain& domain, const std::vector<Address>& validators,
                               std::uint64_t nonce);
/// Signatures a checkpoint needs from `validators` validators: the least count above 2/3.
std::size_t checkpoint_quorum(std::size_t validators);

/// Which heights are due for a checkpoint, as blocks commit.
class CheckpointSchedule {
 public:
  /// Checkpoints of `interval` blocks from `first_height` (what the contract was deployed with).
  CheckpointSchedule(std::uint64_t interval, std::uint64_t first_height)
      : interval_(interval == 0 ? 1 : interval), next_from_(first_height) {}
  /// The range [from, to] to checkpoint once `committed_height` is final, if one is due.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> due(std::uint64_t committed_height) const;
  /// Marks the due range as posted (call after L1 accepted it; or set from the contract's nextHeight).
  void advance() { next_from_ += interval_; }
  /// Sets the next range's first height (from the contract, after a restart).
  void resume_at(std::uint64_t next_height) { next_from_ = next_height; }
  /// The first height of the next checkpoint.
  std::uint64_t next_from() const { return next_from_; }

 private:
  std::uint64_t interval_;
  std::uint64_t next_from_;
};

}  // namespace xway::sidechain
