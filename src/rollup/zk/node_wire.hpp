#pragma once
/// What the operator's JSON-RPC takes from outside and gives back: a signed transfer as JSON
/// (the strict decoder the fuzz target drives), signatures and digests as bytes, transfer ids, and
/// the rollup's signature domain. Every decoder names what was wrong and accepts one encoding.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "rollup/zk/batch_ops.hpp"

namespace xway::zk {

/// Why outside bytes or JSON were refused.
enum class WireError {
  kNotAnObject,       ///< a transfer is not one JSON object of the expected fields
  kMissingField,      ///< a field is missing or has another type
  kUnknownField,      ///< a field the transfer does not have
  kOutOfRange,        ///< an index at 2^24 or more, an amount or fee at 2^60 or more, nonce 0
  kBadHex,            ///< not 0x-prefixed even-length hex
  kBadSignatureSize,  ///< not 68 chains and key-depth path digests of 32 bytes
  kNonCanonical,      ///< a digest element is not below the field modulus
  kBadId,             ///< a transfer id is not "FROM:NONCE"
};

/// One line naming the failure.
std::string_view describe(WireError e);

/// A digest as 32 bytes (four big-endian elements), 0x-hex.
std::string digest_hex(const RescueDigest& d);
/// Parses digest_hex's form; every element must be canonical.
expected<RescueDigest, WireError> parse_digest(std::string_view hex);
/// Reads a digest from exactly 32 bytes; every element must be canonical.
expected<RescueDigest, WireError> digest_from_bytes(ByteView bytes);

/// A signature's bytes: the 68 chain values, then the key path, 32 bytes each.
Bytes encode_signature(const TransferSignature& s);
/// Decodes encode_signature's bytes for a key tree of `key_depth` levels.
expected<TransferSignature, WireError> decode_signature(ByteView bytes, std::size_t key_depth);

/// zk_sendTransfer's object: {"from","to","amount","fee","nonce","signature":"0x.."}.
nlohmann::json transfer_json(const SignedTransfer& t);
/// Decodes zk_sendTransfer's object strictly (no other fields, numbers unsigned integers).
expected<SignedTransfer, WireError> transfer_from_json(const nlohmann::json& j, std::size_t key_depth);

/// A transfer's id, "FROM:NONCE": one per account and nonce.
std::string transfer_id(std::uint64_t from, std::uint64_t nonce);
/// Parses transfer_id's form.
expected<std::pair<std::uint64_t, std::uint64_t>, WireError> parse_transfer_id(std::string_view id);

/// The rollup's signature domain: the top 63 bits of keccak256("xway-zk" || chain id (8 bytes,
/// big-endian) || rollup address), so signatures for one rollup mean nothing on another.
std::uint64_t domain_tag_of(std::uint64_t chain_id, const Address& rollup);

}  // namespace xway::zk
