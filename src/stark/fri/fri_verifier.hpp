#pragma once
/// The FRI verifier: replays the commit phase on the transcript, then checks query openings.
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "stark/crypto/transcript.hpp"
#include "stark/fri/fri_params.hpp"
#include "stark/fri/fri_proof.hpp"

namespace xway::stark {

/// Why a FRI proof was rejected.
enum class FriError {
  kShape,              ///< layer count, value count or remainder size does not fit the parameters
  kLayerMerkle,        ///< a layer opening does not match its commitment
  kQueryValueMismatch, ///< an opened value differs from the value the previous layer folds to
  kRemainderMismatch,  ///< the last layer's values differ from the remainder polynomial
};

/// One line naming the failure.
std::string_view describe(FriError e);

/// Verifies one FRI proof against the transcript it was produced with.
class FriVerifier {
 public:
  /// Replays the commit phase of `proof` (which must outlive the verifier) on `transcript`
  /// (absorbs roots, draws the folding
  /// challenges, absorbs the remainder); fails when the proof's shape is wrong for `params`.
  static expected<FriVerifier, FriError> commit(const FriParams& params, const FriProof& proof,
                                                Transcript& transcript);

  /// Checks the openings at `positions` (strictly increasing) against `evaluations`, the values
  /// the verifier computed itself for the first layer at those positions.
  expected<void, FriError> verify(std::span<const std::size_t> positions,
                                  std::span<const Felt2> evaluations) const;

 private:
  FriVerifier(const FriParams& params, const FriProof& proof, std::vector<Felt2> alphas)
      : params_(params), proof_(&proof), alphas_(std::move(alphas)) {}

  FriParams params_;
  const FriProof* proof_;
  std::vector<Felt2> alphas_;
};

}  // namespace xway::stark
