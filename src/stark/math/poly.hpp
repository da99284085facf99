#pragma once
/// Small polynomial helpers over coefficient vectors (lowest degree first).
#include <span>
#include <vector>

#include "stark/math/ext2.hpp"

namespace xway::stark {

/// Horner evaluation of `coeffs` at `x`; the result type is the wider of the two (Felt or Felt2).
template <class C, class X>
auto evaluate_poly(std::span<const C> coeffs, X x) -> decltype(C{} * X{}) {
  using R = decltype(C{} * X{});
  R acc = R::zero();
  for (std::size_t i = coeffs.size(); i-- > 0;) acc = acc * x + coeffs[i];
  return acc;
}

/// Degree of the polynomial (the index of its last non-zero coefficient), -1 for zero.
template <class C>
long poly_degree(std::span<const C> coeffs) {
  for (std::size_t i = coeffs.size(); i-- > 0;) {
    if (!(coeffs[i] == C::zero())) return static_cast<long>(i);
  }
  return -1;
}

}  // namespace xway::stark
