#include "channels/gossip.hpp"

#include <cstring>

#include "channels/balance_proof.hpp"
#include "crypto/keccak.hpp"

namespace xway::channels {
namespace {

constexpr std::size_t kBodyBytes = kChannelUpdateBytes - 65;
constexpr std::string_view kPrefix = "\x19" "Expressway channel update v1";

void put_be(Bytes& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_amount(Bytes& out, RouteAmount v) {
  put_be(out, static_cast<std::uint64_t>(v >> 64), 8);
  put_be(out, static_cast<std::uint64_t>(v), 8);
}
std::uint64_t get_be(ByteView in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | in[at + static_cast<std::size_t>(i)];
  return v;
}
RouteAmount get_amount(ByteView in, std::size_t at) {
  return (RouteAmount{get_be(in, at, 8)} << 64) | RouteAmount{get_be(in, at + 8, 8)};
}

Bytes body_bytes(const ChannelUpdateBody& b) {
  Bytes out;
  out.reserve(kChannelUpdateBytes);
  put_be(out, b.channel, 8);
  append(out, b.node.view());
  put_be(out, b.seq, 8);
  put_amount(out, b.fee_base);
  put_be(out, b.fee_ppm, 4);
  put_amount(out, b.htlc_minimum);
  put_amount(out, b.htlc_maximum);
  out.push_back(b.enabled ? 1 : 0);
  return out;
}

}  // namespace

std::string_view describe(GossipError e) {
  switch (e) {
    case GossipError::kWrongLength: return "channel update has the wrong length";
    case GossipError::kBadFlags: return "channel update sets unknown flag bits";
    case GossipError::kBadHtlcRange: return "channel update's htlc minimum is above its maximum";
    case GossipError::kBadSignature: return "channel update signature is invalid";
    case GossipError::kSignerMismatch: return "channel update is not signed by its node";
    case GossipError::kUnknownChannel: return "channel update names a channel not open on L1";
    case GossipError::kNotParticipant: return "channel update's node is not a participant of the channel";
  }
  return "unknown gossip error";
}

Hash32 channel_update_digest(const ChannelUpdateBody& body, std::uint64_t chain_id, const Address& token_network) {
  crypto::Keccak256 h;
  h.update(as_bytes(kPrefix));
  h.update(token_network_domain_separator(chain_id, token_network).view());
  h.update(body_bytes(body));
  return h.finish();
}

SignedChannelUpdate sign_channel_update(const ChannelUpdateBody& body, const crypto::PrivateKey& key,
                                        std::uint64_t chain_id, const Address& token_network) {
  return SignedChannelUpdate{body, crypto::sign(key, channel_update_digest(body, chain_id, token_network))};
}

expected<crypto::PublicKey, GossipError> verify_channel_update(const SignedChannelUpdate& u, std::uint64_t chain_id,
                                                               const Address& token_network) {
  auto pub = crypto::recover(channel_update_digest(u.body, chain_id, token_network), u.signature);
  if (!pub) return unexpected(GossipError::kBadSignature);
  if (!(crypto::address_of(*pub) == u.body.node)) return unexpected(GossipError::kSignerMismatch);
  return *pub;
}

Bytes encode_channel_update(const SignedChannelUpdate& u) {
  Bytes out = body_bytes(u.body);
  append(out, signature_bytes(u.signature));
  return out;
}

expected<SignedChannelUpdate, GossipError> decode_channel_update(ByteView in) {
  if (in.size() != kChannelUpdateBytes) return unexpected(GossipError::kWrongLength);
  SignedChannelUpdate u;
  ChannelUpdateBody& b = u.body;
  b.channel = get_be(in, 0, 8);
  std::memcpy(b.node.data(), in.data() + 8, 20);
  b.seq = get_be(in, 28, 8);
  b.fee_base = get_amount(in, 36);
  b.fee_ppm = static_cast<std::uint32_t>(get_be(in, 52, 4));
  b.htlc_minimum = get_amount(in, 56);
  b.htlc_maximum = get_amount(in, 72);
  const std::uint8_t flags = in[88];
  if (flags > 1) return unexpected(GossipError::kBadFlags);
  b.enabled = flags == 1;
  if (b.htlc_minimum > b.htlc_maximum) return unexpected(GossipError::kBadHtlcRange);
  auto sig = parse_signature(in.subspan(kBodyBytes, 65));
  if (!sig) return unexpected(GossipError::kBadSignature);
  u.signature = *sig;
  return u;
}

ChannelUpdate to_graph_update(const ChannelUpdateBody& b) {
  ChannelUpdate u;
  u.channel = b.channel;
  u.from = b.node;
  u.timestamp = static_cast<std::int64_t>(b.seq > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : b.seq);
  u.base_fee = b.fee_base;
  u.fee_ppm = b.fee_ppm;
  u.expiry_delta = 1;  // nodes take a fixed reveal timeout off each hop's expiry, not a per-node delta
  u.htlc_minimum = b.htlc_minimum;
  u.htlc_maximum = b.htlc_maximum;
  u.enabled = b.enabled;
  return u;
}

}  // namespace xway::channels

namespace xway::channels {

expected<void, std::string> check_forward_fee(const U256& in, const U256& out, RouteAmount fee_base,
                                              std::uint32_t fee_ppm) {
  if (out == 0) return unexpected(std::string("the onward amount is zero"));
  const auto out_r = to_route_amount(out);
  if (!out_r) return unexpected(std::string("the onward amount needs more than 128 bits"));
  const RouteAmount want = forwarding_fee(*out_r, fee_base, fee_ppm);
  if (in < out) {
    return unexpected("the onward amount " + to_dec(out) + " is above the incoming lock " + to_dec(in) +
                      " (our fee is " + amount_to_string(want) + ")");
  }
  const U256 offered = in - out;
  if (offered < to_u256(want)) {
    return unexpected("underpaid forward: fee " + to_dec(offered) + " below our fee " + amount_to_string(want) +
                      " for forwarding " + to_dec(out));
  }
  return {};
}

}  // namespace xway::channels
