#pragma once
/// What validators send each other over net::Host: consensus messages, transactions, their
/// committed heights, and block sync (committed blocks with their commit certificates).
#include <cstdint>
#include <span>
#include <vector>

#include "net/frame.hpp"
#include "sidechain/consensus.hpp"

namespace xway::sidechain {

/// Message type tags on the wire (net::MessageType); payloads are the codecs below.
enum class WireType : net::MessageType {
  kProposal = 0x5301,     ///< encode_proposal
  kVote = 0x5302,         ///< encode_vote
  kTx = 0x5303,           ///< one raw signed transaction
  kStatus = 0x5304,       ///< encode_status: the sender's committed height
  kSyncRequest = 0x5305,  ///< encode_sync_request
  kSyncBlock = 0x5306,    ///< encode_committed
  kAttestation = 0x5307,  ///< encode_attestation: a release or checkpoint signature (the peg)
  kTxBatch = 0x5308,      ///< encode_tx_batch: many raw signed transactions in one message
};

/// Most precommits a commit certificate carries.
inline constexpr std::size_t kMaxCertificateVotes = 1024;
/// Most blocks one sync request asks for.
inline constexpr std::uint32_t kMaxSyncBlocks = 64;

/// A committed block and the precommits (more than 2/3 of the power, one round) that decided it.
struct CommittedBlock {
  Block block;
  std::vector<Vote> precommits;
  friend bool operator==(const CommittedBlock&, const CommittedBlock&) = default;
};
/// Encodes a committed block: block length, block, vote count, votes.
Bytes encode_committed(const CommittedBlock& c);
/// Decodes exactly one committed block (signatures not checked here: see verify_certificate).
expected<CommittedBlock, ConsensusError> decode_committed(ByteView in);

/// Why a commit certificate does not prove its block.
enum class CertificateError {
  kWrongHeight,   ///< the block is not at the height asked for
  kWrongParent,   ///< the block does not extend the chain it is offered for
  kBadVote,       ///< a precommit for another height, round or block, or not a precommit
  kBadSignature,  ///< a precommit's signature is not its validator's
  kNotValidator,  ///< a precommit from outside the validator set
  kDuplicate,     ///< two precommits of one validator
  kNoQuorum,      ///< the precommits hold 2/3 of the power or less
  kBadBlock,      ///< the header's transaction root does not match the transactions
};
/// A short description of `e`.
std::string_view describe(CertificateError e);
/// Checks that `c` is the block at `height` after `prev_hash`, decided by more than 2/3 of the
/// voting power of `config`'s validators precommitting it in one round.
expected<void, CertificateError> verify_certificate(const ConsensusConfig& config, const CommittedBlock& c,
                                                    std::uint64_t height, const Hash32& prev_hash);

/// Most transactions one kTxBatch message carries.
inline constexpr std::size_t kMaxTxBatch = 4096;
/// Encodes raw transactions as one gossip message: count (4 bytes), then each with its length (4).
Bytes encode_tx_batch(std::span<const ByteView> txs);
/// Decodes exactly one transaction batch (at most kMaxTxBatch, each at most kMaxTxBytes); the
/// views point into `in`.
expected<std::vector<ByteView>, ConsensusError> decode_tx_batch(ByteView in);

/// A sync request: blocks from `from` on, at most `max`.
struct SyncRequest {
  std::uint64_t from = 0;
  std::uint32_t max = 0;
};
/// Encodes a sync request (12 bytes).
Bytes encode_sync_request(const SyncRequest& r);
/// Decodes exactly one sync request; `max` above kMaxSyncBlocks is kTooLarge.
expected<SyncRequest, ConsensusError> decode_sync_request(ByteView in);
/// Encodes a committed height (8 bytes).
Bytes encode_status(std::uint64_t height);
/// Decodes exactly one committed height.
expected<std::uint64_t, ConsensusError> decode_status(ByteView in);

}  // namespace xway::sidechain
