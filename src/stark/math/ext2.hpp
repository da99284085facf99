#pragma once
/// The quadratic extension F_p[φ]/(φ^2 - 7) of Goldilocks: 128-bit elements for every verifier
/// challenge (composition coefficients, the out-of-domain point, DEEP and FRI coefficients).
///
/// Why quadratic: the conjectured soundness of DEEP-ALI and FRI loses log2(|LDE domain|) bits
/// against the size of the field the challenges are drawn from. A 128-bit field keeps that term
/// at or above 100 bits for LDE domains up to 2^27 points, beyond our largest proofs (2^18 steps at
/// blowup 16 is 2^22); a cubic extension would cost about twice the multiplications in the prover's
/// hottest loops and in the Solidity verifier for bits we cannot use while Keccak caps us at 128.
/// 7 is a quadratic non-residue mod p (7^((p-1)/2) = -1), so φ^2 - 7 is irreducible.
#include "stark/math/field.hpp"

namespace xway::stark {

/// An element c0 + c1·φ of the quadratic extension, with φ^2 = 7.
class Felt2 {
 public:
  /// The non-residue φ^2.
  static constexpr Felt kNonResidue = Felt(7);

  /// Zero.
  constexpr Felt2() = default;
  /// The embedding of a base-field element.
  constexpr Felt2(Felt c0) : c0_(c0) {}  // NOLINT(google-explicit-constructor): lossless embedding
  /// The element c0 + c1·φ.
  constexpr Felt2(Felt c0, Felt c1) : c0_(c0), c1_(c1) {}

  /// The base coordinate.
  constexpr Felt c0() const { return c0_; }
  /// The φ coordinate.
  constexpr Felt c1() const { return c1_; }
  /// The additive identity.
  static constexpr Felt2 zero() { return Felt2(); }
  /// The multiplicative identity.
  static constexpr Felt2 one() { return Felt2(Felt::one()); }

  friend constexpr Felt2 operator+(Felt2 a, Felt2 b) { return {a.c0_ + b.c0_, a.c1_ + b.c1_}; }
  friend constexpr Felt2 operator-(Felt2 a, Felt2 b) { return {a.c0_ - b.c0_, a.c1_ - b.c1_}; }
  friend constexpr Felt2 operator-(Felt2 a) { return {-a.c0_, -a.c1_}; }
  friend constexpr Felt2 operator*(Felt2 a, Felt2 b) {
    const Felt p0 = a.c0_ * b.c0_;
    const Felt p1 = a.c1_ * b.c1_;
    const Felt mid = (a.c0_ + a.c1_) * (b.c0_ + b.c1_) - p0 - p1;  // Karatsuba: 3 products
    return {p0 + kNonResidue * p1, mid};
  }
  friend constexpr Felt2 operator*(Felt2 a, Felt b) { return {a.c0_ * b, a.c1_ * b}; }
  friend constexpr Felt2 operator*(Felt a, Felt2 b) { return b * a; }
  friend constexpr Felt2 operator+(Felt2 a, Felt b) { return {a.c0_ + b, a.c1_}; }
  friend constexpr Felt2 operator-(Felt2 a, Felt b) { return {a.c0_ - b, a.c1_}; }
  constexpr Felt2& operator+=(Felt2 b) { return *this = *this + b; }
  constexpr Felt2& operator-=(Felt2 b) { return *this = *this - b; }
  constexpr Felt2& operator*=(Felt2 b) { return *this = *this * b; }
  constexpr Felt2& operator*=(Felt b) { return *this = *this * b; }
  friend constexpr bool operator==(Felt2 a, Felt2 b) = default;

  /// This element squared.
  constexpr Felt2 square() const { return *this * *this; }
  /// This element to the power `e`.
  constexpr Felt2 pow(std::uint64_t e) const {
    Felt2 base = *this;
    Felt2 acc = one();
    while (e != 0) {
      if (e & 1) acc *= base;
      base = base.square();
      e >>= 1;
    }
    return acc;
  }
  /// The inverse through the norm: (c0 - c1·φ) / (c0^2 - 7·c1^2); the inverse of zero is zero.
  constexpr Felt2 inverse() const {
    const Felt norm = c0_.square() - kNonResidue * c1_.square();
    const Felt inv = norm.inverse();
    return {c0_ * inv, -(c1_ * inv)};
  }

 private:
  Felt c0_;
  Felt c1_;
};

}  // namespace xway::stark
