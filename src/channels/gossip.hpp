#pragma once
/// Gossip: the signed channel update a node floods to its peers so that payers far away learn
/// what it charges and accepts to forward over its direction of a channel (Lightning's
/// `channel_update`). Each update is signed by the forwarding node with its secp256k1 key and
/// bound to one token network on one chain; a receiver checks the signature, that the channel is
/// open on L1 (in its graph) and that the signer is one of its two participants, and keeps the
/// update only when its sequence number is above the one it holds for (channel, node).
///
/// Wire encoding (154 bytes, big-endian):
///   channel id (8) | node (20) | seq (8) | fee base (16) | fee ppm (4) | htlc minimum (16) |
///   htlc maximum (16) | flags (1: bit 0 = enabled, other bits zero) | signature r||s||v (65)
/// The signature covers keccak256("\x19Expressway channel update v1" || the token network's
/// EIP-712 domain separator || the first 89 bytes), so an update signed for one chain or token
/// network does not verify on another, and no other Expressway message has that preimage.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "channels/graph.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::channels {

/// Bytes of an encoded signed channel update.
inline constexpr std::size_t kChannelUpdateBytes = 8 + 20 + 8 + 16 + 4 + 16 + 16 + 1 + 65;

/// Why a channel update was refused.
enum class GossipError {
  kWrongLength,     ///< not kChannelUpdateBytes
  kBadFlags,        ///< flag bits other than "enabled" are set
  kBadHtlcRange,    ///< htlc minimum above htlc maximum
  kBadSignature,    ///< the signature does not parse or recover
  kSignerMismatch,  ///< the signature recovers to someone other than the update's node
  kUnknownChannel,  ///< the channel is not open on L1 as far as the receiver has seen
  kNotParticipant,  ///< the node is neither participant of the channel
};
/// One line naming the error.
std::string_view describe(GossipError e);

/// A forwarding node's policy for its direction of a channel, as it signs it.
struct ChannelUpdateBody {
  ChannelId channel = 0;
  Address node;                               ///< the signer: the node that forwards over its direction
  std::uint64_t seq = 0;                      ///< strictly increasing per (channel, node)
  RouteAmount fee_base = 0;                   ///< flat fee per forwarded transfer
  std::uint32_t fee_ppm = 0;                  ///< proportional fee in millionths
  RouteAmount htlc_minimum = 0;               ///< smallest amount forwarded
  RouteAmount htlc_maximum = kMaxRouteAmount; ///< largest amount forwarded (the advertised capacity)
  bool enabled = true;                        ///< false: the node forwards nothing over it now
  friend bool operator==(const ChannelUpdateBody&, const ChannelUpdateBody&) = default;
};

/// An update with its signature.
struct SignedChannelUpdate {
  ChannelUpdateBody body;
  crypto::Signature signature;
  friend bool operator==(const SignedChannelUpdate&, const SignedChannelUpdate&) = default;
};

/// The digest a node signs for `body` on the token network of `chain_id`.
Hash32 channel_update_digest(const ChannelUpdateBody& body, std::uint64_t chain_id, const Address& token_network);
/// Signs `body` (whose node must be the key's address).
SignedChannelUpdate sign_channel_update(const ChannelUpdateBody& body, const crypto::PrivateKey& key,
                                        std::uint64_t chain_id, const Address& token_network);
/// Checks the signature: returns the signer's public key when it recovers to `body.node`.
expected<crypto::PublicKey, GossipError> verify_channel_update(const SignedChannelUpdate& update,
                                                               std::uint64_t chain_id, const Address& token_network);

/// The wire bytes of an update.
Bytes encode_channel_update(const SignedChannelUpdate& update);
/// Parses the wire bytes strictly (length, flags, htlc range, signature encoding); the signer is
/// checked by `verify_channel_update`.
expected<SignedChannelUpdate, GossipError> decode_channel_update(ByteView bytes);

/// The graph's form of an update (its seq is the graph's timestamp).
ChannelUpdate to_graph_update(const ChannelUpdateBody& body);

}  // namespace xway::channels

namespace xway::channels {

/// What a mediator records when a transfer pays it less than its fee.
inline constexpr std::string_view kUnderpaidForward = "underpaid forward: the fee is below this node's fee";

/// The mediator's fee rule: forwarding `out` onward for an incoming lock of `in` is allowed
/// when in - out is at least base + out * ppm / 1e6. The error names both fees.
expected<void, std::string> check_forward_fee(const U256& in, const U256& out, RouteAmount fee_base, std::uint32_t fee_ppm);

}  // namespace xway::channels
