#include "stark/prover/deep.hpp"

#include "stark/math/batch_inverse.hpp"
#include "stark/math/lazy_sum.hpp"
#include "stark/math/ntt.hpp"
#include "stark/math/parallel.hpp"
#include "stark/math/poly.hpp"

namespace xway::stark {

OodFrame evaluate_ood(const TraceLde& trace, const CompositionLde& composition, Felt2 z, Felt2 z_next) {
  OodFrame ood;
  for (const auto& c : trace.coefficients) {
    ood.current.push_back(evaluate_poly(std::span<const Felt>(c), z));
    ood.next.push_back(evaluate_poly(std::span<const Felt>(c), z_next));
  }
  for (const auto& h : composition.coefficients) ood.composition.push_back(evaluate_poly(std::span<const Felt2>(h), z));
  return ood;
}

std::vector<Felt2> evaluate_deep(const TraceLde& trace, const CompositionLde& composition, const OodFrame& ood,
                                 const DeepCoefficients& coeffs, Felt2 z, Felt2 z_next, Felt offset) {
  const std::size_t domain = trace.evaluations.front().size();
  const std::size_t w = trace.evaluations.size();
  const std::size_t m = composition.evaluations.size();
  const Felt omega = root_of_unity(log2_exact(domain));
  // The constant parts Σ γ_c t_c(z) + Σ δ_i H_i(z) and Σ γ'_c t_c(zω) are shared by every x.
  Felt2 const_z = Felt2::zero();
  Felt2 const_next = Felt2::zero();
  for (std::size_t c = 0; c < w; ++c) {
    const_z += coeffs.current[c] * ood.current[c];
    const_next += coeffs.next[c] * ood.next[c];
  }
  for (std::size_t i = 0; i < m; ++i) const_z += coeffs.composition[i] * ood.composition[i];

  std::vector<Felt2> out(domain);
  parallel_for(0, domain, 1 << 10, [&](std::size_t lo, std::size_t hi) {
    const std::size_t len = hi - lo;
    std::vector<Felt2> den(2 * len);
    Felt x = offset * omega.pow(lo);
    for (std::size_t i = 0; i < len; ++i, x *= omega) {
      den[2 * i] = Felt2(x) - z;
      den[2 * i + 1] = Felt2(x) - z_next;
    }
    const auto inv = batch_inverse(std::span<const Felt2>(den));
    // Column by column over the slice (each column read as one run), reduced once per point.
    std::vector<LazyExtSum> sum_z(len), sum_next(len);
    for (std::size_t c = 0; c < w; ++c) {
      const Felt* t = trace.evaluations[c].data() + lo;
      const Felt2 g = coeffs.current[c];
      const Felt2 g_next = coeffs.next[c];
      for (std::size_t i = 0; i < len; ++i) {
        sum_z[i].add_product(g, t[i]);
        sum_next[i].add_product(g_next, t[i]);
      }
    }
    for (std::size_t i = lo; i < hi; ++i) {
      Felt2 at_z = sum_z[i - lo].value() - const_z;
      const Felt2 at_next = sum_next[i - lo].value() - const_next;
      for (std::size_t k = 0; k < m; ++k) at_z += coeffs.composition[k] * composition.evaluations[k][i];
      out[i] = at_z * inv[2 * (i - lo)] + at_next * inv[2 * (i - lo) + 1];
    }
  });
  return out;
}

}  // namespace xway::stark
