#include "rollup/zk/l1_batch.hpp"

#include <algorithm>

#include "rollup/zk/public_data.hpp"
#include "stark/air/proof_codec.hpp"
#include "stark/prover/prover.hpp"

namespace xway::zk {

AccountTree genesis_tree() {
  AccountTree tree(kPublicDataTreeDepth);
  tree.set(kReserveIndex, ZkAccount{{}, kReserveUnits, 0});
  return tree;
}

Hash32 digest_word(const RescueDigest& d) {
  Hash32 out{};
  for (std::size_t k = 0; k < 4; ++k) {
    const std::uint64_t v = d[k].value();
    for (std::size_t b = 0; b < 8; ++b) out[8 * k + b] = static_cast<std::uint8_t>(v >> (56 - 8 * b));
  }
  return out;
}

RescueDigest word_digest(const Hash32& w) {
  RescueDigest d{};
  for (std::size_t k = 0; k < 4; ++k) {
    std::uint64_t v = 0;
    for (std::size_t b = 0; b < 8; ++b) v = (v << 8) | w[8 * k + b];
    d[k] = Felt(v);
  }
  return d;
}

L1Batch l1_batch(const TransferClaim& claim, Bytes proof, std::uint64_t queue_head) {
  L1Batch out;
  out.public_data = encode_public_data(public_transfers(claim)).value();
  for (std::size_t i = 1; i < claim.roots.size(); ++i) {
    const Hash32 w = digest_word(claim.roots[i]);
    out.roots.insert(out.roots.end(), w.begin(), w.end());
  }
  out.proof = std::move(proof);
  out.queue_head = queue_head;
  return out;
}

Result<ProvenBatch> prove_batch(AccountTree& tree, std::span<const ZkTransfer> transfers, std::uint64_t queue_head,
                                const stark::ProofOptions& options) {
  if (transfers.empty() || transfers.size() > kMaxTransfers) return fail("prove: a batch holds 1..1023 transfers");
  std::vector<PublicTransfer> records;
  for (const ZkTransfer& t : transfers) {
    if (t.from >> tree.depth() != 0 || t.to >> tree.depth() != 0) return fail("prove: an index is outside the tree");
    records.push_back(public_transfer(t));
  }
  if (auto e = encode_public_data(records); !e) return fail("prove: {}", describe(e.error()));
  AccountTree next = tree;  // the caller's tree moves only when the batch is proven
  TransferBatch batch = build_transfer_batch(next, transfers, kOperatorIndex);
  auto air = TransferAir::create(batch.claim);
  if (!air) return fail("prove: the batch's claim is out of range");
  auto proof = stark::prove(*air, batch.trace, options);
  if (!proof) return fail("prove: {}", stark::describe(proof.error()));
  tree = std::move(next);
  ProvenBatch out;
  out.l1 = l1_batch(batch.claim, stark::encode_proof(*proof), queue_head);
  out.claim = std::move(batch.claim);
  return out;
}

}  // namespace xway::zk
