#include "channels/balance_proof.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "crypto/eip191.hpp"
#include "crypto/eip712.hpp"
#include "crypto/keccak.hpp"

namespace xway::channels {
namespace {

constexpr std::string_view kBalanceProofType =
    "BalanceProof(uint256 channelId,uint256 nonce,uint256 transferredAmount,uint256 lockedAmount,bytes32 locksroot)";

const U256& curve_order() {
  static const U256 n = *parse_u256("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  return n;
}

const U256& half_order() {
  static const U256 h = *parse_u256("0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");
  return h;
}

void put_word(Bytes& out, const U256& v) { append(out, to_be32(v).view()); }

void put_u64(std::uint8_t* out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
}

std::uint64_t get_u64(ByteView in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}

}  // namespace

Hash32 token_network_domain_separator(std::uint64_t chain_id, const Address& token_network) {
  // A node signs and checks proofs of one token network: keep the last separator per thread
  // (it is four Keccaks and a type string; every proof needs it).
  struct Last {
    std::uint64_t chain_id = 0;
    Address token_network;
    Hash32 separator;
    bool valid = false;
  };
  thread_local Last last;
  if (last.valid && last.chain_id == chain_id && last.token_network == token_network) return last.separator;
  crypto::Eip712Domain domain;
  domain.name = "Expressway TokenNetwork";
  domain.version = "1";
  domain.chain_id = U256(chain_id);
  domain.verifying_contract = token_network;
  last = Last{chain_id, token_network, crypto::domain_separator(domain), true};
  return last.separator;
}

Hash32 balance_proof_struct_hash(const BalanceProof& p) {
  static const Hash32 type_hash = crypto::keccak256(as_bytes(kBalanceProofType));
  Bytes data;
  data.reserve(6 * 32);
  append(data, type_hash.view());
  put_word(data, U256(p.channel.channel_id));
  put_word(data, U256(p.nonce));
  put_word(data, p.transferred_amount);
  put_word(data, p.locked_amount);
  append(data, p.locksroot.view());
  return crypto::keccak256(data);
}

Hash32 balance_proof_digest(const BalanceProof& proof) {
  return crypto::typed_data_digest(token_network_domain_separator(proof.channel.chain_id, proof.channel.token_network),
                                   balance_proof_struct_hash(proof));
}

Hash32 balance_hash(const BalanceProof& proof) {
  Bytes data;
  data.reserve(96);
  put_word(data, proof.transferred_amount);
  put_word(data, proof.locked_amount);
  append(data, proof.locksroot.view());
  return crypto::keccak256(data);
}

SignedBalanceProof sign_balance_proof(const BalanceProof& proof, const crypto::PrivateKey& key) {
  return SignedBalanceProof{proof, crypto::sign(key, balance_proof_digest(proof))};
}

namespace {

/// Signers recovered ahead (recover_signers_ahead), by digest || r || s || v; each used once.
struct SignerMemo {
  std::mutex mu;
  std::unordered_map<std::string, Address> signers;
};

SignerMemo& signer_memo() {
  static SignerMemo memo;
  return memo;
}

/// Entries never asked for (a proof refused before its signature was checked) are dropped
/// wholesale past this many.
constexpr std::size_t kMaxRememberedSigners = 1 << 16;
/// Fewer proofs per thread than this are recovered on the caller's thread as they come.
constexpr std::size_t kMinProofsPerThread = 32;

std::string memo_key(const Hash32& digest, const crypto::Signature& sig) {
  std::string k;
  k.reserve(97);
  k.append(reinterpret_cast<const char*>(digest.data()), 32);
  k.append(reinterpret_cast<const char*>(sig.r.data()), 32);
  k.append(reinterpret_cast<const char*>(sig.s.data()), 32);
  k.push_back(static_cast<char>(sig.v));
  return k;
}

}  // namespace

expected<Address, ChannelError> balance_proof_signer(const SignedBalanceProof& signed_proof) {
  const Hash32 digest = balance_proof_digest(signed_proof.proof);
  {
    SignerMemo& memo = signer_memo();
    std::lock_guard g(memo.mu);
    if (!memo.signers.empty()) {
      auto it = memo.signers.find(memo_key(digest, signed_proof.signature));
      if (it != memo.signers.end()) {
        const Address a = it->second;
        memo.signers.erase(it);
        return a;
      }
    }
  }
  auto signer = crypto::recover_address(digest, signed_proof.signature);
  if (!signer) return unexpected(ChannelError::kBadSignature);
  return *signer;
}

void recover_signers_ahead(const std::vector<SignedBalanceProof>& proofs, unsigned threads) {
  const std::size_t workers = std::min<std::size_t>(threads, proofs.size() / kMinProofsPerThread);
  if (workers < 2) return;
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    std::vector<std::pair<std::string, Address>> found;
    for (std::size_t i = next++; i < proofs.size(); i = next++) {
      const Hash32 digest = balance_proof_digest(proofs[i].proof);
      if (auto a = crypto::recover_address(digest, proofs[i].signature)) found.emplace_back(memo_key(digest, proofs[i].signature), *a);
    }
    SignerMemo& memo = signer_memo();
    std::lock_guard g(memo.mu);
    if (memo.signers.size() + found.size() > kMaxRememberedSigners) memo.signers.clear();
    for (auto& [k, a] : found) memo.signers.insert_or_assign(std::move(k), a);
  };
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < workers; ++t) helpers.emplace_back(work);
  work();
  for (auto& h : helpers) h.join();
}

Bytes signature_bytes(const crypto::Signature& signature) {
  const auto rsv = signature.to_rsv27();
  return Bytes(rsv.begin(), rsv.end());
}

expected<crypto::Signature, ChannelError> parse_signature(ByteView rsv) {
  if (rsv.size() != 65) return unexpected(ChannelError::kWrongLength);
  if (rsv[64] != 27 && rsv[64] != 28) return unexpected(ChannelError::kBadSignatureEncoding);
  const U256 r = from_be(rsv.subspan(0, 32));
  const U256 s = from_be(rsv.subspan(32, 32));
  if (r == 0 || r >= curve_order() || s == 0) return unexpected(ChannelError::kBadSignatureEncoding);
  if (s > half_order()) return unexpected(ChannelError::kHighS);
  auto sig = crypto::Signature::from_rsv(rsv);
  if (!sig) return unexpected(ChannelError::kBadSignatureEncoding);
  return *sig;
}

FixedBytes<kSignedBalanceProofBytes> encode_signed_balance_proof(const SignedBalanceProof& sp) {
  FixedBytes<kSignedBalanceProofBytes> out;
  std::uint8_t* at = out.data();
  const BalanceProof& p = sp.proof;
  put_u64(at, p.channel.chain_id);
  at = std::copy(p.channel.token_network.begin(), p.channel.token_network.end(), at + 8);
  put_u64(at, p.channel.channel_id);
  put_u64(at + 8, p.nonce);
  at += 16;
  const auto transferred = to_be32(p.transferred_amount);
  const auto locked = to_be32(p.locked_amount);
  at = std::copy(transferred.begin(), transferred.end(), at);
  at = std::copy(locked.begin(), locked.end(), at);
  at = std::copy(p.locksroot.begin(), p.locksroot.end(), at);
  const auto rsv = sp.signature.to_rsv27();
  std::copy(rsv.begin(), rsv.end(), at);
  return out;
}

expected<SignedBalanceProof, ChannelError> decode_signed_balance_proof(ByteView in) {
  if (in.size() != kSignedBalanceProofBytes) return unexpected(ChannelError::kWrongLength);
  SignedBalanceProof sp;
  BalanceProof& p = sp.proof;
  p.channel.chain_id = get_u64(in.subspan(0, 8));
  p.channel.token_network = Address{FixedBytes<20>::from_view(in.subspan(8, 20))};
  p.channel.channel_id = get_u64(in.subspan(28, 8));
  p.nonce = get_u64(in.subspan(36, 8));
  if (p.nonce == 0) return unexpected(ChannelError::kZeroNonce);
  p.transferred_amount = from_be(in.subspan(44, 32));
  p.locked_amount = from_be(in.subspan(76, 32));
  p.locksroot = Hash32{FixedBytes<32>::from_view(in.subspan(108, 32))};
  auto sig = parse_signature(in.subspan(140, 65));
  if (!sig) return unexpected(sig.error());
  sp.signature = *sig;
  return sp;
}

}  // namespace xway::channels
