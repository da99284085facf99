#include "stark/air/protocol.hpp"

#include <algorithm>
#include <bit>

#include "stark/crypto/encoding.hpp"
#include "stark/math/ntt.hpp"
#include "stark/math/poly.hpp"

namespace xway::stark {

std::size_t composition_columns(const Air& air) {
  const auto degrees = air.transition_degrees();
  const unsigned max_degree = degrees.empty() ? 1 : *std::max_element(degrees.begin(), degrees.end());
  return std::max<std::size_t>(max_degree, 2) - 1;
}

Transcript seed_transcript(const Air& air, const ProofOptions& o) {
  Transcript t(kProtocolTag);
  t.absorb_bytes(as_bytes(air.name()));
  t.absorb_bytes(air.public_inputs());
  Bytes shape;
  put_u64(shape, air.trace_length());
  put_u64(shape, air.trace_width());
  for (const unsigned v : {o.blowup, o.num_queries, o.folding_factor, o.max_remainder_coeffs, o.grinding_bits}) {
    put_u64(shape, v);
  }
  t.absorb_bytes(shape);
  return t;
}

CompositionCoefficients draw_composition_coefficients(Transcript& t, const Air& air) {
  CompositionCoefficients c;
  c.transition = t.draw_ext_vector(air.transition_degrees().size());
  c.boundary = t.draw_ext_vector(air.assertions().size());
  return c;
}

DeepCoefficients draw_deep_coefficients(Transcript& t, std::size_t width, std::size_t columns) {
  DeepCoefficients d;
  d.current = t.draw_ext_vector(width);
  d.next = t.draw_ext_vector(width);
  d.composition = t.draw_ext_vector(columns);
  return d;
}

std::vector<std::vector<Felt>> periodic_coefficients(const Air& air) {
  std::vector<std::vector<Felt>> out;
  for (auto column : air.periodic_columns()) {
    intt(std::span<Felt>(column));
    out.push_back(std::move(column));
  }
  return out;
}

std::vector<Felt2> periodic_values_at(const std::vector<std::vector<Felt>>& coeffs, std::size_t n, Felt2 x) {
  std::vector<Felt2> out;
  for (const auto& c : coeffs) {
    out.push_back(evaluate_poly(std::span<const Felt>(c), x.pow(n / c.size())));
  }
  return out;
}

Felt2 composition_at(const Air& air, const CompositionCoefficients& coeffs, const Frame<Felt2>& frame, Felt2 z) {
  const std::size_t n = air.trace_length();
  const Felt last = root_of_unity(log2_exact(n)).pow(n - 1);
  const auto periodic = periodic_values_at(periodic_coefficients(air), n, z);
  std::vector<Felt2> t(coeffs.transition.size());
  air.evaluate_transition(frame, std::span<const Felt2>(periodic), std::span<Felt2>(t));
  Felt2 transition = Felt2::zero();
  for (std::size_t j = 0; j < t.size(); ++j) transition += coeffs.transition[j] * t[j];
  // 1/Z(z) = (z - ω^{n-1}) / (z^n - 1)
  const Felt2 z_inv = (z - last) * (z.pow(n) - Felt::one()).inverse();
  Felt2 total = transition * z_inv;
  const Felt omega = root_of_unity(log2_exact(n));
  const auto assertions = air.assertions();
  for (std::size_t k = 0; k < assertions.size(); ++k) {
    const Assertion& a = assertions[k];
    const Felt2 num = frame.current[a.column] - a.value;
    total += coeffs.boundary[k] * num * (z - omega.pow(a.step)).inverse();
  }
  return total;
}

Felt2 recombine_composition(std::span<const Felt2> columns_at_z, std::size_t n, Felt2 z) {
  const Felt2 zn = z.pow(n);
  Felt2 acc = Felt2::zero();
  for (std::size_t i = columns_at_z.size(); i-- > 0;) acc = acc * zn + columns_at_z[i];
  return acc;
}

Felt2 deep_value_at(const DeepCoefficients& d, Felt x, std::span<const Felt> trace_row,
                    std::span<const Felt2> composition_row, std::span<const Felt2> ood_current,
                    std::span<const Felt2> ood_next, std::span<const Felt2> ood_composition, Felt2 z,
                    Felt2 z_next) {
  Felt2 at_z = Felt2::zero();
  Felt2 at_next = Felt2::zero();
  for (std::size_t c = 0; c < trace_row.size(); ++c) {
    at_z += d.current[c] * (Felt2(trace_row[c]) - ood_current[c]);
    at_next += d.next[c] * (Felt2(trace_row[c]) - ood_next[c]);
  }
  for (std::size_t i = 0; i < composition_row.size(); ++i) {
    at_z += d.composition[i] * (composition_row[i] - ood_composition[i]);
  }
  return at_z * (Felt2(x) - z).inverse() + at_next * (Felt2(x) - z_next).inverse();
}

}  // namespace xway::stark
