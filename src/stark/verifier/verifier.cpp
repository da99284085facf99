#include "stark/verifier/verifier.hpp"

#include <bit>

#include "stark/air/proof_codec.hpp"
#include "stark/air/protocol.hpp"
#include "stark/crypto/merkle.hpp"
#include "stark/fri/fri_verifier.hpp"
#include "stark/math/ntt.hpp"

namespace xway::stark {
namespace {

ProofError from_fri(FriError e) {
  switch (e) {
    case FriError::kShape: return ProofError::kFriShape;
    case FriError::kLayerMerkle: return ProofError::kFriLayerMerkle;
    case FriError::kQueryValueMismatch: return ProofError::kFriQueryMismatch;
    case FriError::kRemainderMismatch: return ProofError::kFriRemainder;
  }
  return ProofError::kFriShape;
}

expected<void, ProofError> check_shape(const Air& air, const StarkProof& p, unsigned min_bits) {
  const std::size_t columns = composition_columns(air);
  if (p.trace_length != air.trace_length() || p.trace_width != air.trace_width() ||
      p.composition_columns != columns) {
    return unexpected(ProofError::kStatementMismatch);
  }
  if (!options_valid(p.options, columns)) return unexpected(ProofError::kBadOptions);
  if (conjectured_security_bits(p.options, p.trace_length) < min_bits) {
    return unexpected(ProofError::kInsufficientSecurity);
  }
  if (p.ood_current.size() != p.trace_width || p.ood_next.size() != p.trace_width ||
      p.ood_composition.size() != columns) {
    return unexpected(ProofError::kOodShape);
  }
  return {};
}

template <class E>
std::vector<Hash32> row_digests(const std::vector<E>& values, std::size_t width) {
  std::vector<Hash32> out;
  for (std::size_t i = 0; i + width <= values.size(); i += width) {
    out.push_back(hash_row(std::span<const E>(values).subspan(i, width)));
  }
  return out;
}

}  // namespace

expected<void, ProofError> verify(const Air& air, const StarkProof& p, unsigned min_security_bits) {
  if (auto ok = check_shape(air, p, min_security_bits); !ok) return ok;
  const std::size_t n = p.trace_length;
  const std::size_t w = p.trace_width;
  const std::size_t m = p.composition_columns;
  const std::size_t domain = n * p.options.blowup;

  Transcript transcript = seed_transcript(air, p.options);
  transcript.absorb(p.trace_root);
  const auto comp_coeffs = draw_composition_coefficients(transcript, air);
  transcript.absorb(p.composition_root);

  const Felt2 z = transcript.draw_ext();
  const Felt2 z_next = z * root_of_unity(log2_exact(n));
  const Frame<Felt2> frame{p.ood_current, p.ood_next};
  if (!(composition_at(air, comp_coeffs, frame, z) ==
        recombine_composition(std::span<const Felt2>(p.ood_composition), n, z))) {
    return unexpected(ProofError::kOodConstraintMismatch);
  }
  transcript.absorb(std::span<const Felt2>(p.ood_current));
  transcript.absorb(std::span<const Felt2>(p.ood_next));
  transcript.absorb(std::span<const Felt2>(p.ood_composition));

  const auto deep = draw_deep_coefficients(transcript, w, m);
  auto fri = FriVerifier::commit(fri_params(p.options, n), p.fri, transcript);
  if (!fri) return unexpected(from_fri(fri.error()));

  if (!transcript.check_pow(p.pow_nonce, p.options.grinding_bits)) return unexpected(ProofError::kProofOfWork);
  transcript.absorb_nonce(p.pow_nonce);
  const auto positions = transcript.draw_indices(p.options.num_queries, domain);
  if (p.trace_values.size() != positions.size() * w || p.composition_values.size() != positions.size() * m) {
    return unexpected(ProofError::kQueryShape);
  }
  const unsigned depth = log2_exact(domain);
  if (!verify_batch(p.trace_root, depth, positions, row_digests(p.trace_values, w), p.trace_siblings)) {
    return unexpected(ProofError::kTraceMerkle);
  }
  if (!verify_batch(p.composition_root, depth, positions, row_digests(p.composition_values, m),
                    p.composition_siblings)) {
    return unexpected(ProofError::kCompositionMerkle);
  }

  const Felt omega = root_of_unity(depth);
  std::vector<Felt2> deep_values;
  for (std::size_t q = 0; q < positions.size(); ++q) {
    const Felt x = kGenerator * omega.pow(positions[q]);
    deep_values.push_back(deep_value_at(deep, x, std::span<const Felt>(p.trace_values).subspan(q * w, w),
                                        std::span<const Felt2>(p.composition_values).subspan(q * m, m),
                                        p.ood_current, p.ood_next, p.ood_composition, z, z_next));
  }
  if (auto ok = fri->verify(positions, deep_values); !ok) return unexpected(from_fri(ok.error()));
  return {};
}

expected<void, ProofError> verify_bytes(const Air& air, ByteView bytes, unsigned min_security_bits) {
  auto proof = decode_proof(bytes);
  if (!proof) return unexpected(proof.error());
  return verify(air, *proof, min_security_bits);
}

}  // namespace xway::stark
