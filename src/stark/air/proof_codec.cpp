#include "stark/air/proof_codec.hpp"

#include <bit>

#include "stark/crypto/encoding.hpp"

namespace xway::stark {
namespace {

constexpr std::uint8_t kMagic[4] = {'X', 'S', 'T', 'K'};
constexpr std::size_t kMaxWidth = 4096;
constexpr std::size_t kMaxCount = 65535;

void put_u8(Bytes& out, std::size_t v) { out.push_back(static_cast<std::uint8_t>(v)); }
void put_u16(Bytes& out, std::size_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put_hashes(Bytes& out, const std::vector<Hash32>& hs) {
  put_u16(out, hs.size());
  for (const Hash32& h : hs) append(out, h.view());
}

class Reader {
 public:
  explicit Reader(ByteView b) : b_(b) {}
  bool done() const { return pos_ == b_.size(); }

  expected<std::uint64_t, ProofError> uint(std::size_t n) {
    if (b_.size() - pos_ < n) return unexpected(ProofError::kTruncated);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | b_[pos_ + i];
    pos_ += n;
    return v;
  }
  expected<std::size_t, ProofError> count(std::size_t bytes, std::size_t lo, std::size_t hi) {
    auto v = uint(bytes);
    if (!v) return unexpected(v.error());
    if (*v < lo || *v > hi) return unexpected(ProofError::kOutOfRange);
    return static_cast<std::size_t>(*v);
  }
  expected<Felt, ProofError> felt() {
    auto v = uint(8);
    if (!v) return unexpected(v.error());
    if (!Felt::is_canonical(*v)) return unexpected(ProofError::kNonCanonical);
    return Felt(*v);
  }
  expected<void, ProofError> felts(std::size_t n, std::vector<Felt>& out) {
    if ((b_.size() - pos_) / 8 < n) return unexpected(ProofError::kTruncated);
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      auto f = felt();
      if (!f) return unexpected(f.error());
      out.push_back(*f);
    }
    return {};
  }
  expected<void, ProofError> exts(std::size_t n, std::vector<Felt2>& out) {
    if ((b_.size() - pos_) / 16 < n) return unexpected(ProofError::kTruncated);
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      auto c0 = felt();
      if (!c0) return unexpected(c0.error());
      auto c1 = felt();
      if (!c1) return unexpected(c1.error());
      out.emplace_back(*c0, *c1);
    }
    return {};
  }
  expected<Hash32, ProofError> hash() {
    if (b_.size() - pos_ < 32) return unexpected(ProofError::kTruncated);
    Hash32 h;
    std::copy_n(b_.begin() + static_cast<std::ptrdiff_t>(pos_), 32, h.bytes.begin());
    pos_ += 32;
    return h;
  }
  expected<void, ProofError> hashes(std::vector<Hash32>& out) {
    auto n = count(2, 0, kMaxCount);
    if (!n) return unexpected(n.error());
    if ((b_.size() - pos_) / 32 < *n) return unexpected(ProofError::kTruncated);
    for (std::size_t i = 0; i < *n; ++i) out.push_back(*hash());
    return {};
  }

 private:
  ByteView b_;
  std::size_t pos_ = 0;
};

// Propagates a decoding failure out of the enclosing function.
#define XWAY_TRY(expr)                                   \
  do {                                                   \
    auto _r = (expr);                                    \
    if (!_r) return unexpected(_r.error());              \
  } while (false)
#define XWAY_TRY_ASSIGN(lhs, expr)                       \
  do {                                                   \
    auto _r = (expr);                                    \
    if (!_r) return unexpected(_r.error());              \
    lhs = *_r;                                           \
  } while (false)

expected<void, ProofError> decode_header(Reader& r, StarkProof& p) {
  for (const std::uint8_t m : kMagic) {
    auto b = r.uint(1);
    if (!b) return unexpected(b.error());
    if (*b != m) return unexpected(ProofError::kBadMagic);
  }
  std::uint64_t version = 0;
  XWAY_TRY_ASSIGN(version, r.uint(1));
  if (version != kProofVersion) return unexpected(ProofError::kBadVersion);
  XWAY_TRY_ASSIGN(p.options.blowup, r.count(1, 2, 64));
  XWAY_TRY_ASSIGN(p.options.num_queries, r.count(1, 1, 255));
  XWAY_TRY_ASSIGN(p.options.folding_factor, r.count(1, 2, 4));
  XWAY_TRY_ASSIGN(p.options.max_remainder_coeffs, r.count(2, 1, 1024));
  XWAY_TRY_ASSIGN(p.options.grinding_bits, r.count(1, 0, 32));
  std::size_t log_len = 0;
  XWAY_TRY_ASSIGN(log_len, r.count(1, 3, 28));
  p.trace_length = static_cast<std::uint32_t>(1U << log_len);
  XWAY_TRY_ASSIGN(p.trace_width, r.count(2, 1, kMaxWidth));
  XWAY_TRY_ASSIGN(p.composition_columns, r.count(1, 1, 64));
  XWAY_TRY_ASSIGN(p.trace_root, r.hash());
  XWAY_TRY_ASSIGN(p.composition_root, r.hash());
  return {};
}

}  // namespace

Bytes encode_proof(const StarkProof& p) {
  Bytes out(std::begin(kMagic), std::end(kMagic));
  put_u8(out, kProofVersion);
  put_u8(out, p.options.blowup);
  put_u8(out, p.options.num_queries);
  put_u8(out, p.options.folding_factor);
  put_u16(out, p.options.max_remainder_coeffs);
  put_u8(out, p.options.grinding_bits);
  put_u8(out, static_cast<std::size_t>(std::countr_zero(p.trace_length)));
  put_u16(out, p.trace_width);
  put_u8(out, p.composition_columns);
  append(out, p.trace_root.view());
  append(out, p.composition_root.view());
  put_felts(out, std::span<const Felt2>(p.ood_current));
  put_felts(out, std::span<const Felt2>(p.ood_next));
  put_felts(out, std::span<const Felt2>(p.ood_composition));
  put_u8(out, p.fri.layer_roots.size());
  for (const Hash32& h : p.fri.layer_roots) append(out, h.view());
  put_u16(out, p.fri.remainder.size());
  put_felts(out, std::span<const Felt2>(p.fri.remainder));
  put_u64(out, p.pow_nonce);
  const std::size_t queries = p.trace_width == 0 ? 0 : p.trace_values.size() / p.trace_width;
  put_u16(out, queries);
  put_felts(out, std::span<const Felt>(p.trace_values));
  put_hashes(out, p.trace_siblings);
  put_felts(out, std::span<const Felt2>(p.composition_values));
  put_hashes(out, p.composition_siblings);
  for (const FriLayerOpening& layer : p.fri.layers) {
    put_u16(out, layer.values.size() / p.options.folding_factor);
    put_felts(out, std::span<const Felt2>(layer.values));
    put_hashes(out, layer.siblings);
  }
  return out;
}

expected<StarkProof, ProofError> decode_proof(ByteView bytes) {
  Reader r(bytes);
  StarkProof p;
  XWAY_TRY(decode_header(r, p));
  if (p.options.folding_factor == 3) return unexpected(ProofError::kOutOfRange);
  XWAY_TRY(r.exts(p.trace_width, p.ood_current));
  XWAY_TRY(r.exts(p.trace_width, p.ood_next));
  XWAY_TRY(r.exts(p.composition_columns, p.ood_composition));
  std::size_t layers = 0;
  XWAY_TRY_ASSIGN(layers, r.count(1, 0, 32));
  for (std::size_t i = 0; i < layers; ++i) {
    Hash32 h;
    XWAY_TRY_ASSIGN(h, r.hash());
    p.fri.layer_roots.push_back(h);
  }
  std::size_t remainder = 0;
  XWAY_TRY_ASSIGN(remainder, r.count(2, 1, 1024));
  XWAY_TRY(r.exts(remainder, p.fri.remainder));
  XWAY_TRY_ASSIGN(p.pow_nonce, r.uint(8));
  std::size_t queries = 0;
  XWAY_TRY_ASSIGN(queries, r.count(2, 1, 255));
  XWAY_TRY(r.felts(queries * p.trace_width, p.trace_values));
  XWAY_TRY(r.hashes(p.trace_siblings));
  XWAY_TRY(r.exts(queries * p.composition_columns, p.composition_values));
  XWAY_TRY(r.hashes(p.composition_siblings));
  for (std::size_t i = 0; i < layers; ++i) {
    FriLayerOpening layer;
    std::size_t leaves = 0;
    XWAY_TRY_ASSIGN(leaves, r.count(2, 1, 255));
    XWAY_TRY(r.exts(leaves * p.options.folding_factor, layer.values));
    XWAY_TRY(r.hashes(layer.siblings));
    p.fri.layers.push_back(std::move(layer));
  }
  if (!r.done()) return unexpected(ProofError::kTrailingBytes);
  return p;
}

#undef XWAY_TRY
#undef XWAY_TRY_ASSIGN

}  // namespace xway::stark
