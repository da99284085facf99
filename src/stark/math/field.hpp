#pragma once
/// The Goldilocks prime field, p = 2^64 - 2^32 + 1: every STARK value lives here or in its extension.
///
/// Elements are kept canonical (in [0, p)) so equality is plain integer equality and the byte
/// encoding is unique. Reduction of a 128-bit product uses 2^64 = 2^32 - 1 and 2^96 = -1 (mod p),
/// which needs no division: a handful of adds and subtracts with carries.
#include <cstdint>

namespace xway::stark {

__extension__ typedef unsigned __int128 u128;

/// An element of the Goldilocks field.
class Felt {
 public:
  /// The prime p = 2^64 - 2^32 + 1.
  static constexpr std::uint64_t kModulus = 0xFFFFFFFF00000001ULL;
  /// 2^32 - 1, which is 2^64 mod p (the correction for a carry out of 64 bits).
  static constexpr std::uint64_t kEpsilon = 0xFFFFFFFFULL;

  /// Zero.
  constexpr Felt() = default;
  /// Reduces any 64-bit integer into the field.
  constexpr explicit Felt(std::uint64_t v) : v_(v >= kModulus ? v - kModulus : v) {}

  /// The canonical integer in [0, p).
  constexpr std::uint64_t value() const { return v_; }
  /// The additive identity.
  static constexpr Felt zero() { return Felt(); }
  /// The multiplicative identity.
  static constexpr Felt one() { return Felt(1); }
  /// True when `v` is a canonical encoding (strictly below p).
  static constexpr bool is_canonical(std::uint64_t v) { return v < kModulus; }

  /// Reduces a 128-bit integer modulo p.
  static constexpr Felt reduce128(u128 x) {
    const auto lo = static_cast<std::uint64_t>(x);
    const auto hi = static_cast<std::uint64_t>(x >> 64);
    const std::uint64_t hi_hi = hi >> 32;
    const std::uint64_t hi_lo = hi & kEpsilon;
    std::uint64_t t0 = lo - hi_hi;                 // hi_hi * 2^96 = -hi_hi (mod p)
    t0 -= mask(lo < hi_hi) & kEpsilon;             // borrow: we wrapped by 2^64, put back p instead
    const std::uint64_t t1 = (hi_lo << 32) - hi_lo;  // hi_lo * 2^64 = hi_lo * (2^32 - 1)
    std::uint64_t r = t0 + t1;
    r += mask(r < t1) & kEpsilon;                  // a carry out of 64 bits is worth 2^32 - 1
    return raw(canonical(r));
  }

  // Branch-free: field data is random, so branches would mispredict half the time.
  friend constexpr Felt operator+(Felt a, Felt b) {
    std::uint64_t s = a.v_ + b.v_;
    s += mask(s < a.v_) & kEpsilon;  // after a carry the sum is already below p
    return raw(canonical(s));
  }
  friend constexpr Felt operator-(Felt a, Felt b) {
    std::uint64_t d = a.v_ - b.v_;
    d -= mask(a.v_ < b.v_) & kEpsilon;
    return raw(d);
  }
  friend constexpr Felt operator-(Felt a) { return Felt() - a; }
  friend constexpr Felt operator*(Felt a, Felt b) {
    return reduce128(static_cast<u128>(a.v_) * b.v_);
  }
  constexpr Felt& operator+=(Felt b) { return *this = *this + b; }
  constexpr Felt& operator-=(Felt b) { return *this = *this - b; }
  constexpr Felt& operator*=(Felt b) { return *this = *this * b; }
  friend constexpr bool operator==(Felt a, Felt b) = default;

  /// This element squared.
  constexpr Felt square() const { return *this * *this; }
  /// This element to the power `e` (square and multiply).
  constexpr Felt pow(std::uint64_t e) const {
    Felt base = *this;
    Felt acc = one();
    while (e != 0) {
      if (e & 1) acc *= base;
      base = base.square();
      e >>= 1;
    }
    return acc;
  }
  /// The multiplicative inverse by Fermat (x^(p-2)); the inverse of zero is defined as zero.
  constexpr Felt inverse() const { return pow(kModulus - 2); }

 private:
  static constexpr Felt raw(std::uint64_t v) {
    Felt f;
    f.v_ = v;
    return f;
  }
  // All ones when `c`, else zero.
  static constexpr std::uint64_t mask(bool c) { return std::uint64_t{0} - static_cast<std::uint64_t>(c); }
  // v mod p for v < 2^64 (one conditional subtraction, as a select).
  static constexpr std::uint64_t canonical(std::uint64_t v) { return v - (mask(v >= kModulus) & kModulus); }

  std::uint64_t v_ = 0;
};

/// A generator of the whole multiplicative group (order p - 1); used as the coset offset.
inline constexpr Felt kGenerator = Felt(7);
/// The two-adicity of p - 1: the largest power-of-two subgroup has order 2^32.
inline constexpr unsigned kTwoAdicity = 32;
/// A primitive 2^32-th root of unity, 7^((p-1)/2^32).
inline constexpr Felt kTwoAdicRoot = Felt(1753635133440165772ULL);

/// A primitive 2^log_n-th root of unity (log_n <= 32); the domains of size 2^log_n use it.
constexpr Felt root_of_unity(unsigned log_n) {
  Felt r = kTwoAdicRoot;
  for (unsigned i = log_n; i < kTwoAdicity; ++i) r = r.square();
  return r;
}

}  // namespace xway::stark
