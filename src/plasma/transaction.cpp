#include "plasma/transaction.hpp"

#include <algorithm>

#include "crypto/keccak.hpp"
#include "eth/rlp.hpp"

namespace xway::plasma {
namespace {

namespace rlp = eth::rlp;

const Address kZeroAddress{};

// secp256k1's order divided by 2: the largest s the contract (and Ethereum) accept.
constexpr std::array<std::uint8_t, 32> kHalfOrder = {
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

bool high_s(const Hash32& s) {
  return std::lexicographical_compare(kHalfOrder.begin(), kHalfOrder.end(), s.begin(), s.end());
}

void add_position(rlp::Encoder& e, const Position& p) {
  e.begin_list().add_uint(p.blknum).add_uint(p.txindex).add_uint(p.oindex).end_list();
}

void add_body(rlp::Encoder& e, const Transaction& tx) {
  e.begin_list();
  e.begin_list();
  for (const Position& p : tx.inputs) add_position(e, p);
  e.end_list();
  e.begin_list();
  for (const Output& o : tx.outputs) {
    const Address& owner = o.is_null() ? kZeroAddress : o.owner;
    e.begin_list().add_bytes(owner.view()).add_u256(o.amount).end_list();
  }
  e.end_list();
  e.add_bytes(tx.token.view());
  e.end_list();
}

Hash32 word_of(std::uint64_t v) { return Hash32{to_be32(U256(v))}; }

Hash32 hash_words(std::initializer_list<const FixedBytes<32>*> words) {
  Bytes buf;
  buf.reserve(32 * words.size());
  for (const auto* w : words) append(buf, w->view());
  return crypto::keccak256(buf);
}

// A bad RLP item inside the right shape is a shape error; the top level is checked by rlp::decode.
template <class T>
expected<T, PlasmaError> shape(expected<T, rlp::RlpError> r) {
  if (!r) return unexpected(PlasmaError::kBadShape);
  return std::move(*r);
}

expected<Position, PlasmaError> read_position(const rlp::Item& item) {
  auto r = shape(rlp::Reader::open(item));
  if (!r) return unexpected(r.error());
  Position p;
  auto blk = shape(r->next_u64());
  auto txi = shape(r->next_u64());
  auto oi = shape(r->next_u64());
  if (!blk || !txi || !oi || !r->finish()) return unexpected(PlasmaError::kBadShape);
  p.blknum = *blk;
  p.txindex = *txi;
  p.oindex = *oi;
  if (p.oindex > 1 || p.txindex >= kMaxTxIndex || p.blknum > kMaxBlknum) return unexpected(PlasmaError::kBadPosition);
  if (p.is_null() && (p.txindex != 0 || p.oindex != 0)) return unexpected(PlasmaError::kBadPosition);
  return p;
}

expected<Output, PlasmaError> read_output(const rlp::Item& item) {
  auto r = shape(rlp::Reader::open(item));
  if (!r) return unexpected(r.error());
  auto owner = shape(r->next_fixed<Address>());
  auto amount = shape(r->next_u256());
  if (!owner || !amount || !r->finish()) return unexpected(PlasmaError::kBadShape);
  if ((*owner == kZeroAddress) != (*amount == 0)) return unexpected(PlasmaError::kBadOutput);
  return Output{*owner, *amount};
}

expected<std::optional<crypto::Signature>, PlasmaError> read_signature(const rlp::Item& item) {
  auto b = shape(item.bytes());
  if (!b) return unexpected(b.error());
  if (b->empty()) return std::optional<crypto::Signature>{};
  if (b->size() != 65 || ((*b)[64] != 27 && (*b)[64] != 28)) return unexpected(PlasmaError::kBadSignature);
  auto sig = crypto::Signature::from_rsv(*b);
  if (!sig || high_s(sig->s)) return unexpected(PlasmaError::kBadSignature);
  return std::optional<crypto::Signature>{*sig};
}

// Lists of exactly `n` items.
expected<std::vector<rlp::Item>, PlasmaError> items_of(const rlp::Item& list, std::size_t n) {
  auto range = shape(list.items());
  if (!range) return unexpected(range.error());
  std::vector<rlp::Item> out(range->begin(), range->end());
  if (out.size() != n) return unexpected(PlasmaError::kBadShape);
  return out;
}

expected<Transaction, PlasmaError> read_body(const rlp::Item& item) {
  auto body = items_of(item, 3);
  if (!body) return unexpected(body.error());
  auto ins = items_of((*body)[0], 2);
  if (!ins) return unexpected(ins.error());
  auto outs = items_of((*body)[1], 2);
  if (!outs) return unexpected(outs.error());
  Transaction tx;
  for (std::size_t i = 0; i < 2; ++i) {
    auto p = read_position((*ins)[i]);
    if (!p) return unexpected(p.error());
    tx.inputs[i] = *p;
    auto o = read_output((*outs)[i]);
    if (!o) return unexpected(o.error());
    tx.outputs[i] = *o;
  }
  auto token = shape((*body)[2].as_fixed<Address>());
  if (!token) return unexpected(token.error());
  tx.token = *token;
  if (tx.inputs[0].is_null() && !tx.inputs[1].is_null()) return unexpected(PlasmaError::kInputGap);
  return tx;
}

}  // namespace

expected<Position, PlasmaError> Position::decode(std::uint64_t utxo_pos) {
  Position p{utxo_pos / kBlockOffset, (utxo_pos % kBlockOffset) / kTxOffset, utxo_pos % kTxOffset};
  if (p.oindex > 1 || p.blknum == 0) return unexpected(PlasmaError::kBadPosition);
  return p;
}

Bytes Transaction::encode() const {
  rlp::Encoder e;
  add_body(e, *this);
  return e.finish();
}

Hash32 Transaction::hash() const { return crypto::keccak256(encode()); }

std::size_t Transaction::input_count() const {
  return static_cast<std::size_t>(!inputs[0].is_null()) + static_cast<std::size_t>(!inputs[1].is_null());
}

Hash32 TxDomain::separator() const {
  const Hash32 type = crypto::keccak256(
      as_bytes("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"));
  const Hash32 name = crypto::keccak256(as_bytes("Expressway Plasma"));
  const Hash32 version = crypto::keccak256(as_bytes("1"));
  const Hash32 chain = word_of(chain_id);
  Hash32 addr;
  std::copy(contract.begin(), contract.end(), addr.begin() + 12);
  return hash_words({&type, &name, &version, &chain, &addr});
}

Hash32 signing_digest(const Hash32& domain_separator, const Transaction& tx) {
  static const Hash32 kTypeHash = crypto::keccak256(as_bytes("PlasmaTransaction(bytes32 rlpHash)"));
  const Hash32 tx_hash = tx.hash();
  const Hash32 struct_hash = hash_words({&kTypeHash, &tx_hash});
  Bytes buf{0x19, 0x01};
  append(buf, domain_separator.view());
  append(buf, struct_hash.view());
  return crypto::keccak256(buf);
}

void SignedTransaction::sign(std::size_t index, const crypto::PrivateKey& key, const Hash32& domain_separator) {
  sigs.at(index) = crypto::sign(key, signing_digest(domain_separator, tx));
}

Bytes SignedTransaction::encode() const {
  rlp::Encoder e;
  e.begin_list();
  add_body(e, tx);
  e.begin_list();
  for (const auto& sig : sigs) {
    if (sig) {
      const auto rsv = sig->to_rsv27();
      e.add_bytes(rsv.view());
    } else {
      e.add_bytes(ByteView{});
    }
  }
  e.end_list();
  e.end_list();
  return e.finish();
}

expected<SignedTransaction, PlasmaError> SignedTransaction::decode(ByteView bytes) {
  auto top = rlp::decode(bytes, 4);
  if (!top) return unexpected(top.error() == rlp::RlpError::kDepthLimit ? PlasmaError::kBadShape
                                                                         : PlasmaError::kMalformedRlp);
  auto parts = items_of(*top, 2);
  if (!parts) return unexpected(parts.error());
  auto tx = read_body((*parts)[0]);
  if (!tx) return unexpected(tx.error());
  auto sig_items = items_of((*parts)[1], 2);
  if (!sig_items) return unexpected(sig_items.error());
  SignedTransaction out;
  out.tx = *tx;
  for (std::size_t i = 0; i < 2; ++i) {
    auto sig = read_signature((*sig_items)[i]);
    if (!sig) return unexpected(sig.error());
    if (*sig && out.tx.inputs[i].is_null()) return unexpected(PlasmaError::kSignatureWithoutInput);
    out.sigs[i] = *sig;
  }
  return out;
}

SignedTransaction deposit_transaction(const Address& owner, const Address& token, const U256& amount) {
  SignedTransaction d;
  d.tx.outputs[0] = Output{owner, amount};
  d.tx.token = token;
  return d;
}

}  // namespace xway::plasma
