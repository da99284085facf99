#include "stark/prover/composition.hpp"

#include <unordered_map>

#include "stark/math/batch_inverse.hpp"
#include "stark/math/lazy_sum.hpp"
#include "stark/math/ntt.hpp"
#include "stark/math/parallel.hpp"
#include "stark/prover/boundary_term.hpp"

namespace xway::stark {
namespace {

// Periodic column j over the LDE: q_j(x^{n/k}) repeats with period k·blowup on the coset.
std::vector<std::vector<Felt>> periodic_lde(const Air& air, std::size_t blowup, Felt offset) {
  std::vector<std::vector<Felt>> out;
  const std::size_t n = air.trace_length();
  for (const auto& q : periodic_coefficients(air)) {
    const std::size_t k = q.size();
    out.push_back(evaluate_on_coset(std::span<const Felt>(q), k * blowup, offset.pow(n / k)));
  }
  return out;
}

// 1/Z(x) = (x - ω^{n-1}) / (x^n - 1); x^n takes `blowup` values on the coset, cyclically.
std::vector<Felt> vanishing_inverse_cycle(std::size_t n, std::size_t blowup, Felt offset) {
  const Felt wb = root_of_unity(log2_exact(blowup));
  const Felt on = offset.pow(n);
  std::vector<Felt> denominators(blowup);
  for (std::size_t k = 0; k < blowup; ++k) denominators[k] = on * wb.pow(k) - Felt::one();
  return batch_inverse(std::span<const Felt>(denominators));
}

}  // namespace

std::vector<Felt2> evaluate_composition(const Air& air, const TraceLde& trace, const CompositionCoefficients& coeffs,
                                        std::size_t blowup, Felt offset) {
  const std::size_t n = air.trace_length();
  const std::size_t w = air.trace_width();
  const std::size_t domain = n * blowup;
  const Felt omega_n = root_of_unity(log2_exact(domain));
  const Felt last = root_of_unity(log2_exact(n)).pow(n - 1);
  const auto periodic = periodic_lde(air, blowup, offset);
  const auto z_cycle = vanishing_inverse_cycle(n, blowup, offset);
  const BoundaryPlan plan = plan_boundary(air.assertions(), coeffs.boundary, n);
  const std::size_t constraints = coeffs.transition.size();

  std::vector<Felt2> out(domain);
  parallel_for(0, domain, 1 << 10, [&](std::size_t lo, std::size_t hi) {
    const std::size_t len = hi - lo;
    // x_i for the slice, and 1/(x_i - ω^s) for each step of a direct assertion by batch inversion.
    std::vector<Felt> xs(len);
    Felt x = offset * omega_n.pow(lo);
    for (std::size_t i = 0; i < len; ++i, x *= omega_n) xs[i] = x;
    std::vector<std::vector<Felt>> step_inv;
    step_inv.reserve(plan.direct_points.size());
    for (const Felt point : plan.direct_points) {
      std::vector<Felt> d(len);
      for (std::size_t i = 0; i < len; ++i) d[i] = xs[i] - point;
      step_inv.push_back(batch_inverse(std::span<const Felt>(d)));
    }
    std::vector<Felt> cur(w), nxt(w), per(periodic.size()), t(constraints);
    for (std::size_t i = lo; i < hi; ++i) {
      const std::size_t next = (i + blowup) % domain;
      for (std::size_t c = 0; c < w; ++c) {
        cur[c] = trace.evaluations[c][i];
        nxt[c] = trace.evaluations[c][next];
      }
      for (std::size_t j = 0; j < periodic.size(); ++j) per[j] = periodic[j][i % periodic[j].size()];
      air.evaluate_transition(Frame<Felt>{cur, nxt}, std::span<const Felt>(per), std::span<Felt>(t));
      LazyExtSum combined;
      for (std::size_t j = 0; j < constraints; ++j) combined.add_product(coeffs.transition[j], t[j]);
      Felt2 acc = combined.value() * ((xs[i - lo] - last) * z_cycle[i % blowup]);
      for (const DirectAssertion& a : plan.direct) {
        acc += a.beta * ((cur[a.column] - a.value) * step_inv[a.point][i - lo]);
      }
      out[i] = acc;
    }
  });
  add_grouped_boundary(plan, trace, z_cycle, offset, std::span<Felt2>(out));
  return out;
}

CompositionLde commit_composition(std::vector<Felt2> evaluations, std::size_t n, std::size_t columns, Felt offset) {
  const std::size_t domain = evaluations.size();
  coset_intt(std::span<Felt2>(evaluations), offset);
  CompositionLde out;
  out.coefficients.resize(columns);
  out.evaluations.resize(columns);
  parallel_for(0, columns, 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      const auto first = evaluations.begin() + static_cast<std::ptrdiff_t>(i * n);
      out.coefficients[i].assign(first, first + static_cast<std::ptrdiff_t>(n));
      out.evaluations[i] = evaluate_on_coset(std::span<const Felt2>(out.coefficients[i]), domain, offset);
    }
  });
  out.tree = commit_rows(out.evaluations);
  return out;
}

}  // namespace xway::stark
