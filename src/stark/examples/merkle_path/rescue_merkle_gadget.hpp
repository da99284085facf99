#pragma once
/// The Rescue-Prime Merkle-path gadget: transition constraints and trace filling for a chain of
/// 2-to-1 compressions (rescue_merge.hpp), written so any statement can embed it at a column
/// offset of its own trace (the merkle-path example does; the ZK rollup's transfer AIR will).
///
/// Layout: 29 columns from the statement's first gadget column c.
///   V = c + 0..11    the input state of this row's round
///   Y = c + 12..23   that round's output state
///   D = c + 24..27   the digest carried into a hash (read on the hash's first row)
///   b = c + 28       the direction bit (read on the hash's first row): 1 when the carried digest
///                    is the right child, 0 when it is the left one
/// A hash takes 8 rows, row r of the cycle running round r, so its output is Y on the cycle's
/// last row. A path slot is `slot_hashes` hashes (a power of two); the next slot's first hash
/// starts from a new leaf in D.
///
/// Periodic columns (51): A_r, B_r (the round's constants c_{2r}, c_{2r+1}, 24 columns), A_{r+1},
/// B_{r+1} (the next row's, 24), f (1 on a hash's first row), l (1 on its last row), all of
/// period 8; e (1 on the last row of a path slot), of period 8·slot_hashes.
///
/// Constraints (49), ' marking the next row:
///   round, this row   (12, degree 7):  MDS·V^7 + A - (MDS^-1·(Y - B))^7 = 0
///   round, next row   (12, degree 7):  MDS·V'^7 + A' - (MDS^-1·(Y' - B'))^7 = 0
///   chaining          (12, degree 2):  (1 - l)·(V' - Y) = 0
///   injection         (4, degree 3):   f·(V_k - D_k + b·(V_{4+k} - V_k)) = 0   (k < 4)
///   capacity reset    (4, degree 2):   f·(V_8 - 8) = 0,  f·V_9 = f·V_10 = f·V_11 = 0
///   digest carry      (4, degree 2):   (l - e)·(D'_k - Y_k) = 0
///   direction bit     (1, degree 2):   b·(b - 1) = 0
/// The injection puts D left (b = 0) or right (b = 1) and leaves the other half free: the
/// sibling, never stored elsewhere. The bit constraint is load-bearing: with b = 2 the injection
/// reads 2·V_{4+k} - V_k = D_k, met by any V_{4+k} and V_k = 2·V_{4+k} - D_k, so the hash would
/// take an input that holds D on neither side.
///
/// Why the round twice: transition constraints hold on every row but the last (the divisor
/// leaves ω^{n-1} out), so with the round written on one row only, a trace of 8·h rows could
/// hold only 8·h - 1 rounds and every statement would need a padding row, doubling a trace whose
/// hashes fill a power of two. Checking the round on both rows of the frame covers rows 0 and
/// n-1 alike at degree 7; a selector for the last row would cost degree 8.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "stark/air/air.hpp"
#include "stark/examples/merkle_path/rescue_merge.hpp"

namespace xway::stark {

/// Trace rows one compression takes (one per round).
inline constexpr std::size_t kMerkleRowsPerHash = kRescueRounds;

/// The gadget's columns, relative to its first column.
namespace merkle_gadget {
inline constexpr std::size_t kInput = 0;       ///< V: the round's input state, 12 columns
inline constexpr std::size_t kOutput = 12;     ///< Y: the round's output state, 12 columns
inline constexpr std::size_t kCarried = 24;    ///< D: the carried digest, 4 columns
inline constexpr std::size_t kDirection = 28;  ///< b: the direction bit
inline constexpr std::size_t kWidth = 29;      ///< columns the gadget occupies
inline constexpr std::size_t kConstraints = 49;       ///< transition constraints it adds
inline constexpr std::size_t kPeriodicColumns = 51;  ///< periodic columns it reads
}  // namespace merkle_gadget

/// The degree of each of the gadget's constraints, in the order it writes them.
std::vector<unsigned> merkle_gadget_degrees();

/// The gadget's periodic columns for path slots of `slot_hashes` hashes (a power of two).
std::vector<std::vector<Felt>> merkle_gadget_periodic_columns(std::size_t slot_hashes);

/// Writes the gadget's `kConstraints` values at a frame into `out`. `column` is the gadget's
/// first trace column; `periodic` holds its `kPeriodicColumns` values (in the order of
/// merkle_gadget_periodic_columns), wherever the statement placed them among its own.
void evaluate_merkle_gadget(const Frame<Felt>& frame, std::size_t column, std::span<const Felt> periodic,
                            std::span<Felt> out);
/// The same over the extension (the verifier's out-of-domain frame).
void evaluate_merkle_gadget(const Frame<Felt2>& frame, std::size_t column, std::span<const Felt2> periodic,
                            std::span<Felt2> out);

/// The boundary assertions of one path in a slot starting at `row`: D = `leaf` on the slot's
/// first row and Y[0..4) = `root` on the last row of its `depth`-th hash.
std::vector<Assertion> merkle_path_assertions(std::size_t column, std::size_t row, std::size_t depth,
                                              const RescueDigest& leaf, const RescueDigest& root);

/// Writes one compression into the gadget's columns, rows [row, row + 8): V and Y of each round
/// from `input`, and `carried` and `direction` on every row of the hash. Returns the output state.
/// `input` is whatever the caller arranged, so tests can also write traces a cheater would.
RescueState fill_merkle_hash(Trace& trace, std::size_t column, std::size_t row, const RescueState& input,
                             const RescueDigest& carried, Felt direction);

/// Writes one path into a slot of `slot_hashes` hashes from `row`: level k hashes the running
/// digest with `siblings[k]`, on the side bit k of `index` says (1: the digest is the right
/// child). Hashes past the path's length pad the slot (zero sibling, bit 0). Returns the root.
/// Requires siblings.size() <= slot_hashes <= 64 and the trace to hold the slot.
RescueDigest fill_merkle_path(Trace& trace, std::size_t column, std::size_t row, std::size_t slot_hashes,
                              const RescueDigest& leaf, std::span<const RescueDigest> siblings, std::uint64_t index);

}  // namespace xway::stark
