#pragma once
/// Sums of products with one modular reduction at the end: the prover's inner products (the
/// random linear combinations of constraints and of trace columns) reduce once per point instead
/// of once per term.
#include "stark/math/ext2.hpp"

namespace xway::stark {

/// Σ a_i·b_i over the base field: 128-bit products added up with a count of the carries out of
/// 128 bits, each worth 2^128 = (2^32 - 1)^2 mod p.
class LazySum {
 public:
  /// Adds a·b.
  constexpr void add_product(Felt a, Felt b) {
    const u128 sum = acc_ + static_cast<u128>(a.value()) * b.value();
    carries_ += static_cast<std::uint64_t>(sum < acc_);
    acc_ = sum;
  }
  /// The sum, reduced.
  constexpr Felt value() const {
    constexpr Felt k2to128 = Felt(Felt::kEpsilon) * Felt(Felt::kEpsilon);
    return Felt::reduce128(acc_) + Felt(carries_) * k2to128;
  }

 private:
  u128 acc_ = 0;
  std::uint64_t carries_ = 0;
};

/// Σ c_i·x_i with extension coefficients c_i and base values x_i (coordinate-wise LazySum).
class LazyExtSum {
 public:
  /// Adds c·x.
  constexpr void add_product(Felt2 c, Felt x) {
    c0_.add_product(c.c0(), x);
    c1_.add_product(c.c1(), x);
  }
  /// The sum, reduced.
  constexpr Felt2 value() const { return Felt2(c0_.value(), c1_.value()); }

 private:
  LazySum c0_;
  LazySum c1_;
};

}  // namespace xway::stark
