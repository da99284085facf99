#pragma once
/// The durable encoding of a `ChannelState`, what a node writes to its store before it acts on
/// the machine's actions. Versioned, big-endian, fixed-width fields; lists carry a count. The
/// decoder is strict: it reads back exactly what the encoder wrote, or names what was wrong.
#include "channels/channel_state.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"

namespace xway::channels {

/// The encoding's version byte: 2 when the state has released partner locks (a list of their
/// secret hashes follows), else 1 (the same bytes as before the released list existed), so each
/// state has exactly one encoding and stores written earlier still load.
inline constexpr std::uint8_t kChannelStateVersion = 2;
/// The version of a state without released locks.
inline constexpr std::uint8_t kChannelStateVersionNoReleased = 1;

/// Encodes a channel state.
Bytes encode_channel_state(const ChannelState& state);
/// Decodes a channel state: kWrongLength when the bytes end early or run on, kBadStateEncoding
/// for a bad version, status, flag or count (or a released list that is empty, out of order or
/// names no partner lock), and the field decoders' errors (locks, signatures).
expected<ChannelState, ChannelError> decode_channel_state(ByteView bytes);

}  // namespace xway::channels
