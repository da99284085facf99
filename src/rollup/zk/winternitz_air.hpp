#pragma once
/// The Winternitz signature statement `zk-winternitz` (issue 6, stage 2 of the in-AIR signature
/// check): "each of these transfers is signed by this account key". It checks the w = 4 scheme
/// of winternitz.hpp in full: the message digest hashed from the transfer's fields and the
/// domain tag, every chain walked to its end
/// under a "still walking" bit, the digits those bits spell equal to the public digest's base-4
/// digits (with the check that each digest element is canonical, < p) and the checksum digits
/// equal to the checksum, the 68 ends compressed by the sponge into the one-time key, and that
/// key's path in the account's key tree, whose root is the public account key. Standalone: the
/// transfer AIR does not embed it yet (docs/zk.md, "Verification in the AIR").
///
/// Public: the key tree's depth d (1..kWotsAirMaxDepth) and the domain tag; per signature the
/// transfer (from, to, amount, fee, nonce; the one-time key index is k = nonce - 1, below 2^d)
/// and the account key. Private: the 68 chain values and the d key-path digests.
///
/// Trace: one block of 256 permutations (2,048 rows, 8 per permutation, one Rescue round a row)
/// per signature, blocks padded to a power of two with copies of the first. Block layout, by
/// permutation ("cycle") c: chain pair m = 0..33 takes cycles 7m..7m+6: chain 2m's steps 0..2,
/// chain 2m+1's steps 0..2, then sponge absorb m; cycles 238..238+d-1 are the key path's levels;
/// cycle 255 is the message hash (rescue_hash's one padded block of the six fields, its input
/// asserted); the rest pad (unconstrained inputs).
///
/// Columns (56): the Rescue gadget's V (0..11), Y (12..23), D (24..27, the digest carried into
/// a permutation), b (28, the path's direction bit), as in rescue_merkle_gadget.hpp; E (29..32,
/// the end of the pair's first chain), P (33..44, the sponge state), K (45, the key index),
/// W (46, the walking bit of a chain step), M0, M1 (47, 48: the digits of each digest element),
/// H0, H1 (49, 50: their top 16 digits), CS (51: Σ W over the message chains, the checksum),
/// CK (52: the checksum digits' value), KI (53: the key index from the path's bits), Z0, Z1
/// (54, 55: inverse witnesses of the canonicity check).
///
/// Constraints: the gadget's 24 round and 12 chaining constraints (every row), then (89, with
/// ' the next row; periodic selectors: Fc a chain step's first row with its tweak (Tj, Ti),
/// Fs a sponge absorb's first row, Fp a path level's first row, Ld a chain step's last row that
/// carries the chain value (all but an even chain's last step), Le an even chain's last step's
/// last row, Ls a sponge absorb's last row, Cd the last absorb's and the path levels' last rows
/// but the last level's, Mo the last row of steps 0 and 1, l a cycle's last row, e the block's
/// last row, G_* the accumulators' weights, Ze the block's row before last, where the
/// accumulators are final and the next row holds the message digest):
///   chain input      Fc·(V_k - D_k) = 0, Fc·(V_4 - Tj), Fc·(V_5 - Ti), Fc·(V_6 - K),
///                    Fc·(V_7 - "wots-c")                                      degree 2
///   merge capacity   (Fc + Fp)·(V_8 - 8) = 0, (Fc + Fp)·V_{9..11} = 0          degree 2
///   path input       Fp·(V_k - D_k + b·(V_{4+k} - V_k)) = 0                    degree 3
///   sponge input     Fs·(V_k - P_k - E_k), Fs·(V_{4+k} - P_{4+k} - D_k), Fs·(V_{8+k} - P_{8+k})
///   D held           (1 - l)·(D'_k - D_k) = 0                                  degree 2
///   chain walk       Ld·(D'_k - W·Y_k - (1 - W)·D_k) = 0                       degree 3
///   pair end         Le·(E'_k - W·Y_k - (1 - W)·D_k) = 0, (1 - Le - e)·(E'_k - E_k) = 0
///   digest carry     Cd·(D'_k - Y_k) = 0                                       degree 2
///   sponge state     Ls·(P'_j - Y_j) = 0, (1 - Ls - e)·(P'_j - P_j) = 0        degree 2
///   key index held   (1 - e)·(K' - K) = 0                                      degree 2
///   walking bit      W·(W - 1) = 0, (1 - l)·(W' - W) = 0, Mo·W·(1 - W') = 0   degree 2, 2, 3
///   direction bit    b·(b - 1) = 0                                             degree 2
///   digits           (1 - e)·(X' - X - G_X·(1 - W)) = 0, X in M0, M1, H0, H1, CK;
///                    (1 - e)·(CS' - CS - G_cs·W) = 0, (1 - e)·(KI' - KI - G_p·b) = 0   degree 3
///   digest           Ze·(M0 - Y'_0) = 0, Ze·(M1 - Y'_1) = 0                    degree 2
///   checksum         Ze·(CS - CK) = 0                                          degree 2
///   canonical        Ze·(M_i - 2^32·H_i)·((H_i - (2^32 - 1))·Z_i - 1) = 0       degree 4
/// A chain's digit is the number of its steps that do not walk (W monotone: 0...0 1...1), so
/// its end is H_2(...H_d(s)) as verify_transfer_signature computes it. M_i < 2^64 is the
/// integer its 32 digits spell; the canonical check (hi = 2^32 - 1 forces lo = 0) makes it < p,
/// so the asserted digest has one digit string. CS ≤ 192 and CK ≤ 255 are small integers, so
/// their equality is the integer one.
/// Why Ze is the row before last: transition constraints do not hold on the trace's last row,
/// which is the last block's last row. Assertions per signature (37): K = k, P = the sponge's
/// start, the 7 accumulators 0 on the block's first row; the message hash's input V = (from,
/// to, amount, fee, nonce, domain tag, 1, 0, 0, 0, 0, 0) on its first row; KI = k on the
/// block's last row; Y[0..4) = the account key on the last row of path level d - 1.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "rollup/zk/winternitz.hpp"
#include "stark/air/air.hpp"

namespace xway::zk {

/// Permutations (8-row cycles) one signature's block takes.
inline constexpr std::size_t kWotsAirBlockCycles = 256;
/// Rows one signature's block takes.
inline constexpr std::size_t kWotsAirBlockRows = 8 * kWotsAirBlockCycles;
/// Cycles before the key path: 34 pairs of two chains of 3 steps and one sponge absorb.
inline constexpr std::size_t kWotsAirPathCycle = 7 * kWotsSpongeAbsorbs;
/// The message hash's cycle: the block's last.
inline constexpr std::size_t kWotsAirMessageCycle = kWotsAirBlockCycles - 1;
/// Deepest key tree the block holds (cycles 238..254).
inline constexpr std::size_t kWotsAirMaxDepth = kWotsAirMessageCycle - kWotsAirPathCycle;
/// Most signatures one proof takes.
inline constexpr std::size_t kWotsAirMaxSignatures = 1024;

/// The trace's columns beyond the gadget's V, Y, D, b (0..28).
namespace wots_cols {
inline constexpr std::size_t kPairEnd = 29;   ///< E, 4 columns
inline constexpr std::size_t kSponge = 33;    ///< P, 12 columns
inline constexpr std::size_t kKeyIndex = 45;  ///< K
inline constexpr std::size_t kWalk = 46;      ///< W
inline constexpr std::size_t kDigits0 = 47;   ///< M0
inline constexpr std::size_t kDigits1 = 48;   ///< M1
inline constexpr std::size_t kHigh0 = 49;     ///< H0
inline constexpr std::size_t kHigh1 = 50;     ///< H1
inline constexpr std::size_t kChecksum = 51;  ///< CS
inline constexpr std::size_t kCheckDigits = 52;  ///< CK
inline constexpr std::size_t kPathIndex = 53;    ///< KI
inline constexpr std::size_t kInverse0 = 54;     ///< Z0
inline constexpr std::size_t kInverse1 = 55;     ///< Z1
inline constexpr std::size_t kWidth = 56;
inline constexpr std::size_t kOwnConstraints = 89;  ///< beyond the gadget's 36 round and chaining ones
}  // namespace wots_cols

/// One signature's public part.
struct WotsStatement {
  ZkTransfer transfer;         ///< what is signed; nonce - 1 picks the one-time key
  RescueDigest account_key{};  ///< the key tree's root
};

/// The statement's public part.
struct WinternitzClaim {
  std::size_t depth = 0;                  ///< the key tree's depth
  std::uint64_t domain_tag = 0;           ///< the rollup's signature domain
  std::vector<WotsStatement> signatures;  ///< 1..kWotsAirMaxSignatures
};

/// The signature statement.
class WinternitzAir final : public stark::Air {
 public:
  /// The statement of `claim`; empty when the depth is outside 1..kWotsAirMaxDepth, there are
  /// no signatures or more than kWotsAirMaxSignatures, a nonce is 0 or above 2^depth, or the
  /// domain tag or a transfer field is not a canonical field element (≥ p).
  static std::optional<WinternitzAir> create(WinternitzClaim claim);

  std::string_view name() const override { return "zk-winternitz"; }
  std::size_t trace_width() const override { return wots_cols::kWidth; }
  std::size_t trace_length() const override;
  std::vector<unsigned> transition_degrees() const override;
  std::vector<Assertion> assertions() const override;
  std::vector<std::vector<Felt>> periodic_columns() const override;
  Bytes public_inputs() const override;
  void evaluate_transition(const Frame<Felt>& f, std::span<const Felt> periodic, std::span<Felt> out) const override;
  void evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> periodic,
                           std::span<Felt2> out) const override;

  /// The public claim.
  const WinternitzClaim& claim() const { return claim_; }

 private:
  explicit WinternitzAir(WinternitzClaim claim) : claim_(std::move(claim)) {}
  WinternitzClaim claim_;
};

/// The trace of `signatures` (one per claim entry, in order) checked against `claim`. It does
/// not judge them (the AIR does): a signature of another transfer or key gives a trace whose
/// assertions the prover finds violated. Requires a claim WinternitzAir::create accepts and one
/// signature per entry with a key path of claim.depth digests.
Trace build_winternitz_trace(const WinternitzClaim& claim, std::span<const TransferSignature> signatures);

}  // namespace xway::zk
