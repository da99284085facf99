#include "crypto/keccak.hpp"

#include <cryptopp/keccak.h>

namespace xway::crypto {

struct Keccak256::State {
  CryptoPP::Keccak_256 h;
};

Keccak256::Keccak256() : state_(new State) {}
Keccak256::~Keccak256() { delete state_; }

void Keccak256::update(ByteView data) { state_->h.Update(data.data(), data.size()); }

Hash32 Keccak256::finish() {
  Hash32 out;
  state_->h.Final(out.data());
  return out;
}

Hash32 keccak256(ByteView data) {
  CryptoPP::Keccak_256 h;
  Hash32 out;
  h.CalculateDigest(out.data(), data.data(), data.size());
  return out;
}

Hash32 keccak256_pair(const Hash32& left, const Hash32& right) {
  CryptoPP::Keccak_256 h;
  h.Update(left.data(), 32);
  h.Update(right.data(), 32);
  Hash32 out;
  h.Final(out.data());
  return out;
}

}  // namespace xway::crypto
