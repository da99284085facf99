#pragma once
/// The operator's one call into the batch prover. The node builds batches of BatchOps; the
/// prover of today's statement takes plain transfers, so `prove_ops` converts: registrations need
/// no record yet (the statement keeps leaf keys constant, docs/zk.md), deposits are reserve
/// transfers, signatures are not part of the statement. When the prover takes BatchOps this is
/// the function that changes, and nothing else.
#include <cstdint>
#include <span>

#include "core/result.hpp"
#include "rollup/zk/batch_ops.hpp"
#include "rollup/zk/l1_batch.hpp"
#include "stark/air/options.hpp"

namespace xway::zk {

/// Proves `ops` against `tree` (moved only on success) and packs the batch for L1, consuming the
/// L1 queue up to `queue_head`. Fails naming the reason, as prove_batch does.
Result<ProvenBatch> prove_ops(AccountTree& tree, std::span<const BatchOp> ops, std::uint64_t queue_head,
                              const ZkParams& params, const stark::ProofOptions& options = {});

/// The transfers among `ops` (deposits included), in order: what the public data will carry.
std::size_t transfer_count(std::span<const BatchOp> ops);

}  // namespace xway::zk
