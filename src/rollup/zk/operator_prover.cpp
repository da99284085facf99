#include "rollup/zk/operator_prover.hpp"

#include <vector>

namespace xway::zk {

std::size_t transfer_count(std::span<const BatchOp> ops) {
  std::size_t n = 0;
  for (const BatchOp& op : ops) n += std::holds_alternative<SignedTransfer>(op) ? 1 : 0;
  return n;
}

Result<ProvenBatch> prove_ops(AccountTree& tree, std::span<const BatchOp> ops, std::uint64_t queue_head,
                              const ZkParams& /*params: the statement does not check signatures yet*/,
                              const stark::ProofOptions& options) {
  std::vector<ZkTransfer> transfers;
  transfers.reserve(ops.size());
  for (const BatchOp& op : ops) {
    if (const auto* t = std::get_if<SignedTransfer>(&op)) transfers.push_back(t->transfer);
  }
  return prove_batch(tree, transfers, queue_head, options);
}

}  // namespace xway::zk
