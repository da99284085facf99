#include "plasma/block.hpp"

#include "eth/rlp.hpp"

namespace xway::plasma {

namespace rlp = eth::rlp;

std::vector<Bytes> Block::leaves() const {
  std::vector<Bytes> out;
  out.reserve(txs.size());
  for (const SignedTransaction& tx : txs) out.push_back(tx.encode());
  return out;
}

Hash32 Block::root() const { return tree().root(); }

crypto::MerkleTree Block::tree() const { return crypto::MerkleTree::from_leaves(leaves()); }

Bytes Block::encode() const {
  rlp::Encoder e;
  e.begin_list().add_uint(blknum).begin_list();
  for (const SignedTransaction& tx : txs) e.add_raw(tx.encode());
  e.end_list().end_list();
  return e.finish();
}

expected<Block, PlasmaError> Block::decode(ByteView bytes) {
  auto top = rlp::decode(bytes, 6);
  if (!top) {
    return unexpected(top.error() == rlp::RlpError::kDepthLimit ? PlasmaError::kBadShape : PlasmaError::kMalformedRlp);
  }
  auto reader = rlp::Reader::open(*top);
  if (!reader) return unexpected(PlasmaError::kBadShape);
  auto blknum = reader->next_u64();
  auto list = reader->next();
  if (!blknum || !list || !list->is_list() || !reader->finish()) return unexpected(PlasmaError::kBadShape);
  if (*blknum == 0 || *blknum > kMaxBlknum) return unexpected(PlasmaError::kBadPosition);
  auto items = list->items();
  if (!items) return unexpected(PlasmaError::kBadShape);
  Block block;
  block.blknum = *blknum;
  for (const rlp::Item item : *items) {
    if (block.txs.size() == kMaxBlockTransactions) return unexpected(PlasmaError::kTooManyTransactions);
    auto tx = SignedTransaction::decode(item.encoded());
    if (!tx) return unexpected(tx.error());
    block.txs.push_back(std::move(*tx));
  }
  return block;
}

}  // namespace xway::plasma
