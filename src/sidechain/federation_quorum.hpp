#pragma once
/// Collecting signatures of a signer set over one digest, the way contracts/sidechain/SignerSet.sol
/// checks them: each signature must recover to a member, each member counts once, and the list
/// handed to L1 is sorted by signer address (strictly ascending).
#include <cstddef>
#include <map>
#include <set>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "sidechain/bridge_error.hpp"

namespace xway::sidechain {

/// Signatures over `digest` from distinct members of a set, until `required` of them are in.
class QuorumCollector {
 public:
  /// A collector for `digest` over `members` needing `required` signatures; kBadSignerSet when
  /// the set is empty or `required` is outside 1..members.
  static expected<QuorumCollector, BridgeError> create(std::vector<Address> members, std::size_t required,
                                                      const Hash32& digest);

  /// Adds one signature; kBadSignature when it does not recover, kNotASigner when the signer is
  /// not a member, kDuplicateSigner when the member already signed. Returns the signer.
  expected<Address, BridgeError> add(const crypto::Signature& sig);
  /// Whether `required` distinct members signed.
  bool complete() const { return by_signer_.size() >= required_; }
  /// How many distinct members signed.
  std::size_t count() const { return by_signer_.size(); }
  /// How many are required.
  std::size_t required() const { return required_; }
  /// The digest being signed.
  const Hash32& digest() const { return digest_; }
  /// The signatures as 65-byte r || s || v (v 27/28), sorted by signer address ascending: the
  /// `bytes[]` a release, checkpoint or set change takes.
  std::vector<Bytes> sorted_signatures() const;

 private:
  QuorumCollector(std::set<Address> members, std::size_t required, const Hash32& digest)
      : members_(std::move(members)), required_(required), digest_(digest) {}

  std::set<Address> members_;
  std::size_t required_;
  Hash32 digest_;
  std::map<Address, crypto::Signature> by_signer_;
};

/// Signs `digest` with each key and returns the 65-byte signatures sorted by signer address.
std::vector<Bytes> sign_sorted(const std::vector<crypto::PrivateKey>& keys, const Hash32& digest);

/// The addresses of `keys`, ascending (the member order the contracts require).
std::vector<Address> sorted_addresses(const std::vector<crypto::PrivateKey>& keys);

}  // namespace xway::sidechain
