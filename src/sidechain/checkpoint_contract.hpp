#pragma once
/// The SidechainCheckpoints contract on L1 (contracts/sidechain/SidechainCheckpoints.sol) behind
/// typed calls; transactions are recorded under "sidechain.checkpoints.<function>".
#include <cstdint>
#include <vector>

#include "core/result.hpp"
#include "crypto/merkle.hpp"
#include "eth/client.hpp"
#include "eth/contract_caller.hpp"
#include "sidechain/checkpoint.hpp"

namespace xway::sidechain {

/// A checkpoint as the contract stores it.
struct StoredCheckpoint {
  Checkpoint checkpoint;
  std::uint64_t posted_at = 0;  ///< L1 timestamp
};

/// The contract, through an L1 client.
class CheckpointContract {
 public:
  /// Deploys SidechainCheckpoints for `sidechain_id`: `interval` blocks per checkpoint from
  /// `first_height`, validator set `validators` (sorted here).
  static Result<Address> deploy(eth::Client& client, const crypto::PrivateKey& from, std::uint64_t sidechain_id,
                                std::uint64_t interval, std::uint64_t first_height, std::vector<Address> validators);

  /// The contract at `contract`, reached through `client`.
  CheckpointContract(eth::Client& client, const Address& contract) : client_(client), contract_(contract) {}

  /// The contract's address.
  const Address& address() const { return contract_; }

  /// Posts `c` with validator `signatures` (65 bytes each, sorted by signer); returns its index.
  Result<std::uint64_t> post(const crypto::PrivateKey& from, const Checkpoint& c,
                             const std::vector<Bytes>& signatures, eth::Receipt* receipt = nullptr);

  /// The signing domain (L1 chain id, this contract, the sidechain id read from it).
  Result<CheckpointDomain> domain();
  /// Stored checkpoint `index`.
  Result<StoredCheckpoint> checkpoint(std::uint64_t index);
  /// How many checkpoints are stored.
  Result<std::uint64_t> count();
  /// The first height the next checkpoint must cover.
  Result<std::uint64_t> next_height();
  /// Blocks per checkpoint.
  Result<std::uint64_t> interval();
  /// The validator set, ascending.
  Result<std::vector<Address>> validators();
  /// Whether the contract accepts `proof` that `block_hash` is block `height` under checkpoint `index`.
  Result<bool> verify_block(std::uint64_t index, std::uint64_t height, const Hash32& block_hash,
                            const crypto::MerkleProof& proof);

 private:
  Result<Bytes> view(std::string_view what, Bytes data);
  Result<std::uint64_t> view_u64(std::string_view what, Bytes data);

  eth::ContractCaller caller() const;
  eth::Client& client_;
  Address contract_;
};

}  // namespace xway::sidechain
