#include "ledger/codec.hpp"

#include "ledger/hasher.hpp"

namespace xway::ledger {
namespace codec_detail {

void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_u32(Bytes& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_amount(Bytes& out, const Amount& v) {
  const Hash32 word = amount_word(v);
  std::size_t first = 0;
  while (first < 32 && word[first] == 0) ++first;
  out.push_back(static_cast<std::uint8_t>(32 - first));
  out.insert(out.end(), word.begin() + static_cast<std::ptrdiff_t>(first), word.end());
}

bool Reader::raw(std::uint8_t* out, std::size_t n) {
  if (in_.size() < n) return false;
  std::memcpy(out, in_.data(), n);
  in_ = in_.subspan(n);
  return true;
}
bool Reader::u8(std::uint8_t& v) { return raw(&v, 1); }
bool Reader::u32(std::uint32_t& v) {
  std::uint8_t b[4];
  if (!raw(b, 4)) return false;
  v = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
  return true;
}
bool Reader::u64(std::uint64_t& v) {
  std::uint8_t b[8];
  if (!raw(b, 8)) return false;
  v = 0;
  for (std::uint8_t x : b) v = (v << 8) | x;
  return true;
}
bool Reader::amount(Amount& v) {
  std::uint8_t len = 0;
  if (!u8(len) || len > 32) return false;
  Hash32 word;
  if (!raw(word.data() + (32 - len), len)) return false;
  if (len > 0 && word[32 - len] == 0) return false;  // a leading zero: not minimal
  v = word_amount(word);
  return true;
}

}  // namespace codec_detail

using namespace codec_detail;

Bytes encode_account(const Account& account) {
  Bytes out;
  append(out, account.address.view());
  put_u64(out, account.nonce);
  put_u32(out, static_cast<std::uint32_t>(account.balances.size()));
  for (const auto& b : account.balances) {
    put_u32(out, b.token);
    put_amount(out, b.amount);
  }
  return out;
}

expected<Account, LedgerError> decode_account(ByteView in) {
  Reader r(in);
  Account a;
  std::uint32_t count = 0;
  if (!r.address(a.address) || a.address.is_zero() || !r.u64(a.nonce) || !r.u32(count))
    return unexpected(LedgerError::kDecode);
  // Each entry takes at least 6 bytes: bound the reservation by what the input can hold.
  if (count > in.size() / 6) return unexpected(LedgerError::kDecode);
  a.balances.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto& b = a.balances[i];
    if (!r.u32(b.token) || !r.amount(b.amount) || b.amount == 0) return unexpected(LedgerError::kDecode);
    if (i > 0 && b.token <= a.balances[i - 1].token) return unexpected(LedgerError::kDecode);
  }
  if (!r.done()) return unexpected(LedgerError::kDecode);
  return a;
}

Bytes encode_operation(const Operation& op) {
  Bytes out;
  if (const auto* t = std::get_if<Transfer>(&op)) {
    out.push_back(1);
    put_u64(out, t->from);
    put_u64(out, t->to);
    append(out, t->to_address.view());
    put_u32(out, t->token);
    put_amount(out, t->amount);
    put_amount(out, t->fee);
    put_u64(out, t->nonce);
  } else if (const auto* d = std::get_if<Deposit>(&op)) {
    out.push_back(2);
    put_u64(out, d->to);
    append(out, d->address.view());
    put_u32(out, d->token);
    put_amount(out, d->amount);
  } else {
    const auto& w = std::get<Withdraw>(op);
    out.push_back(3);
    put_u64(out, w.from);
    put_u32(out, w.token);
    put_amount(out, w.amount);
    put_amount(out, w.fee);
    put_u64(out, w.nonce);
  }
  return out;
}

expected<Operation, LedgerError> decode_operation(ByteView in) {
  Reader r(in);
  std::uint8_t kind = 0;
  if (!r.u8(kind)) return unexpected(LedgerError::kDecode);
  Operation op;
  bool ok = false;
  if (kind == 1) {
    Transfer t;
    ok = r.u64(t.from) && r.u64(t.to) && r.address(t.to_address) && r.u32(t.token) && r.amount(t.amount) &&
         r.amount(t.fee) && r.u64(t.nonce);
    op = t;
  } else if (kind == 2) {
    Deposit d;
    ok = r.u64(d.to) && r.address(d.address) && r.u32(d.token) && r.amount(d.amount);
    op = d;
  } else if (kind == 3) {
    Withdraw w;
    ok = r.u64(w.from) && r.u32(w.token) && r.amount(w.amount) && r.amount(w.fee) && r.u64(w.nonce);
    op = w;
  }
  if (!ok || !r.done()) return unexpected(LedgerError::kDecode);
  return op;
}

}  // namespace xway::ledger
