#include "sidechain/federation_quorum.hpp"

#include <algorithm>

namespace xway::sidechain {

expected<QuorumCollector, BridgeError> QuorumCollector::create(std::vector<Address> members, std::size_t required,
                                                               const Hash32& digest) {
  std::set<Address> set(members.begin(), members.end());
  if (set.empty() || set.size() != members.size() || required == 0 || required > set.size())
    return unexpected(BridgeError::kBadSignerSet);
  return QuorumCollector(std::move(set), required, digest);
}

expected<Address, BridgeError> QuorumCollector::add(const crypto::Signature& sig) {
  auto signer = crypto::recover_address(digest_, sig);
  if (!signer) return unexpected(BridgeError::kBadSignature);
  if (!members_.contains(*signer)) return unexpected(BridgeError::kNotASigner);
  if (by_signer_.contains(*signer)) return unexpected(BridgeError::kDuplicateSigner);
  by_signer_.emplace(*signer, sig);
  return *signer;
}

std::vector<Bytes> QuorumCollector::sorted_signatures() const {
  std::vector<Bytes> out;
  out.reserve(by_signer_.size());
  for (const auto& [signer, sig] : by_signer_) {  // std::map: ascending by address
    const auto rsv = sig.to_rsv27();
    out.emplace_back(rsv.bytes.begin(), rsv.bytes.end());
  }
  return out;
}

std::vector<Bytes> sign_sorted(const std::vector<crypto::PrivateKey>& keys, const Hash32& digest) {
  std::map<Address, crypto::Signature> by_signer;
  for (const auto& key : keys) by_signer.emplace(crypto::address_of(key), crypto::sign(key, digest));
  std::vector<Bytes> out;
  for (const auto& [signer, sig] : by_signer) {
    const auto rsv = sig.to_rsv27();
    out.emplace_back(rsv.bytes.begin(), rsv.bytes.end());
  }
  return out;
}

std::vector<Address> sorted_addresses(const std::vector<crypto::PrivateKey>& keys) {
  std::vector<Address> out;
  for (const auto& key : keys) out.push_back(crypto::address_of(key));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace xway::sidechain
