#pragma once
/// The strict, versioned byte format of a proof.
///
/// Layout (integers big-endian, elements 8 bytes each, extension elements c0 then c1):
///   "XSTK" | version u8 = 1
///   options: blowup u8, queries u8, folding u8, max_remainder u16, grinding u8
///   trace_length_log2 u8 | trace_width u16 | composition_columns u8
///   trace_root 32 | composition_root 32
///   ood_current [width ext] | ood_next [width ext] | ood_composition [columns ext]
///   fri: layers u8, then per layer root 32 | remainder count u16 + [ext]
///   pow_nonce u64
///   queries u16 | trace_values [queries * width] | siblings u16 + [32]
///   composition_values [queries * columns ext] | siblings u16 + [32]
///   per FRI layer: leaves u16 | values [leaves * folding ext] | siblings u16 + [32]
/// The decoder rejects truncation, trailing bytes, non-canonical elements and counts outside
/// their ranges; everything else is the verifier's to check.
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "stark/air/proof.hpp"
#include "stark/air/proof_error.hpp"

namespace xway::stark {

/// The current format version.
inline constexpr std::uint8_t kProofVersion = 1;

/// Encodes a proof.
Bytes encode_proof(const StarkProof& proof);

/// Decodes exactly one proof from `bytes`.
expected<StarkProof, ProofError> decode_proof(ByteView bytes);

}  // namespace xway::stark
