#include "sidechain/attestation.hpp"

namespace xway::sidechain {

Bytes encode_attestation(const Attestation& a) {
  Bytes out;
  out.reserve(kAttestationSize);
  out.push_back(static_cast<std::uint8_t>(a.kind));
  append(out, a.digest.view());
  append(out, a.signature.to_rsv27().view());
  return out;
}

std::optional<Attestation> decode_attestation(ByteView in) {
  if (in.size() != kAttestationSize) return std::nullopt;
  if (in[0] != static_cast<std::uint8_t>(AttestationKind::kRelease) &&
      in[0] != static_cast<std::uint8_t>(AttestationKind::kCheckpoint))
    return std::nullopt;
  auto sig = crypto::Signature::from_rsv(in.subspan(33, 65));
  if (!sig) return std::nullopt;
  Attestation a;
  a.kind = static_cast<AttestationKind>(in[0]);
  a.digest = Hash32{FixedBytes<32>::from_view(in.subspan(1, 32))};
  a.signature = *sig;
  return a;
}

expected<Address, BridgeError> SignaturePool::add(const Hash32& digest, const crypto::Signature& sig,
                                                  const std::set<Address>& allowed) {
  auto signer = crypto::recover_address(digest, sig);
  if (!signer) return unexpected(BridgeError::kBadSignature);
  if (!allowed.contains(*signer)) return unexpected(BridgeError::kNotASigner);
  auto it = by_digest_.find(digest);
  if (it == by_digest_.end()) {
    while (by_digest_.size() >= max_digests_ && !order_.empty()) {
      by_digest_.erase(order_.front());
      order_.pop_front();
    }
    it = by_digest_.emplace(digest, std::map<Address, crypto::Signature>{}).first;
    order_.push_back(digest);
  }
  it->second.emplace(*signer, sig);
  return *signer;
}

std::map<Address, crypto::Signature> SignaturePool::signatures(const Hash32& digest) const {
  auto it = by_digest_.find(digest);
  return it == by_digest_.end() ? std::map<Address, crypto::Signature>{} : it->second;
}

void SignaturePool::forget(const Hash32& digest) {
  if (by_digest_.erase(digest) == 0) return;
  std::erase(order_, digest);
}

std::vector<Bytes> first_sorted(const std::map<Address, crypto::Signature>& by_signer, std::size_t required) {
  std::vector<Bytes> out;
  for (const auto& [signer, sig] : by_signer) {
    if (out.size() == required) break;
    const auto rsv = sig.to_rsv27();
    out.emplace_back(rsv.bytes.begin(), rsv.bytes.end());
  }
  return out;
}

}  // namespace xway::sidechain
