#pragma once
/// The signature statement laid out for the transfer AIR: `zk-winternitz-wide` proves what
/// `zk-winternitz` (winternitz_air.hpp) proves, with the same public claim, but runs a
/// signature's 250 permutations in five Rescue gadgets side by side so that it takes 512 rows,
/// the rows a transfer's slot pair has: the layout whose fit docs/zk.md ("Transfer signatures")
/// works out. Still standalone: the transfer AIR does not embed it yet.
///
/// Block (one signature, 64 permutations = 512 rows), by cycle c:
///   gadgets G0..G3 walk the chains: G_s walks chain j = 4t + s (t = 0..16) in cycles 3t..3t+2;
///     at the end of cycle 3t+2 each chain's end goes into its register E_s;
///   gadget G4 absorbs ends (4t, 4t+1) from E_0, E_1 in cycle 3t+3 and (4t+2, 4t+3) from
///     E_2, E_3 in cycle 3t+4 (the sponge state held in P between absorbs), then walks the key
///     path in cycles 53..53+d-1;
///   G0 hashes the message in cycle 63 (its input asserted); everything else pads.
///
/// Columns (187): G_s = 29·s + (V 12, Y 12, D 4, b 1) for s = 0..4; W_0..W_3 (145..148, the
/// walking bits); E_0..E_3 (149..164); P (165..176); K (177); M0, M1, H0, H1, CS, CK, KI
/// (178..184); Z0, Z1 (185, 186). Constraints: each gadget's round and chaining (36 each), and
/// per chain gadget G_s: Fc·(V_k - D_k), the tweak Fc·(V_4 - Tj - s), Fc·(V_5 - Ti),
/// Fc·(V_6 - K), Fc·(V_7 - "wots-c"), the merge capacity, D held, the chain walk at steps 0, 1
/// (Ld), the end into E_s (Le), E_s held, W_s boolean, held, monotone; for G4: the sponge input
/// Fa·(V_k - P_k - E0_k) + Fb·(V_k - P_k - E2_k) (and E1/E3 into V_{4+k}), (Fa + Fb)·(V_{8+k} -
/// P_{8+k}), the path input and capacity, D held, the digest carry Cd, b boolean; P set on an
/// absorb's last row and held otherwise; K held; the accumulators X' = X + Σ_s G_X,s·(1 - W_s)
/// (CS with W_s); on the block's row before last the digest (M_i = Y'_{G0,i}), the checksum and
/// the canonical checks. Degrees as in zk-winternitz (at most 7, the rounds').
#include <optional>

#include "rollup/zk/winternitz_air.hpp"

namespace xway::zk {

/// Cycles (permutations per gadget) one signature's block takes.
inline constexpr std::size_t kWideBlockCycles = 64;
/// Rows of a block: a transfer's slot pair.
inline constexpr std::size_t kWideBlockRows = 8 * kWideBlockCycles;
/// Gadgets walking chains, and the one that absorbs and walks the key path.
inline constexpr std::size_t kWideChainGadgets = 4;
/// The key path's first cycle in the sponge gadget.
inline constexpr std::size_t kWidePathCycle = 53;
/// Deepest key tree the block holds (cycles 53..63).
inline constexpr std::size_t kWideMaxDepth = kWideBlockCycles - kWidePathCycle;
/// The block row where G0's message hash starts (its input V on this row).
inline constexpr std::size_t kWideMessageRow = kWideBlockRows - 8;
/// The block row of the digest, checksum and canonical checks (the digest on the next row).
inline constexpr std::size_t kWideCheckRow = kWideBlockRows - 2;
/// The block row whose G4 output Y[0..4) is the key tree's root, for a key tree of `depth`.
inline constexpr std::size_t wide_root_row(std::size_t depth) { return 8 * (kWidePathCycle + depth) - 1; }

/// The trace's columns.
namespace wide_cols {
inline constexpr std::size_t kGadget = 29;  ///< gadget s starts at column 29·s
inline constexpr std::size_t kSpongeGadget = 4 * kGadget;  ///< G4
inline constexpr std::size_t kWalk = 5 * kGadget;          ///< W_0..W_3
inline constexpr std::size_t kEnds = kWalk + 4;            ///< E_0..E_3, 4 columns each
inline constexpr std::size_t kSponge = kEnds + 16;         ///< P, 12 columns
inline constexpr std::size_t kKeyIndex = kSponge + 12;     ///< K
inline constexpr std::size_t kDigits0 = kKeyIndex + 1;     ///< M0
inline constexpr std::size_t kDigits1 = kDigits0 + 1;      ///< M1
inline constexpr std::size_t kHigh0 = kDigits0 + 2;        ///< H0
inline constexpr std::size_t kHigh1 = kDigits0 + 3;        ///< H1
inline constexpr std::size_t kChecksum = kDigits0 + 4;     ///< CS
inline constexpr std::size_t kCheckDigits = kDigits0 + 5;  ///< CK
inline constexpr std::size_t kPathIndex = kDigits0 + 6;    ///< KI
inline constexpr std::size_t kInverse0 = kDigits0 + 7;     ///< Z0
inline constexpr std::size_t kInverse1 = kDigits0 + 8;     ///< Z1
inline constexpr std::size_t kWidth = kDigits0 + 9;        ///< 187
}  // namespace wide_cols

/// The signature statement in the transfer AIR's rows.
class WinternitzWideAir final : public stark::Air {
 public:
  /// As WinternitzAir::create, with depths 1..kWideMaxDepth.
  static std::optional<WinternitzWideAir> create(WinternitzClaim claim);

  std::string_view name() const override { return "zk-winternitz-wide"; }
  std::size_t trace_width() const override { return wide_cols::kWidth; }
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
  explicit WinternitzWideAir(WinternitzClaim claim) : claim_(std::move(claim)) {}
  WinternitzClaim claim_;
};

/// The trace of `signatures` against `claim` in the wide layout; as build_winternitz_trace.
Trace build_winternitz_wide_trace(const WinternitzClaim& claim, std::span<const TransferSignature> signatures);

}  // namespace xway::zk
