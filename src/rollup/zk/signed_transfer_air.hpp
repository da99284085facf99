#pragma once
/// `zk-transfer-signed` (issue 6, stage 3's statement in C++): the transfer statement
/// (transfer_air.hpp) with every non-reserve transfer's signature checked inside the same trace,
/// under the key its sender's leaf holds. Built and proven in C++ only: the L1 verifier, the
/// operator (`prove_ops`) and the scenarios stay on `zk-transfer` until key registration writes
/// keys into leaves and the Solidity side is generated for this statement (docs/zk.md).
///
/// Layout: each slot pair of the transfer AIR (512 rows at tree depths 16..31) carries, beside
/// its 65 columns, one block of the wide signature statement (winternitz_wide_air.hpp, 187
/// columns), then KEY (4, the sender leaf's key carried over the pair) and SIG (1, whether the
/// pair's transfer must be signed): 257 columns. The signature's public fields are linked, not
/// asserted anew where they are private:
///   SIG held         (1 - Eb)·(SIG' - SIG) = 0                    degree 2
///   KEY held         (1 - Eb)·(KEY'_k - KEY_k) = 0                degree 2
///   key of the leaf  B0·SIG·(KEY_k - D_O,k) = 0                   degree 3  (sender slot's first row:
///                                                                           the old leaf's key)
///   one-time key     B0·SIG·(K - V_O,5) = 0                       degree 3  (k = the old nonce)
///   signed nonce     Fm·SIG·(V_G0,4 - K - 1) = 0                  degree 3  (the message's nonce)
///   key path index   Ze·SIG·(KI - K) = 0                          degree 3
///   key tree root    Rr·SIG·(Y'_G4,k - KEY_k) = 0                 degree 3  (the row before the root's)
/// (B0 a pair's first row, Fm the message hash's first row, Ze the check row, Rr the row before
/// the key root's, Eb the pair's last row.) Assertions beyond the transfer AIR's, per transfer:
/// SIG = 1 when the sender is not the reserve (0 otherwise, and on the fee credit); for a signed
/// transfer the sponge's start, the accumulators' zeros and the message input (from, to, amount,
/// fee as the claim's, the domain tag and the padding). So a proof states: every non-reserve
/// transfer (from, to, amount, fee, new nonce) is signed, under the domain tag, by the one-time
/// key old-nonce of the key tree whose root is the sender's leaf key in the old root.
#include <optional>

#include "rollup/zk/batch_ops.hpp"
#include "rollup/zk/transfer_air.hpp"
#include "rollup/zk/winternitz_wide_air.hpp"

namespace xway::zk {

/// Columns after the transfer AIR's 65.
namespace signed_cols {
inline constexpr std::size_t kWots = transfer_cols::kWidth;     ///< the wide signature block
inline constexpr std::size_t kKey = kWots + wide_cols::kWidth;  ///< KEY, 4 columns
inline constexpr std::size_t kSigned = kKey + 4;                ///< SIG
inline constexpr std::size_t kWidth = kSigned + 1;              ///< 257
inline constexpr std::size_t kLinkConstraints = 16;
}  // namespace signed_cols

/// The public part: the batch's, the key trees' depth, the signature domain, the unsigned sender.
struct SignedTransferClaim {
  TransferClaim batch;                       ///< as the transfer statement's
  std::size_t key_depth = 0;                 ///< every account's key tree depth, 1..kWideMaxDepth
  std::uint64_t domain_tag = 0;              ///< the rollup's signature domain
  std::uint64_t unsigned_sender = 0;         ///< the reserve: its transfers carry no signature
};

/// The signed transfer statement.
class SignedTransferAir final : public stark::Air {
 public:
  /// Empty when the batch is not a valid transfer claim, its slots are not 256 rows (tree
  /// depth 16..31), the key depth is outside 1..kWideMaxDepth or the domain tag is not below p.
  static std::optional<SignedTransferAir> create(SignedTransferClaim claim);

  std::string_view name() const override { return "zk-transfer-signed"; }
  std::size_t trace_width() const override { return signed_cols::kWidth; }
  std::size_t trace_length() const override { return base_.trace_length(); }
  std::vector<unsigned> transition_degrees() const override;
  std::vector<Assertion> assertions() const override;
  std::vector<std::vector<Felt>> periodic_columns() const override;
  Bytes public_inputs() const override;
  void evaluate_transition(const Frame<Felt>& f, std::span<const Felt> periodic, std::span<Felt> out) const override;
  void evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> periodic,
                           std::span<Felt2> out) const override;

  /// The public claim.
  const SignedTransferClaim& claim() const { return claim_; }

 private:
  SignedTransferAir(SignedTransferClaim claim, TransferAir base, WinternitzWideAir wots)
      : claim_(std::move(claim)), base_(std::move(base)), wots_(std::move(wots)) {}
  template <class E>
  void evaluate(const Frame<E>& f, std::span<const E> periodic, std::span<E> out) const;

  SignedTransferClaim claim_;
  TransferAir base_;
  WinternitzWideAir wots_;  // its constraints and periodic columns (they depend on the key depth only)
};

/// A signed batch made ready for the prover.
struct SignedTransferBatch {
  SignedTransferClaim claim;  ///< the public part
  Trace trace;                ///< the execution trace
};

/// Applies `transfers` to `tree` as build_transfer_batch does and adds each one's signature
/// block (a blank one for the reserve's transfers). It does not judge the signatures: a missing
/// or foreign one gives a trace the prover refuses. Requires a tree of depth 16..31 and
/// signatures whose key paths have `key_depth` digests.
SignedTransferBatch build_signed_transfer_batch(AccountTree& tree, std::span<const SignedTransfer> transfers,
                                                std::uint64_t operator_index, std::size_t key_depth,
                                                std::uint64_t domain_tag, std::uint64_t unsigned_sender);

}  // namespace xway::zk
