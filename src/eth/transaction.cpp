#include "eth/transaction.hpp"

#include <array>
#include <limits>

#include "crypto/keccak.hpp"
#include "eth/rlp.hpp"

namespace xway::eth {

std::string_view describe(TxError e) {
  switch (e) {
    case TxError::kEmpty: return "transaction is empty";
    case TxError::kUnknownType: return "transaction type is not supported";
    case TxError::kMalformedRlp: return "transaction is not canonical RLP";
    case TxError::kWrongFieldCount: return "transaction has the wrong number of fields";
    case TxError::kBadField: return "transaction field has the wrong shape";
    case TxError::kFieldTooLarge: return "transaction field is too large";
    case TxError::kBadAccessList: return "transaction access list is malformed";
    case TxError::kBadV: return "transaction signature v is invalid";
    case TxError::kHighS: return "transaction signature has high s";
    case TxError::kBadSignature: return "transaction signature r or s is out of range";
    case TxError::kRecoveryFailed: return "transaction signer cannot be recovered";
    case TxError::kWrongChainId: return "transaction is for another chain";
    case TxError::kUnprotected: return "transaction lacks EIP-155 replay protection";
  }
  return "unknown transaction error";
}

namespace {

constexpr std::uint8_t kEip1559Type = 0x02;

// secp256k1's group order n and n / 2, big-endian.
constexpr std::array<std::uint8_t, 32> kCurveOrder = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
constexpr std::array<std::uint8_t, 32> kHalfCurveOrder = {
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

using rlp::RlpError;

// ---------------------------------------------------------------------------------------------
// Encoding.

ByteView to_field(const std::optional<Address>& to) { return to ? to->view() : ByteView(); }

// A 32-byte scalar as an RLP integer: big-endian without leading zeros.
ByteView minimal_scalar(const Hash32& v) {
  std::size_t i = 0;
  while (i < v.size() && v[i] == 0) ++i;
  return v.view().subspan(i);
}

void add_access_list(rlp::Encoder& e, const AccessList& list) {
  e.begin_list();
  for (const auto& entry : list) {
    e.begin_list().add_bytes(entry.address.view()).begin_list();
    for (const auto& key : entry.storage_keys) e.add_bytes(key.view());
    e.end_list().end_list();
  }
  e.end_list();
}

void add_fields(rlp::Encoder& e, const Eip1559Tx& tx) {
  e.add_uint(tx.chain_id)
      .add_uint(tx.nonce)
      .add_u256(tx.max_priority_fee_per_gas)
      .add_u256(tx.max_fee_per_gas)
      .add_uint(tx.gas_limit)
      .add_bytes(to_field(tx.to))
      .add_u256(tx.value)
      .add_bytes(tx.data);
  add_access_list(e, tx.access_list);
}

void add_fields(rlp::Encoder& e, const LegacyTx& tx) {
  e.add_uint(tx.nonce)
      .add_u256(tx.gas_price)
      .add_uint(tx.gas_limit)
      .add_bytes(to_field(tx.to))
      .add_u256(tx.value)
      .add_bytes(tx.data);
}

void add_rs(rlp::Encoder& e, const crypto::Signature& sig) {
  e.add_bytes(minimal_scalar(sig.r)).add_bytes(minimal_scalar(sig.s));
}

U256 legacy_v(const LegacyTx& tx, std::uint8_t parity) {
  if (!tx.chain_id) return U256(27 + parity);
  return U256(*tx.chain_id) * 2 + 35 + parity;
}

Bytes encode_signed(const Eip1559Tx& tx, const crypto::Signature& sig) {
  rlp::Encoder e;
  e.begin_list();
  add_fields(e, tx);
  e.add_uint(sig.v);
  add_rs(e, sig);
  e.end_list();
  Bytes out;
  out.reserve(1 + e.encoded_size());
  out.push_back(kEip1559Type);
  e.finish_into(out);
  return out;
}

Bytes encode_signed(const LegacyTx& tx, const crypto::Signature& sig) {
  rlp::Encoder e;
  e.begin_list();
  add_fields(e, tx);
  e.add_u256(legacy_v(tx, sig.v));
  add_rs(e, sig);
  e.end_list();
  return e.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding.

// Maps an RLP error met while reading a field to the transaction error it means.
TxError field_error(RlpError e) {
  switch (e) {
    case RlpError::kIntegerTooLarge: return TxError::kFieldTooLarge;
    case RlpError::kTooFewItems:
    case RlpError::kTooManyItems: return TxError::kWrongFieldCount;
    case RlpError::kExpectedList:
    case RlpError::kExpectedString:
    case RlpError::kWrongSize: return TxError::kBadField;
    default: return TxError::kMalformedRlp;
  }
}

// Unwraps an RLP result inside a function returning expected<..., TxError>.
#define XWAY_TRY_FIELD(var, expr)                                         \
  auto var##_r = (expr);                                                  \
  if (!var##_r) return unexpected(field_error(var##_r.error()));          \
  auto var = std::move(*var##_r)

expected<std::optional<Address>, TxError> read_to(rlp::Reader& r) {
  XWAY_TRY_FIELD(raw, r.next_bytes());
  if (raw.empty()) return std::optional<Address>();
  if (raw.size() != Address::size()) return unexpected(TxError::kBadField);
  return std::optional<Address>(Address{FixedBytes<20>::from_view(raw)});
}

expected<AccessListEntry, RlpError> read_access_entry(const rlp::Item& item) {
  auto r = rlp::Reader::open(item);
  if (!r) return unexpected(r.error());
  AccessListEntry entry;
  auto address = r->next_fixed<Address>();
  if (!address) return unexpected(address.error());
  entry.address = *address;
  auto keys_item = r->next();
  if (!keys_item) return unexpected(keys_item.error());
  auto keys = keys_item->items();
  if (!keys) return unexpected(keys.error());
  for (const rlp::Item key : *keys) {
    auto k = key.as_fixed<Hash32>();
    if (!k) return unexpected(k.error());
    entry.storage_keys.push_back(*k);
  }
  auto done = r->finish();
  if (!done) return unexpected(done.error());
  return entry;
}

expected<AccessList, TxError> read_access_list(rlp::Reader& r) {
  auto item = r.next();
  if (!item) return unexpected(field_error(item.error()));
  auto entries = item->items();
  if (!entries) return unexpected(TxError::kBadAccessList);
  AccessList list;
  for (const rlp::Item entry : *entries) {
    auto e = read_access_entry(entry);
    if (!e) return unexpected(TxError::kBadAccessList);
    list.push_back(std::move(*e));
  }
  return list;
}

// Reads r or s: a canonical integer of at most 32 bytes, left-padded into a scalar.
expected<Hash32, TxError> read_scalar(rlp::Reader& r) {
  XWAY_TRY_FIELD(raw, r.next_bytes());
  if (!raw.empty() && raw[0] == 0) return unexpected(TxError::kMalformedRlp);
  if (raw.size() > 32) return unexpected(TxError::kFieldTooLarge);
  Hash32 out;
  std::copy(raw.begin(), raw.end(), out.begin() + static_cast<std::ptrdiff_t>(32 - raw.size()));
  return out;
}

// Reads r and s and checks them: both in [1, n), s at most n / 2.
expected<void, TxError> read_rs(rlp::Reader& r, crypto::Signature& sig) {
  auto rr = read_scalar(r);
  if (!rr) return unexpected(rr.error());
  auto ss = read_scalar(r);
  if (!ss) return unexpected(ss.error());
  if (rr->is_zero() || ss->is_zero()) return unexpected(TxError::kBadSignature);
  if (rr->bytes >= kCurveOrder || ss->bytes >= kCurveOrder) return unexpected(TxError::kBadSignature);
  if (ss->bytes > kHalfCurveOrder) return unexpected(TxError::kHighS);
  sig.r = *rr;
  sig.s = *ss;
  return {};
}

expected<SignedTransaction, TxError> decode_eip1559(ByteView body) {
  auto item = rlp::decode(body);
  if (!item) return unexpected(TxError::kMalformedRlp);
  auto reader = rlp::Reader::open(*item);
  if (!reader) return unexpected(TxError::kBadField);
  rlp::Reader& r = *reader;
  Eip1559Tx tx;
  {
    XWAY_TRY_FIELD(chain_id, r.next_u64());
    XWAY_TRY_FIELD(nonce, r.next_u64());
    XWAY_TRY_FIELD(priority, r.next_u256());
    XWAY_TRY_FIELD(max_fee, r.next_u256());
    XWAY_TRY_FIELD(gas, r.next_u64());
    tx.chain_id = chain_id;
    tx.nonce = nonce;
    tx.max_priority_fee_per_gas = priority;
    tx.max_fee_per_gas = max_fee;
    tx.gas_limit = gas;
  }
  auto to = read_to(r);
  if (!to) return unexpected(to.error());
  tx.to = *to;
  {
    XWAY_TRY_FIELD(value, r.next_u256());
    XWAY_TRY_FIELD(data, r.next_bytes());
    tx.value = value;
    tx.data.assign(data.begin(), data.end());
  }
  auto access = read_access_list(r);
  if (!access) return unexpected(access.error());
  tx.access_list = std::move(*access);
  crypto::Signature sig;
  {
    XWAY_TRY_FIELD(parity, r.next_u64());
    if (parity > 1) return unexpected(TxError::kBadV);
    sig.v = static_cast<std::uint8_t>(parity);
  }
  auto rs = read_rs(r, sig);
  if (!rs) return unexpected(rs.error());
  if (!r.finish()) return unexpected(TxError::kWrongFieldCount);
  return SignedTransaction{std::move(tx), sig};
}

// Splits a legacy v into chain id (none when unprotected) and y-parity.
expected<void, TxError> apply_legacy_v(const U256& v, LegacyTx& tx, crypto::Signature& sig) {
  if (v == 27 || v == 28) {
    tx.chain_id.reset();
    sig.v = static_cast<std::uint8_t>(v - 27);
    return {};
  }
  if (v < 35) return unexpected(TxError::kBadV);
  const U256 chain_id = (v - 35) / 2;
  if (chain_id > std::numeric_limits<std::uint64_t>::max()) return unexpected(TxError::kFieldTooLarge);
  tx.chain_id = static_cast<std::uint64_t>(chain_id);
  sig.v = static_cast<std::uint8_t>((v - 35) % 2);
  return {};
}

expected<SignedTransaction, TxError> decode_legacy(ByteView raw) {
  auto item = rlp::decode(raw);
  if (!item) return unexpected(TxError::kMalformedRlp);
  auto reader = rlp::Reader::open(*item);
  if (!reader) return unexpected(TxError::kBadField);
  rlp::Reader& r = *reader;
  LegacyTx tx;
  {
    XWAY_TRY_FIELD(nonce, r.next_u64());
    XWAY_TRY_FIELD(gas_price, r.next_u256());
    XWAY_TRY_FIELD(gas, r.next_u64());
    tx.nonce = nonce;
    tx.gas_price = gas_price;
    tx.gas_limit = gas;
  }
  auto to = read_to(r);
  if (!to) return unexpected(to.error());
  tx.to = *to;
  crypto::Signature sig;
  {
    XWAY_TRY_FIELD(value, r.next_u256());
    XWAY_TRY_FIELD(data, r.next_bytes());
    XWAY_TRY_FIELD(v, r.next_u256());
    tx.value = value;
    tx.data.assign(data.begin(), data.end());
    auto ok = apply_legacy_v(v, tx, sig);
    if (!ok) return unexpected(ok.error());
  }
  auto rs = read_rs(r, sig);
  if (!rs) return unexpected(rs.error());
  if (!r.finish()) return unexpected(TxError::kWrongFieldCount);
  return SignedTransaction{std::move(tx), sig};
}

#undef XWAY_TRY_FIELD

}  // namespace

// ---------------------------------------------------------------------------------------------
// SignedTransaction accessors.

TxType SignedTransaction::type() const {
  return std::holds_alternative<Eip1559Tx>(body) ? TxType::kEip1559 : TxType::kLegacy;
}

std::optional<std::uint64_t> SignedTransaction::chain_id() const {
  if (const auto* t = std::get_if<Eip1559Tx>(&body)) return t->chain_id;
  return std::get<LegacyTx>(body).chain_id;
}

std::uint64_t SignedTransaction::nonce() const {
  return std::visit([](const auto& t) { return t.nonce; }, body);
}

std::uint64_t SignedTransaction::gas_limit() const {
  return std::visit([](const auto& t) { return t.gas_limit; }, body);
}

const std::optional<Address>& SignedTransaction::to() const {
  return std::visit([](const auto& t) -> const std::optional<Address>& { return t.to; }, body);
}

const U256& SignedTransaction::value() const {
  return std::visit([](const auto& t) -> const U256& { return t.value; }, body);
}

const Bytes& SignedTransaction::data() const {
  return std::visit([](const auto& t) -> const Bytes& { return t.data; }, body);
}

const U256& SignedTransaction::max_fee_per_gas() const {
  if (const auto* t = std::get_if<Eip1559Tx>(&body)) return t->max_fee_per_gas;
  return std::get<LegacyTx>(body).gas_price;
}

const U256& SignedTransaction::max_priority_fee_per_gas() const {
  if (const auto* t = std::get_if<Eip1559Tx>(&body)) return t->max_priority_fee_per_gas;
  return std::get<LegacyTx>(body).gas_price;
}

// ---------------------------------------------------------------------------------------------
// Signing.

Bytes signing_payload(const Eip1559Tx& tx) {
  rlp::Encoder e;
  e.begin_list();
  add_fields(e, tx);
  e.end_list();
  Bytes out;
  out.reserve(1 + e.encoded_size());
  out.push_back(kEip1559Type);
  e.finish_into(out);
  return out;
}

Bytes signing_payload(const LegacyTx& tx) {
  rlp::Encoder e;
  e.begin_list();
  add_fields(e, tx);
  if (tx.chain_id) e.add_uint(*tx.chain_id).add_uint(0).add_uint(0);
  e.end_list();
  return e.finish();
}

Hash32 signing_hash(const Eip1559Tx& tx) { return crypto::keccak256(signing_payload(tx)); }

Hash32 signing_hash(const LegacyTx& tx) { return crypto::keccak256(signing_payload(tx)); }

SignedTransaction sign(const Eip1559Tx& tx, const crypto::PrivateKey& key) {
  return SignedTransaction{tx, crypto::sign(key, signing_hash(tx))};
}

SignedTransaction sign(const LegacyTx& tx, const crypto::PrivateKey& key) {
  return SignedTransaction{tx, crypto::sign(key, signing_hash(tx))};
}

Bytes encode(const SignedTransaction& tx) {
  return std::visit([&](const auto& body) { return encode_signed(body, tx.signature); }, tx.body);
}

Hash32 transaction_hash(const SignedTransaction& tx) { return crypto::keccak256(encode(tx)); }

expected<SignedTransaction, TxError> decode_transaction(ByteView raw) {
  if (raw.empty()) return unexpected(TxError::kEmpty);
  const std::uint8_t first = raw[0];
  if (first >= 0xc0) return decode_legacy(raw);
  if (first == kEip1559Type) return decode_eip1559(raw.subspan(1));
  if (first <= 0x7f) return unexpected(TxError::kUnknownType);
  return unexpected(TxError::kMalformedRlp);
}

expected<Address, TxError> recover_sender(const SignedTransaction& tx) {
  const Hash32 digest = std::visit([](const auto& body) { return signing_hash(body); }, tx.body);
  auto sender = crypto::recover_address(digest, tx.signature);
  if (!sender) return unexpected(TxError::kRecoveryFailed);
  return *sender;
}

expected<DecodedTransaction, TxError> decode_and_recover(ByteView raw, const AcceptPolicy& policy) {
  auto tx = decode_transaction(raw);
  if (!tx) return unexpected(tx.error());
  const auto chain_id = tx->chain_id();
  if (!chain_id) {
    if (!policy.allow_unprotected_legacy) return unexpected(TxError::kUnprotected);
  } else if (*chain_id != policy.chain_id) {
    return unexpected(TxError::kWrongChainId);
  }
  auto sender = recover_sender(*tx);
  if (!sender) return unexpected(sender.error());
  // The decoder accepts only canonical bytes, so hashing the input equals hashing `encode(*tx)`.
  return DecodedTransaction{std::move(*tx), *sender, crypto::keccak256(raw)};
}

Address contract_address(const Address& sender, std::uint64_t nonce) {
  rlp::Encoder e;
  e.begin_list().add_bytes(sender.view()).add_uint(nonce).end_list();
  const Hash32 h = crypto::keccak256(e.finish());
  return Address{FixedBytes<20>::from_view(h.view().subspan(12))};
}

}  // namespace xway::eth
