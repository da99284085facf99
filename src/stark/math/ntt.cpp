#include "stark/math/ntt.hpp"

#include <bit>
#include <cassert>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include "stark/math/ext2.hpp"
#include "stark/math/parallel.hpp"

namespace xway::stark {
namespace {

// Below this size a sub-transform runs breadth-first on one thread: it already fits in L2.
constexpr std::size_t kDepthFirstCutoff = std::size_t{1} << 12;
// Below this size a stage is not worth a thread.
constexpr std::size_t kParallelCutoff = std::size_t{1} << 14;

template <class E>
void dif_stage(E* a, std::size_t h, const Felt* tw, std::size_t k_begin, std::size_t k_end) {
  for (std::size_t k = k_begin; k < k_end; ++k) {
    const E u = a[k];
    const E v = a[k + h];
    a[k] = u + v;
    a[k + h] = (u - v) * tw[h + k];
  }
}

template <class E>
void dif_breadth_first(E* a, std::size_t m, const Felt* tw) {
  for (std::size_t h = m / 2; h >= 2; h /= 2) {
    for (std::size_t j = 0; j < m; j += 2 * h) dif_stage(a + j, h, tw, 0, h);
  }
  for (std::size_t j = 0; j + 1 < m; j += 2) {  // last stage: the twiddle is 1
    const E u = a[j];
    const E v = a[j + 1];
    a[j] = u + v;
    a[j + 1] = u - v;
  }
}

template <class E>
void dif(E* a, std::size_t m, const Felt* tw, unsigned threads) {
  if (m <= kDepthFirstCutoff) {
    dif_breadth_first(a, m, tw);
    return;
  }
  const std::size_t h = m / 2;
  if (threads > 1 && m >= kParallelCutoff) {
    std::thread helper([&] { dif_stage(a, h, tw, h / 2, h); });
    dif_stage(a, h, tw, 0, h / 2);
    helper.join();
    const unsigned half = threads / 2;
    std::thread other([&] { dif(a + h, h, tw, threads - half); });
    dif(a, h, tw, half);
    other.join();
    return;
  }
  dif_stage(a, h, tw, 0, h);
  dif(a, h, tw, 1);
  dif(a + h, h, tw, 1);
}

std::size_t reverse_bits(std::size_t i, unsigned bits) {
  std::size_t r = 0;
  for (unsigned b = 0; b < bits; ++b) {
    r = (r << 1) | (i & 1);
    i >>= 1;
  }
  return r;
}

template <class E>
void scale_by_powers(std::span<E> values, Felt step) {
  Felt s = Felt::one();
  for (auto& v : values) {
    v = v * s;
    s *= step;
  }
}

}  // namespace

unsigned log2_exact(std::size_t n) {
  assert(std::has_single_bit(n));
  return static_cast<unsigned>(std::countr_zero(n));
}

NttPlan::NttPlan(unsigned log_n, bool inverse) : log_n_(log_n), inverse_(inverse) {
  const std::size_t n = size();
  twiddles_.assign(std::max<std::size_t>(n, 2), Felt::one());
  for (unsigned lg = 1; lg <= log_n; ++lg) {
    const std::size_t h = std::size_t{1} << (lg - 1);
    Felt w = root_of_unity(lg);
    if (inverse) w = w.inverse();
    Felt acc = Felt::one();
    for (std::size_t k = 0; k < h; ++k) {
      twiddles_[h + k] = acc;
      acc *= w;
    }
  }
}

// Tiles of 2^kTileBits x 2^kTileBits elements: the blocked permutation reads and writes runs of
// 2^kTileBits contiguous elements instead of one cache miss per element.
constexpr unsigned kTileBits = 5;

template <class E>
void bit_reverse_naive(std::span<E> values, unsigned bits) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::size_t j = reverse_bits(i, bits);
    if (i < j) std::swap(values[i], values[j]);
  }
}

// Index i = (a, m, c) with a and c of kTileBits bits maps to (rev(c), rev(m), rev(a)): the tiles
// of middle values m and rev(m) are exchanged through two buffers.
template <class E>
void bit_reverse_blocked(std::span<E> values, unsigned bits) {
  constexpr std::size_t t = std::size_t{1} << kTileBits;
  const unsigned mid = bits - 2 * kTileBits;
  std::size_t rev_t[t];
  for (std::size_t i = 0; i < t; ++i) rev_t[i] = reverse_bits(i, kTileBits);
  std::vector<E> tile(t * t), other(t * t);
  const auto at = [&](std::size_t a, std::size_t m, std::size_t c) -> E& {
    return values[(a << (mid + kTileBits)) | (m << kTileBits) | c];
  };
  for (std::size_t m = 0; m < (std::size_t{1} << mid); ++m) {
    const std::size_t mr = reverse_bits(m, mid);
    if (mr < m) continue;
    for (std::size_t a = 0; a < t; ++a) {
      for (std::size_t c = 0; c < t; ++c) tile[a * t + c] = at(a, m, c);
    }
    if (mr != m) {
      for (std::size_t a = 0; a < t; ++a) {
        for (std::size_t c = 0; c < t; ++c) other[a * t + c] = at(a, mr, c);
      }
    }
    for (std::size_t c = 0; c < t; ++c) {
      for (std::size_t a = 0; a < t; ++a) at(rev_t[c], mr, rev_t[a]) = tile[a * t + c];
    }
    if (mr != m) {
      for (std::size_t c = 0; c < t; ++c) {
        for (std::size_t a = 0; a < t; ++a) at(rev_t[c], m, rev_t[a]) = other[a * t + c];
      }
    }
  }
}

template <class E>
void bit_reverse_permute(std::span<E> values) {
  const unsigned bits = log2_exact(values.size());
  if (bits < 2 * kTileBits + 2) {
    bit_reverse_naive(values, bits);
  } else {
    bit_reverse_blocked(values, bits);
  }
}

template <class E>
void ntt_with_plan(std::span<E> values, const NttPlan& plan) {
  assert(values.size() == plan.size());
  if (values.size() <= 1) return;
  unsigned threads = std::bit_floor(worker_count());
  dif(values.data(), values.size(), plan.twiddles().data(), threads);
  bit_reverse_permute(values);
}

namespace {

// Twiddle tables are built once per size and direction: a prover runs dozens of transforms of
// the same few sizes, and building a table costs as many multiplications as a transform stage.
const NttPlan& shared_plan(unsigned log_n, bool inverse) {
  static std::mutex mutex;
  static std::map<std::pair<unsigned, bool>, std::unique_ptr<const NttPlan>> plans;
  const std::lock_guard lock(mutex);
  auto& slot = plans[{log_n, inverse}];
  if (!slot) slot = std::make_unique<const NttPlan>(log_n, inverse);
  return *slot;
}

}  // namespace

template <class E>
void ntt(std::span<E> values) {
  ntt_with_plan(values, shared_plan(log2_exact(values.size()), false));
}

template <class E>
void intt(std::span<E> values) {
  ntt_with_plan(values, shared_plan(log2_exact(values.size()), true));
  const Felt inv_n = Felt(values.size()).inverse();
  for (auto& v : values) v = v * inv_n;
}

template <class E>
void coset_ntt(std::span<E> values, Felt offset) {
  scale_by_powers(values, offset);
  ntt(values);
}

template <class E>
void coset_intt(std::span<E> values, Felt offset) {
  intt(values);
  scale_by_powers(values, offset.inverse());
}

template <class E>
std::vector<E> evaluate_on_coset(std::span<const E> coeffs, std::size_t domain_size, Felt offset) {
  assert(coeffs.size() <= domain_size);
  std::vector<E> out(domain_size, E::zero());
  std::copy(coeffs.begin(), coeffs.end(), out.begin());
  coset_ntt(std::span<E>(out), offset);
  return out;
}

template <class E>
std::vector<E> low_degree_extend(std::span<const E> evals, std::size_t blowup, Felt offset) {
  std::vector<E> coeffs(evals.begin(), evals.end());
  intt(std::span<E>(coeffs));
  return evaluate_on_coset(std::span<const E>(coeffs), evals.size() * blowup, offset);
}

#define XWAY_STARK_NTT_INSTANTIATE(E)                                                         \
  template void ntt<E>(std::span<E>);                                                         \
  template void intt<E>(std::span<E>);                                                        \
  template void ntt_with_plan<E>(std::span<E>, const NttPlan&);                               \
  template void coset_ntt<E>(std::span<E>, Felt);                                             \
  template void coset_intt<E>(std::span<E>, Felt);                                            \
  template std::vector<E> evaluate_on_coset<E>(std::span<const E>, std::size_t, Felt);        \
  template std::vector<E> low_degree_extend<E>(std::span<const E>, std::size_t, Felt);        \
  template void bit_reverse_permute<E>(std::span<E>);

XWAY_STARK_NTT_INSTANTIATE(Felt)
XWAY_STARK_NTT_INSTANTIATE(Felt2)
#undef XWAY_STARK_NTT_INSTANTIATE

}  // namespace xway::stark
