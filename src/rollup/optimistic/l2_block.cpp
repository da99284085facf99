#include "rollup/optimistic/l2_block.hpp"

#include "crypto/keccak.hpp"
#include "eth/rlp.hpp"

namespace xway::optimistic {
namespace {

namespace rlp = eth::rlp;

void add_deposits(rlp::Encoder& e, const std::vector<BlockDeposit>& deposits) {
  e.begin_list();
  for (const auto& d : deposits) e.begin_list().add_bytes(d.address.view()).add_uint(d.token).add_u256(d.amount).end_list();
  e.end_list();
}

void add_forced(rlp::Encoder& e, const std::vector<Bytes>& forced) {
  e.begin_list();
  for (const Bytes& f : forced) e.add_bytes(f);
  e.end_list();
}

Hash32 forced_hash(const std::vector<Bytes>& forced) {
  rlp::Encoder e;
  add_forced(e, forced);
  return crypto::keccak256(e.finish());
}

Hash32 deposits_hash(const std::vector<BlockDeposit>& deposits) {
  rlp::Encoder e;
  add_deposits(e, deposits);
  return crypto::keccak256(e.finish());
}

template <class T>
expected<T, SequencerError> corrupt_if(expected<T, rlp::RlpError> r) {
  if (!r) return unexpected(SequencerError::kCorruptBlock);
  return std::move(*r);
}

expected<BlockDeposit, SequencerError> read_deposit(const rlp::Item& item) {
  auto r = rlp::Reader::open(item);
  if (!r) return unexpected(SequencerError::kCorruptBlock);
  auto address = r->next_fixed<Address>();
  auto token = r->next_u64();
  auto amount = r->next_u256();
  if (!address || !token || !amount || !r->finish() || *token > 0xffffffffu) return unexpected(SequencerError::kCorruptBlock);
  return BlockDeposit{*address, static_cast<ledger::TokenId>(*token), *amount};
}

}  // namespace

Hash32 transactions_root(const L2Block& block) {
  Bytes all;
  all.reserve(block.transactions.size() * 32);
  for (const Hash32& h : block.transactions) append(all, h.view());
  return crypto::keccak256(all);
}

Hash32 block_hash(const L2Block& block) {
  rlp::Encoder e;
  e.begin_list()
      .add_uint(block.number)
      .add_bytes(block.parent_hash.view())
      .add_uint(block.timestamp)
      .add_bytes(block.state_root.view())
      .add_bytes(transactions_root(block).view())
      .add_bytes(deposits_hash(block.deposits).view())
      .add_bytes(forced_hash(block.forced).view())
      .end_list();
  return crypto::keccak256(e.finish());
}

Bytes encode_block(const L2Block& block) {
  rlp::Encoder e;
  e.begin_list().add_uint(block.number).add_bytes(block.parent_hash.view()).add_uint(block.timestamp).add_bytes(
      block.state_root.view());
  add_deposits(e, block.deposits);
  e.begin_list();
  for (const Hash32& h : block.transactions) e.add_bytes(h.view());
  e.end_list();
  add_forced(e, block.forced);
  e.end_list();
  return e.finish();
}

expected<L2Block, SequencerError> decode_block(ByteView in) {
  auto top = rlp::decode(in);
  if (!top) return unexpected(SequencerError::kCorruptBlock);
  auto r = rlp::Reader::open(*top);
  if (!r) return unexpected(SequencerError::kCorruptBlock);
  L2Block b;
  auto number = r->next_u64();
  auto parent = r->next_fixed<Hash32>();
  auto timestamp = r->next_u64();
  auto root = r->next_fixed<Hash32>();
  auto deposits = r->next();
  auto txs = r->next();
  auto forced = r->next();
  if (!number || !parent || !timestamp || !root || !deposits || !txs || !forced || !r->finish())
    return unexpected(SequencerError::kCorruptBlock);
  b.number = *number;
  b.parent_hash = *parent;
  b.timestamp = *timestamp;
  b.state_root = *root;
  auto deposit_items = corrupt_if(deposits->items());
  auto tx_items = corrupt_if(txs->items());
  auto forced_items = corrupt_if(forced->items());
  if (!deposit_items || !tx_items || !forced_items) return unexpected(SequencerError::kCorruptBlock);
  for (const rlp::Item& item : *forced_items) {
    auto bytes = item.bytes();
    if (!bytes) return unexpected(SequencerError::kCorruptBlock);
    b.forced.emplace_back(bytes->begin(), bytes->end());
  }
  for (const rlp::Item& item : *deposit_items) {
    auto d = read_deposit(item);
    if (!d) return unexpected(d.error());
    b.deposits.push_back(*d);
  }
  for (const rlp::Item& item : *tx_items) {
    auto h = item.as_fixed<Hash32>();
    if (!h) return unexpected(SequencerError::kCorruptBlock);
    b.transactions.push_back(*h);
  }
  return b;
}

Bytes encode_stored_tx(const StoredTx& tx) {
  rlp::Encoder e;
  e.begin_list()
      .add_uint(tx.block_num)
      .add_uint(tx.index)
      .add_bytes(tx.sender.view())
      .add_uint(tx.from)
      .add_uint(tx.to)
      .add_uint(tx.new_account ? 1 : 0)
      .add_bytes(tx.raw)
      .end_list();
  return e.finish();
}

expected<StoredTx, SequencerError> decode_stored_tx(ByteView in) {
  auto top = rlp::decode(in);
  if (!top) return unexpected(SequencerError::kCorruptBlock);
  auto r = rlp::Reader::open(*top);
  if (!r) return unexpected(SequencerError::kCorruptBlock);
  auto block_num = r->next_u64();
  auto index = r->next_u64();
  auto sender = r->next_fixed<Address>();
  auto from = r->next_u64();
  auto to = r->next_u64();
  auto fresh = r->next_u64();
  auto raw = r->next_bytes();
  if (!block_num || !index || !sender || !from || !to || !fresh || !raw || !r->finish() || *fresh > 1)
    return unexpected(SequencerError::kCorruptBlock);
  return StoredTx{*block_num, *index, *sender, *from, *to, *fresh == 1, Bytes(raw->begin(), raw->end())};
}

}  // namespace xway::optimistic
