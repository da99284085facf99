#include "stark/crypto/transcript.hpp"

#include <algorithm>
#include <bit>

#include "crypto/keccak.hpp"
#include "stark/crypto/encoding.hpp"

namespace xway::stark {
namespace {

Hash32 hash_state_and_u64(const Hash32& state, std::uint64_t v) {
  Bytes buf(state.begin(), state.end());
  put_u64(buf, v);
  return crypto::keccak256(buf);
}

// The proof-of-work digest carries a trailing 'P' so it never equals a challenge digest.
Hash32 pow_digest(const Hash32& state, std::uint64_t nonce) {
  Bytes buf(state.begin(), state.end());
  put_u64(buf, nonce);
  buf.push_back('P');
  return crypto::keccak256(buf);
}

unsigned leading_zero_bits(const Hash32& h) {
  unsigned n = 0;
  for (const std::uint8_t b : h) {
    if (b != 0) return n + static_cast<unsigned>(std::countl_zero(b));
    n += 8;
  }
  return n;
}

}  // namespace

Transcript::Transcript(std::string_view domain_tag) : state_(crypto::keccak256(as_bytes(domain_tag))) {}

void Transcript::absorb_bytes(ByteView data) {
  Bytes buf(state_.begin(), state_.end());
  append(buf, data);
  state_ = crypto::keccak256(buf);
  counter_ = 0;
}

void Transcript::absorb(const Hash32& digest) { absorb_bytes(digest.view()); }

void Transcript::absorb(std::span<const Felt> values) {
  Bytes buf;
  put_felts(buf, values);
  absorb_bytes(buf);
}

void Transcript::absorb(std::span<const Felt2> values) {
  Bytes buf;
  put_felts(buf, values);
  absorb_bytes(buf);
}

Hash32 Transcript::next_digest() { return hash_state_and_u64(state_, counter_++); }

Felt Transcript::draw_felt() {
  for (;;) {
    const std::uint64_t v = get_u64(next_digest().data());
    if (Felt::is_canonical(v)) return Felt(v);
  }
}

Felt2 Transcript::draw_ext() {
  const Felt c0 = draw_felt();
  const Felt c1 = draw_felt();
  return {c0, c1};
}

std::vector<Felt2> Transcript::draw_ext_vector(std::size_t count) {
  std::vector<Felt2> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(draw_ext());
  return out;
}

std::vector<std::size_t> Transcript::draw_indices(std::size_t count, std::size_t domain_size) {
  std::vector<std::size_t> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(static_cast<std::size_t>(get_u64(next_digest().data()) & (domain_size - 1)));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::uint64_t Transcript::grind(unsigned bits) const {
  std::uint64_t nonce = 0;
  while (!check_pow(nonce, bits)) ++nonce;
  return nonce;
}

bool Transcript::check_pow(std::uint64_t nonce, unsigned bits) const {
  return leading_zero_bits(pow_digest(state_, nonce)) >= bits;
}

void Transcript::absorb_nonce(std::uint64_t nonce) {
  Bytes buf;
  put_u64(buf, nonce);
  absorb_bytes(buf);
}

}  // namespace xway::stark
