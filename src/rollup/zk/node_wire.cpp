#include "rollup/zk/node_wire.hpp"

#include <charconv>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "rollup/zk/l1_batch.hpp"
#include "rollup/zk/public_data.hpp"

namespace xway::zk {
namespace {

constexpr std::uint64_t kIndexLimit = std::uint64_t{1} << kPublicDataTreeDepth;
constexpr std::uint64_t kValueLimit = std::uint64_t{1} << kBalanceBits;

expected<std::uint64_t, WireError> field_u64(const nlohmann::json& j, const char* name) {
  const auto it = j.find(name);
  if (it == j.end() || !it->is_number_unsigned()) return unexpected(WireError::kMissingField);
  return it->get<std::uint64_t>();
}

}  // namespace

std::string_view describe(WireError e) {
  switch (e) {
    case WireError::kNotAnObject: return "transfer: expected one JSON object {from, to, amount, fee, nonce, signature}";
    case WireError::kMissingField: return "transfer: a field is missing or not of its type (numbers are unsigned integers, signature a hex string)";
    case WireError::kUnknownField: return "transfer: unknown field";
    case WireError::kOutOfRange: return "transfer: an index is 2^24 or more, an amount or fee 2^60 or more, or the nonce is 0";
    case WireError::kBadHex: return "transfer: not 0x-prefixed hex";
    case WireError::kBadSignatureSize: return "transfer: the signature is not 68 chain digests and the key path (32 bytes each)";
    case WireError::kNonCanonical: return "transfer: a digest element is not below the field modulus";
    case WireError::kBadId: return "transfer id: expected \"FROM:NONCE\"";
  }
  return "transfer: unknown error";
}

std::string digest_hex(const RescueDigest& d) { return to_hex(digest_word(d).view()); }

expected<RescueDigest, WireError> digest_from_bytes(ByteView bytes) {
  if (bytes.size() != 32) return unexpected(WireError::kBadSignatureSize);
  for (std::size_t k = 0; k < 4; ++k) {
    std::uint64_t v = 0;
    for (std::size_t b = 0; b < 8; ++b) v = (v << 8) | bytes[8 * k + b];
    if (!Felt::is_canonical(v)) return unexpected(WireError::kNonCanonical);
  }
  return word_digest(Hash32{FixedBytes<32>::from_view(bytes)});
}

expected<RescueDigest, WireError> parse_digest(std::string_view hex) {
  if (hex.size() < 2 || hex.substr(0, 2) != "0x") return unexpected(WireError::kBadHex);
  auto bytes = from_hex(hex);
  if (!bytes) return unexpected(WireError::kBadHex);
  if (bytes->size() != 32) return unexpected(WireError::kBadSignatureSize);
  return digest_from_bytes(*bytes);
}

Bytes encode_signature(const TransferSignature& s) {
  Bytes out;
  out.reserve(32 * (s.chains.size() + s.key_path.size()));
  for (const RescueDigest& d : s.chains) append(out, digest_word(d).view());
  for (const RescueDigest& d : s.key_path) append(out, digest_word(d).view());
  return out;
}

expected<TransferSignature, WireError> decode_signature(ByteView bytes, std::size_t key_depth) {
  if (bytes.size() != 32 * (kWotsChains + key_depth)) return unexpected(WireError::kBadSignatureSize);
  TransferSignature s;
  for (std::size_t i = 0; i < kWotsChains; ++i) {
    auto d = digest_from_bytes(bytes.subspan(32 * i, 32));
    if (!d) return unexpected(d.error());
    s.chains[i] = *d;
  }
  for (std::size_t i = 0; i < key_depth; ++i) {
    auto d = digest_from_bytes(bytes.subspan(32 * (kWotsChains + i), 32));
    if (!d) return unexpected(d.error());
    s.key_path.push_back(*d);
  }
  return s;
}

nlohmann::json transfer_json(const SignedTransfer& t) {
  return {{"from", t.transfer.from},     {"to", t.transfer.to},       {"amount", t.transfer.amount},
          {"fee", t.transfer.fee},       {"nonce", t.transfer.nonce}, {"signature", to_hex(encode_signature(t.signature))}};
}

expected<SignedTransfer, WireError> transfer_from_json(const nlohmann::json& j, std::size_t key_depth) {
  if (!j.is_object()) return unexpected(WireError::kNotAnObject);
  for (const auto& [name, value] : j.items()) {
    if (name != "from" && name != "to" && name != "amount" && name != "fee" && name != "nonce" && name != "signature") {
      return unexpected(WireError::kUnknownField);
    }
  }
  SignedTransfer out;
  auto from = field_u64(j, "from");
  auto to = field_u64(j, "to");
  auto amount = field_u64(j, "amount");
  auto fee = field_u64(j, "fee");
  auto nonce = field_u64(j, "nonce");
  if (!from || !to || !amount || !fee || !nonce) return unexpected(WireError::kMissingField);
  if (*from >= kIndexLimit || *to >= kIndexLimit || *amount >= kValueLimit || *fee >= kValueLimit || *nonce == 0) {
    return unexpected(WireError::kOutOfRange);
  }
  out.transfer = ZkTransfer{*from, *to, *amount, *fee, *nonce};
  const auto sig = j.find("signature");
  if (sig == j.end() || !sig->is_string()) return unexpected(WireError::kMissingField);
  const auto& text = sig->get_ref<const std::string&>();
  if (text.size() < 2 || text.substr(0, 2) != "0x") return unexpected(WireError::kBadHex);
  auto bytes = from_hex(text);
  if (!bytes) return unexpected(WireError::kBadHex);
  auto s = decode_signature(*bytes, key_depth);
  if (!s) return unexpected(s.error());
  out.signature = std::move(*s);
  return out;
}

std::string transfer_id(std::uint64_t from, std::uint64_t nonce) { return fmt::format("{}:{}", from, nonce); }

expected<std::pair<std::uint64_t, std::uint64_t>, WireError> parse_transfer_id(std::string_view id) {
  const auto colon = id.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == id.size()) return unexpected(WireError::kBadId);
  std::uint64_t from = 0, nonce = 0;
  const char* a = id.data();
  auto r1 = std::from_chars(a, a + colon, from);
  auto r2 = std::from_chars(a + colon + 1, a + id.size(), nonce);
  if (r1.ec != std::errc{} || r1.ptr != a + colon || r2.ec != std::errc{} || r2.ptr != a + id.size()) {
    return unexpected(WireError::kBadId);
  }
  return std::pair{from, nonce};
}

std::uint64_t domain_tag_of(std::uint64_t chain_id, const Address& rollup) {
  Bytes in(as_bytes(std::string_view("xway-zk")).begin(), as_bytes(std::string_view("xway-zk")).end());
  for (int b = 7; b >= 0; --b) in.push_back(static_cast<std::uint8_t>(chain_id >> (8 * b)));
  append(in, rollup.view());
  const Hash32 h = crypto::keccak256(in);
  std::uint64_t v = 0;
  for (std::size_t b = 0; b < 8; ++b) v = (v << 8) | h[b];
  return v >> 1;
}

}  // namespace xway::zk
