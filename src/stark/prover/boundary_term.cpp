#include "stark/prover/boundary_term.hpp"

#include <map>

#include "stark/math/ntt.hpp"
#include "stark/math/parallel.hpp"

namespace xway::stark {
namespace {

// F(x) = Σ_j w_j/(x - ω^j) times (x^n - 1), over the coset: P with P(ω^j) = n·ω^{-j}·w_j.
std::vector<Felt2> weight_numerator_on_coset(std::vector<Felt2> w, std::size_t domain, Felt offset) {
  const std::size_t n = w.size();
  const Felt omega_inv = root_of_unity(log2_exact(n)).inverse();
  Felt s = Felt(n);
  for (auto& v : w) {
    v = v * s;
    s *= omega_inv;
  }
  intt(std::span<Felt2>(w));
  return evaluate_on_coset(std::span<const Felt2>(w), domain, offset);
}

}  // namespace

BoundaryPlan plan_boundary(std::span<const Assertion> assertions, std::span<const Felt2> betas, std::size_t n) {
  BoundaryPlan plan;
  plan.trace_length = n;
  std::map<std::size_t, std::size_t> per_column;
  for (const Assertion& a : assertions) ++per_column[a.column];
  std::map<std::size_t, std::size_t> grouped_index;  // column -> index into plan.grouped
  std::map<std::size_t, std::size_t> point_index;    // step -> index into plan.direct_points
  const Felt omega = root_of_unity(log2_exact(n));
  for (std::size_t k = 0; k < assertions.size(); ++k) {
    const Assertion& a = assertions[k];
    if (per_column[a.column] <= kDirectAssertionsPerColumn) {
      auto [it, fresh] = point_index.emplace(a.step, plan.direct_points.size());
      if (fresh) plan.direct_points.push_back(omega.pow(a.step));
      plan.direct.push_back({a.column, it->second, a.value, betas[k]});
      continue;
    }
    auto [it, fresh] = grouped_index.emplace(a.column, plan.grouped.size());
    if (fresh) plan.grouped.push_back({a.column, std::vector<Felt2>(n, Felt2::zero())});
    if (plan.value_weights.empty()) plan.value_weights.assign(n, Felt2::zero());
    plan.grouped[it->second].weights[a.step] += betas[k];
    plan.value_weights[a.step] += betas[k] * a.value;
  }
  return plan;
}

void add_grouped_boundary(const BoundaryPlan& plan, const TraceLde& trace, std::span<const Felt> vanishing_inverse,
                          Felt offset, std::span<Felt2> out) {
  if (plan.grouped.empty()) return;
  const std::size_t domain = out.size();
  const std::size_t cycle = vanishing_inverse.size();
  for (const GroupedColumn& g : plan.grouped) {
    const auto a = weight_numerator_on_coset(g.weights, domain, offset);
    const auto& t = trace.evaluations[g.column];
    parallel_for(0, domain, 1 << 12, [&](std::size_t lo, std::size_t hi) {
      for (std::size_t i = lo; i < hi; ++i) out[i] += a[i] * (t[i] * vanishing_inverse[i % cycle]);
    });
  }
  const auto e = weight_numerator_on_coset(plan.value_weights, domain, offset);
  parallel_for(0, domain, 1 << 12, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) out[i] -= e[i] * vanishing_inverse[i % cycle];
  });
}

}  // namespace xway::stark
