#include "sidechain/federation.hpp"

#include "crypto/eip191.hpp"
#include "crypto/eip712.hpp"
#include "crypto/keccak.hpp"

namespace xway::sidechain {
namespace {

void put_word(Bytes& out, const U256& v) { append(out, to_be32(v).view()); }

void put_address(Bytes& out, const Address& a) {
  out.insert(out.end(), 12, 0);
  append(out, a.view());
}

Hash32 keccak_of(std::string_view text) {
  return crypto::keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace

Hash32 bridge_domain_separator(const BridgeDomain& domain) {
  crypto::Eip712Domain d;
  d.name = "Expressway Sidechain Bridge";
  d.version = "1";
  d.chain_id = U256(domain.l1_chain_id);
  d.verifying_contract = domain.bridge;
  return crypto::domain_separator(d);
}

Hash32 release_digest(const BridgeDomain& domain, const Burn& burn) {
  static const Hash32 kTypeHash =
      keccak_of("Release(address recipient,address token,uint256 amount,bytes32 burnId,uint256 sidechainId)");
  Bytes enc;
  append(enc, kTypeHash.view());
  put_address(enc, burn.recipient);
  put_address(enc, burn.token);
  put_word(enc, burn.amount);
  append(enc, burn.burn_id.view());
  put_word(enc, U256(domain.sidechain_id));
  return crypto::typed_data_digest(bridge_domain_separator(domain), crypto::keccak256(enc));
}

Hash32 federation_change_digest(const BridgeDomain& domain, const std::vector<Address>& members, std::uint64_t threshold,
                                std::uint64_t nonce) {
  static const Hash32 kTypeHash =
      keccak_of("FederationChange(bytes32 membersHash,uint256 threshold,uint256 nonce,uint256 sidechainId)");
  Bytes packed;
  for (const Address& m : members) {  // abi.encodePacked pads array elements to 32 bytes
    packed.insert(packed.end(), 12, 0);
    append(packed, m.view());
  }
  Bytes enc;
  append(enc, kTypeHash.view());
  append(enc, crypto::keccak256(packed).view());
  put_word(enc, U256(threshold));
  put_word(enc, U256(nonce));
  put_word(enc, U256(domain.sidechain_id));
  return crypto::typed_data_digest(bridge_domain_separator(domain), crypto::keccak256(enc));
}

expected<FederationSigner, BridgeError> FederationSigner::open(store::Db& db, crypto::PrivateKey key,
                                                               BridgeDomain domain) {
  auto ns = db.open_namespace("sidechain.federation");
  if (!ns) return unexpected(BridgeError::kStoreFailed);
  return FederationSigner(db, *ns, std::move(key), domain);
}

expected<std::optional<Hash32>, BridgeError> FederationSigner::signed_digest(const Hash32& burn_id) const {
  auto got = db_->get(ns_, burn_id.view());
  if (!got) return unexpected(BridgeError::kStoreFailed);
  if (!*got) return std::optional<Hash32>{};
  if ((*got)->size() != 32) return unexpected(BridgeError::kBadRecord);
  return std::optional<Hash32>{Hash32{FixedBytes<32>::from_view(**got)}};
}

expected<crypto::Signature, BridgeError> FederationSigner::sign_release(const Burn& burn) {
  if (burn.amount == 0 || burn.recipient.is_zero()) return unexpected(BridgeError::kBadBurn);
  const Hash32 digest = release_digest(domain_, burn);
  auto prior = signed_digest(burn.burn_id);
  if (!prior) return unexpected(prior.error());
  if (*prior) {
    if (**prior != digest) return unexpected(BridgeError::kConflictingRelease);
    return crypto::sign(key_, digest);
  }
  if (!db_->put(ns_, burn.burn_id.view(), digest.view(), store::Durability::kSynced))
    return unexpected(BridgeError::kStoreFailed);
  return crypto::sign(key_, digest);
}

}  // namespace xway::sidechain
