#pragma once
/// Sidechain consensus messages (proposal, vote), blocks, their signing digests and strict codecs.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::sidechain {

/// Why a message, block or signing request was rejected.
enum class ConsensusError {
  kTruncated,         ///< the bytes end before the message does
  kTrailingBytes,     ///< bytes left after the message
  kBadStep,           ///< step byte is not propose, prevote or precommit
  kBadValidRound,     ///< a proposal's valid round is not -1 and not below its round
  kTooLarge,          ///< more transactions or bytes than the limits allow
  kBadSignature,      ///< the signature does not parse or does not recover
  kWrongSigner,       ///< the signature recovers to another address than the one claimed
  kNotValidator,      ///< the signer is not in the validator set
  kNotProposer,       ///< a proposal from someone who is not the round's proposer
  kStaleHeight,       ///< a message for a height already decided
  kFutureHeight,      ///< a message too far ahead of the current height
  kRoundTooFar,       ///< a round further ahead than the state machine keeps
  kWouldDoubleSign,   ///< the WAL holds a conflicting or later signature
  kWalFailed,         ///< the WAL could not be read or written
};
/// A short description of `e`.
std::string_view describe(ConsensusError e);

/// The step a vote or proposal belongs to.
enum class Step : std::uint8_t { kPropose = 0, kPrevote = 1, kPrecommit = 2 };

/// Most transactions in one block, and most bytes of one transaction.
inline constexpr std::size_t kMaxBlockTxs = 1 << 16;
/// Most bytes of one transaction.
inline constexpr std::size_t kMaxTxBytes = 1 << 16;

/// A block header: what a block hash commits to.
struct BlockHeader {
  std::uint64_t height = 0;
  Hash32 prev_hash;
  Hash32 tx_root;
  Address proposer;
  std::uint64_t time_ms = 0;
  friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

/// A block: header and opaque transactions.
struct Block {
  BlockHeader header;
  std::vector<Bytes> txs;
  friend bool operator==(const Block&, const Block&) = default;
};

/// keccak256 of the encoded header.
Hash32 block_hash(const Block& block);
/// The transaction root: keccak256 over the concatenated keccak256 of each transaction.
Hash32 tx_root(const std::vector<Bytes>& txs);
/// keccak256 of each transaction, in order.
std::vector<Hash32> tx_hashes(const std::vector<Bytes>& txs);
/// The transaction root from the transactions' hashes (tx_root without hashing them again).
Hash32 tx_root_of(std::span<const Hash32> hashes);

/// A signed proposal of `block` for (height, round); valid_round is -1 or the round it was locked in.
struct Proposal {
  std::uint64_t height = 0;
  std::uint32_t round = 0;
  std::int32_t valid_round = -1;
  Block block;
  crypto::Signature signature;
};

/// A signed prevote or precommit; a zero block hash is a vote for nil.
struct Vote {
  Step step = Step::kPrevote;
  std::uint64_t height = 0;
  std::uint32_t round = 0;
  Hash32 block;
  Address validator;
  crypto::Signature signature;
};

/// The domain-separated digest a validator signs: chain id, height, round, step, block hash
/// (and for a proposal its valid round).
Hash32 signing_digest(std::uint64_t chain_id, std::uint64_t height, std::uint32_t round, Step step,
                      const Hash32& block, std::int32_t valid_round = -1);
/// The digest of a proposal.
Hash32 proposal_digest(std::uint64_t chain_id, const Proposal& p);
/// The digest of a vote.
Hash32 vote_digest(std::uint64_t chain_id, const Vote& v);

/// Encodes a header (fixed 132 bytes).
Bytes encode_header(const BlockHeader& h);
/// Encodes a block: header, transaction count, each transaction with its length.
Bytes encode_block(const Block& b);
/// Decodes exactly one block.
expected<Block, ConsensusError> decode_block(ByteView in);
/// Encodes a proposal.
Bytes encode_proposal(const Proposal& p);
/// Decodes exactly one proposal (signature not checked here).
expected<Proposal, ConsensusError> decode_proposal(ByteView in);
/// Encodes a vote (fixed 130 bytes).
Bytes encode_vote(const Vote& v);
/// Decodes exactly one vote (signature not checked here).
expected<Vote, ConsensusError> decode_vote(ByteView in);

}  // namespace xway::sidechain
