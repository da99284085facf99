#pragma once
/// Reading a posted batch back from L1: the sequencer posts a batch as the `bytes` argument of
/// OptimisticRollup.submitBatch, and the contract records only its keccak256 (BatchSubmitted's
/// payloadHash). A node that derives the L2 from L1 takes the payload from the transaction's input
/// and accepts it only when it hashes to what the contract recorded.
///
/// The input is decoded as Solidity decodes calldata (offsets anywhere in bounds, trailing bytes
/// ignored), not only in the canonical encoding: the contract accepted it, so every node must read
/// the same payload from it, and the hash check says it did.
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"

namespace xway::optimistic {

/// Why a transaction's input gave no batch payload.
enum class BatchReadError {
  kNotSubmitBatch,       ///< the input does not start with submitBatch(bytes)'s selector
  kBadCalldata,          ///< the arguments do not decode as (bytes)
  kPayloadHashMismatch,  ///< the payload does not hash to the payloadHash the contract recorded
};
/// One line naming the error.
std::string_view describe(BatchReadError e);

/// The `payload` argument of submitBatch(bytes) calldata.
expected<Bytes, BatchReadError> submit_batch_payload(ByteView input);
/// The payload of a submitBatch transaction's `input`, checked against the contract's `payload_hash`.
expected<Bytes, BatchReadError> read_batch_input(ByteView input, const Hash32& payload_hash);
/// The submitBatch(bytes) calldata that posts `payload` (canonical ABI encoding).
Bytes submit_batch_input(ByteView payload);

}  // namespace xway::optimistic
