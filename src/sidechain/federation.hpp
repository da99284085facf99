#pragma once
/// The bridge federation's side of a withdrawal: a burn observed on the sidechain becomes a
/// release that M of the N federation members sign (EIP-712, exactly the digest
/// contracts/sidechain/SidechainBridge.sol checks), and that a relayer submits to L1.
///
/// A `FederationSigner` signs only what its validator hands it as an observed burn, and persists
/// (synced) the release it signed for each burn id before returning the signature, so that after a
/// restart it never signs a second, different release for the same burn id.
#include <cstdint>
#include <optional>

#include "core/bytes.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"
#include "sidechain/bridge_error.hpp"
#include "store/db.hpp"

namespace xway::sidechain {

/// What every bridge signature is bound to: the L1 chain, the bridge contract, the sidechain.
struct BridgeDomain {
  std::uint64_t l1_chain_id = 0;
  Address bridge;
  std::uint64_t sidechain_id = 0;
};

/// A burn on the sidechain, as the validators observed it: its id and what it releases on L1.
struct Burn {
  Hash32 burn_id;
  Address recipient;
  Address token;  ///< zero: ether
  U256 amount = 0;
};

/// The EIP-712 domain separator of the bridge ("Expressway Sidechain Bridge", "1", chain, contract).
Hash32 bridge_domain_separator(const BridgeDomain& domain);
/// The digest federation members sign to release `burn`:
/// Release(address recipient,address token,uint256 amount,bytes32 burnId,uint256 sidechainId).
Hash32 release_digest(const BridgeDomain& domain, const Burn& burn);
/// The digest members sign to replace the federation with `members` (ascending) and `threshold`
/// at change number `nonce`: FederationChange(bytes32 membersHash,uint256 threshold,uint256 nonce,
/// uint256 sidechainId), membersHash = keccak256 of the addresses, each left-padded to 32 bytes.
Hash32 federation_change_digest(const BridgeDomain& domain, const std::vector<Address>& members, std::uint64_t threshold,
                                std::uint64_t nonce);

/// One federation member's signing key, guarded by a record of what it signed.
class FederationSigner {
 public:
  /// Opens the signer's record in `db` (namespace "sidechain.federation").
  static expected<FederationSigner, BridgeError> open(store::Db& db, crypto::PrivateKey key, BridgeDomain domain);

  /// Signs the release of an observed burn. kBadBurn for a zero amount or recipient;
  /// kConflictingRelease when this signer already signed a different release for the burn id
  /// (signing the same one again is allowed). The record is synced before the signature returns.
  expected<crypto::Signature, BridgeError> sign_release(const Burn& burn);
  /// The member's address.
  Address address() const { return crypto::address_of(key_); }
  /// The release digest this signer signed for `burn_id`, if any.
  expected<std::optional<Hash32>, BridgeError> signed_digest(const Hash32& burn_id) const;

 private:
  FederationSigner(store::Db& db, store::Namespace ns, crypto::PrivateKey key, BridgeDomain domain)
      : db_(&db), ns_(ns), key_(std::move(key)), domain_(domain) {}

  store::Db* db_;
  store::Namespace ns_;
  crypto::PrivateKey key_;
  BridgeDomain domain_;
};

}  // namespace xway::sidechain
