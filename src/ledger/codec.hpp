#pragma once
/// The ledger's strict binary codec: accounts (as persisted), operations, and step witnesses (as a
/// fraud proof or a prover receives them). Every value has exactly one encoding; a decoder rejects
/// anything else (trailing bytes, non-minimal amounts, unsorted tokens, zero balances, proof
/// bitmaps beyond the tree's depth) with LedgerError::kDecode.
///
/// Integers are big-endian. An amount is one length byte (0..32) then that many bytes without
/// leading zeros (zero is the empty string). An account is address(20, non-zero) nonce(8)
/// count(4) then count x [token(4) amount], tokens strictly increasing, amounts non-zero. An
/// operation is a kind byte (1 transfer, 2 deposit, 3 withdraw) then its fields in declaration
/// order. A proof is bitmap(32) then popcount(bitmap) digests. A witness list is count(1, at most
/// 3) then count x [account(8) address(20) nonce(8) balance balance_proof account_proof].
#include <cstring>
#include <vector>

#include "core/bytes.hpp"
#include "ledger/witness.hpp"

namespace xway::ledger {

namespace codec_detail {
/// Appends big-endian integers and amounts.
void put_u64(Bytes& out, std::uint64_t v);
void put_u32(Bytes& out, std::uint32_t v);
void put_amount(Bytes& out, const Amount& v);

/// Reads from a byte view; every read fails (returns false) past the end.
class Reader {
 public:
  explicit Reader(ByteView in) : in_(in) {}
  bool u8(std::uint8_t& v);
  bool u32(std::uint32_t& v);
  bool u64(std::uint64_t& v);
  bool raw(std::uint8_t* out, std::size_t n);
  bool address(Address& a) { return raw(a.data(), a.size()); }
  /// A minimal amount (see the header comment).
  bool amount(Amount& v);
  bool done() const { return in_.empty(); }

 private:
  ByteView in_;
};

template <crypto::SmtHasher H>
void put_proof(Bytes& out, const crypto::SmtProof<typename H::Digest>& proof) {
  append(out, proof.bitmap.view());
  for (const auto& s : proof.siblings) append(out, ByteView(s.data(), H::kDigestSize));
}

template <crypto::SmtHasher H>
bool read_proof(Reader& in, unsigned depth, crypto::SmtProof<typename H::Digest>& proof) {
  if (!in.raw(proof.bitmap.data(), 32) || !crypto::smt_detail::fits_depth(proof.bitmap, depth)) return false;
  proof.siblings.resize(crypto::smt_detail::popcount(proof.bitmap));
  for (auto& s : proof.siblings)
    if (!in.raw(s.data(), H::kDigestSize)) return false;
  return true;
}
}  // namespace codec_detail

/// The canonical bytes of a bound account.
Bytes encode_account(const Account& account);
/// Decodes a bound account.
expected<Account, LedgerError> decode_account(ByteView in);

/// The canonical bytes of an operation.
Bytes encode_operation(const Operation& op);
/// Decodes an operation.
expected<Operation, LedgerError> decode_operation(ByteView in);

/// The most witnesses one operation needs (a transfer with a fee).
inline constexpr std::size_t kMaxWitnesses = 3;

/// The canonical bytes of the witnesses of one operation.
template <LedgerHasher H>
Bytes encode_witnesses(std::span<const ChangeWitness<typename H::Digest>> witnesses) {
  using namespace codec_detail;
  Bytes out;
  out.push_back(static_cast<std::uint8_t>(witnesses.size()));
  for (const auto& w : witnesses) {
    put_u64(out, w.account);
    append(out, w.slot.address.view());
    put_u64(out, w.slot.nonce);
    put_amount(out, w.slot.balance);
    put_proof<H>(out, w.balance_proof);
    put_proof<H>(out, w.account_proof);
  }
  return out;
}

/// Decodes the witnesses of one operation for a ledger of shape `params` (proof bitmaps must fit
/// the depths); at most kMaxWitnesses.
template <LedgerHasher H>
expected<std::vector<ChangeWitness<typename H::Digest>>, LedgerError> decode_witnesses(ByteView in,
                                                                                       const LedgerParams& params) {
  using namespace codec_detail;
  Reader r(in);
  std::uint8_t count = 0;
  if (!r.u8(count) || count > kMaxWitnesses) return unexpected(LedgerError::kDecode);
  std::vector<ChangeWitness<typename H::Digest>> out(count);
  for (auto& w : out) {
    if (!r.u64(w.account) || !r.address(w.slot.address) || !r.u64(w.slot.nonce) || !r.amount(w.slot.balance) ||
        !read_proof<H>(r, params.token_depth, w.balance_proof) ||
        !read_proof<H>(r, params.account_depth, w.account_proof))
      return unexpected(LedgerError::kDecode);
  }
  if (!r.done()) return unexpected(LedgerError::kDecode);
  return out;
}

}  // namespace xway::ledger
