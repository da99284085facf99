#pragma once
/// Balance proofs: what a channel participant signs about its own sends, and what the partner
/// submits to TokenNetwork.sol at close or update.
///
/// The signature is EIP-712 typed data over the domain ("Expressway TokenNetwork", "1", chain
/// id, token network address), so the chain id and the contract are bound by the domain and the
/// channel id, nonce and amounts by the message:
///   BalanceProof(uint256 channelId,uint256 nonce,uint256 transferredAmount,uint256 lockedAmount,bytes32 locksroot)
///
/// Wire encoding (205 bytes, big-endian): chain id (8), token network (20), channel id (8),
/// nonce (8), transferred amount (32), locked amount (32), locksroot (32), signature r || s || v
/// (65, v = 27 or 28, low s).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "channels/channel_error.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::channels {

/// Which channel a message is about: the chain, the token network contract and its channel id.
struct ChannelIdentity {
  std::uint64_t chain_id = 0;
  Address token_network;
  std::uint64_t channel_id = 0;
  friend bool operator==(const ChannelIdentity&, const ChannelIdentity&) = default;
};

/// One participant's running totals of what it sent in a channel.
struct BalanceProof {
  ChannelIdentity channel;
  std::uint64_t nonce = 0;      ///< 0: nothing sent yet (never signed); each new proof is +1
  U256 transferred_amount = 0;  ///< everything the signer ever paid the partner, unlocked
  U256 locked_amount = 0;       ///< the sum of the signer's pending locks
  Hash32 locksroot;             ///< keccak256 of the pending lock list (zero only at nonce 0)
  friend bool operator==(const BalanceProof&, const BalanceProof&) = default;
};

/// A balance proof with its signer's signature.
struct SignedBalanceProof {
  BalanceProof proof;
  crypto::Signature signature;
  friend bool operator==(const SignedBalanceProof&, const SignedBalanceProof&) = default;
};

/// Bytes of an encoded signed balance proof.
inline constexpr std::size_t kSignedBalanceProofBytes = 8 + 20 + 8 + 8 + 32 + 32 + 32 + 65;

/// The EIP-712 domain separator of a token network on a chain.
Hash32 token_network_domain_separator(std::uint64_t chain_id, const Address& token_network);
/// The EIP-712 struct hash of a balance proof (without the domain).
Hash32 balance_proof_struct_hash(const BalanceProof& proof);
/// The digest the signer signs and TokenNetwork.sol recovers from.
Hash32 balance_proof_digest(const BalanceProof& proof);
/// keccak256(abi.encode(transferred, locked, locksroot)): what an UpdateDelegation binds.
Hash32 balance_hash(const BalanceProof& proof);

/// Signs a balance proof.
SignedBalanceProof sign_balance_proof(const BalanceProof& proof, const crypto::PrivateKey& key);
/// The signer's address; kBadSignature when no key recovers.
expected<Address, ChannelError> balance_proof_signer(const SignedBalanceProof& signed_proof);
/// Recovers the signers of `proofs` on up to `threads` threads (the caller's among them) and
/// keeps each answer for the next `balance_proof_signer` call on the same proof (same digest and
/// signature), which returns it once instead of recovering again. A node calls this on a group
/// of received proofs before its machine checks them one by one: every signature is still
/// checked, only on several cores. Groups too small to be worth threads are left alone.
void recover_signers_ahead(const std::vector<SignedBalanceProof>& proofs, unsigned threads);

/// The 205-byte wire encoding.
FixedBytes<kSignedBalanceProofBytes> encode_signed_balance_proof(const SignedBalanceProof& signed_proof);
/// Parses exactly 205 bytes strictly: kWrongLength, kZeroNonce, kBadSignatureEncoding or kHighS.
/// The signer is not checked here (see `balance_proof_signer`).
expected<SignedBalanceProof, ChannelError> decode_signed_balance_proof(ByteView bytes);

/// The 65 bytes r || s || v (v = 27 or 28) that Signatures.sol accepts.
Bytes signature_bytes(const crypto::Signature& signature);
/// Parses 65 bytes r || s || v strictly (v = 27 or 28, 0 < r, s < n, low s).
expected<crypto::Signature, ChannelError> parse_signature(ByteView rsv);

}  // namespace xway::channels
