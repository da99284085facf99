#include "stark/crypto/rescue.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <string>
#include <string_view>

#include <cstdint>
#include <vector>

namespace xway::stark {
namespace {

constexpr std::size_t kBytesPerConstant = 9;  // ceil(64 / 8) + 1, as the reference reads them

std::vector<std::uint8_t> shake256(std::string_view seed, std::size_t out_len) {
  std::vector<std::uint8_t> out(out_len);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_shake256(), nullptr);
  EVP_DigestUpdate(ctx, seed.data(), seed.size());
  EVP_DigestFinalXOF(ctx, out.data(), out.size());
  EVP_MD_CTX_free(ctx);
  return out;
}

// Reduces a 9-byte little-endian integer mod p: v = lo + hi·2^64 with 2^64 = 2^32 - 1.
Felt from_le9(const std::uint8_t* b) {
  std::uint64_t lo = 0;
  for (int i = 7; i >= 0; --i) lo = (lo << 8) | b[i];
  return Felt::reduce128((static_cast<u128>(b[8]) << 64) | lo);
}

Felt smallest_primitive_element() {
  const std::uint64_t factors[] = {2, 3, 5, 17, 257, 65537};
  for (std::uint64_t g = 2;; ++g) {
    bool primitive = true;
    for (const std::uint64_t q : factors) primitive = primitive && Felt(g).pow((Felt::kModulus - 1) / q) != Felt::one();
    if (primitive) return Felt(g);
  }
}

// Solves A·X = B in place by Gauss-Jordan elimination (A square, invertible); returns X.
template <std::size_t Cols>
std::vector<std::array<Felt, Cols>> gauss_jordan(std::vector<std::array<Felt, Cols>> rows, std::size_t n) {
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    while (rows[pivot][col] == Felt::zero()) ++pivot;
    std::swap(rows[col], rows[pivot]);
    const Felt inv = rows[col][col].inverse();
    for (auto& v : rows[col]) v *= inv;
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col || rows[r][col] == Felt::zero()) continue;
      const Felt f = rows[r][col];
      for (std::size_t c = 0; c < Cols; ++c) rows[r][c] -= f * rows[col][c];
    }
  }
  return rows;
}

RescueMatrix reference_mds() {
  constexpr std::size_t m = kRescueWidth;
  const Felt g = smallest_primitive_element();
  std::vector<std::array<Felt, 2 * m>> v(m);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < 2 * m; ++j) v[i][j] = g.pow(i * j);
  }
  const auto ech = gauss_jordan(std::move(v), m);
  RescueMatrix mds;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < m; ++j) mds[i][j] = ech[j][m + i];  // transpose of the right half
  }
  return mds;
}

RescueMatrix invert(const RescueMatrix& a) {
  constexpr std::size_t m = kRescueWidth;
  std::vector<std::array<Felt, 2 * m>> aug(m);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < m; ++j) aug[i][j] = a[i][j];
    aug[i][m + i] = Felt::one();
  }
  const auto red = gauss_jordan(std::move(aug), m);
  RescueMatrix inv;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < m; ++j) inv[i][j] = red[i][m + j];
  }
  return inv;
}

RescueConstants derive() {
  RescueConstants c;
  // 1/α mod (p-1) by the extended Euclid over 128 bits.
  __extension__ typedef __int128 i128;
  i128 r0 = static_cast<i128>(Felt::kModulus - 1), r1 = kRescueAlpha, s0 = 0, s1 = 1;
  while (r1 != 0) {
    const i128 q = r0 / r1;
    const i128 r2 = r0 - q * r1;
    const i128 s2 = s0 - q * s1;
    r0 = r1, r1 = r2, s0 = s1, s1 = s2;
  }
  const i128 mod = static_cast<i128>(Felt::kModulus - 1);
  c.alpha_inv = static_cast<std::uint64_t>(((s0 % mod) + mod) % mod);
  c.mds = reference_mds();
  c.mds_inv = invert(c.mds);
  const std::string seed = "Rescue-XLIX(18446744069414584321,12,4,128)";
  const auto stream = shake256(seed, kBytesPerConstant * 2 * kRescueWidth * kRescueRounds);
  for (std::size_t i = 0; i < 2 * kRescueRounds; ++i) {
    for (std::size_t j = 0; j < kRescueWidth; ++j) {
      c.round_constants[i][j] = from_le9(&stream[kBytesPerConstant * (i * kRescueWidth + j)]);
    }
  }
  return c;
}

}  // namespace

const RescueConstants& rescue_constants() {
  static const RescueConstants constants = derive();
  return constants;
}

RescueState rescue_mat_vec(const RescueMatrix& m, const RescueState& x) {
  RescueState y;
  for (std::size_t i = 0; i < kRescueWidth; ++i) {
    // Accumulate 128-bit products with a carry count, then reduce once.
    u128 acc = 0;
    std::uint64_t carries = 0;
    for (std::size_t j = 0; j < kRescueWidth; ++j) {
      const u128 prod = static_cast<u128>(m[i][j].value()) * x[j].value();
      const u128 sum = acc + prod;
      carries += sum < acc;
      acc = sum;
    }
    // Each carry is 2^128 = (2^64)^2 = (2^32 - 1)^2 mod p.
    constexpr Felt k2to128 = Felt(Felt::kEpsilon) * Felt(Felt::kEpsilon);
    y[i] = Felt::reduce128(acc) + Felt(carries) * k2to128;
  }
  return y;
}

namespace {

// base^(2^m) · tail.
Felt exp_acc(Felt base, Felt tail, unsigned m) {
  for (unsigned i = 0; i < m; ++i) base = base.square();
  return base * tail;
}

}  // namespace

Felt rescue_inv_sbox(Felt x) {
  // Exponents in binary: 10540996611094048183 = 1001001...001000110110...110111.
  const Felt t1 = x.square();           // 10
  const Felt t2 = t1.square();          // 100
  const Felt t3 = exp_acc(t2, t2, 3);   // 100100
  const Felt t4 = exp_acc(t3, t3, 6);   // 100100100100
  const Felt t5 = exp_acc(t4, t4, 12);  // (100)^8
  const Felt t6 = exp_acc(t5, t3, 6);   // (100)^10
  const Felt t7 = exp_acc(t6, t6, 31);  // (100)^10 shifted by 31, plus (100)^10
  const Felt a = (t7.square() * t6).square().square();
  return a * (t1 * t2 * x);             // + 111
}

void rescue_round(RescueState& s, std::size_t round) {
  const RescueConstants& c = rescue_constants();
  for (auto& v : s) v = rescue_sbox(v);
  s = rescue_mat_vec(c.mds, s);
  for (std::size_t j = 0; j < kRescueWidth; ++j) s[j] += c.round_constants[2 * round][j];
  for (auto& v : s) v = rescue_inv_sbox(v);
  s = rescue_mat_vec(c.mds, s);
  for (std::size_t j = 0; j < kRescueWidth; ++j) s[j] += c.round_constants[2 * round + 1][j];
}

void rescue_permute(RescueState& state) {
  for (std::size_t r = 0; r < kRescueRounds; ++r) rescue_round(state, r);
}

std::array<Felt, kRescueRate> rescue_hash(std::span<const Felt> elements) {
  std::vector<Felt> padded(elements.begin(), elements.end());
  padded.push_back(Felt::one());
  while (padded.size() % kRescueRate != 0) padded.push_back(Felt::zero());
  RescueState state{};
  for (std::size_t k = 0; k < padded.size(); k += kRescueRate) {
    for (std::size_t i = 0; i < kRescueRate; ++i) state[i] += padded[k + i];
    rescue_permute(state);
  }
  std::array<Felt, kRescueRate> out;
  std::copy_n(state.begin(), kRescueRate, out.begin());
  return out;
}

}  // namespace xway::stark
