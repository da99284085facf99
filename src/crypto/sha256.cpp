#include "crypto/sha256.hpp"

#include <cryptopp/sha.h>

namespace xway::crypto {

struct Sha256::State {
  CryptoPP::SHA256 h;
};

Sha256::Sha256() : state_(new State) {}
Sha256::~Sha256() { delete state_; }

void Sha256::update(ByteView data) { state_->h.Update(data.data(), data.size()); }

Hash32 Sha256::finish() {
  Hash32 out;
  state_->h.Final(out.data());
  return out;
}

Hash32 sha256(ByteView data) {
  CryptoPP::SHA256 h;
  Hash32 out;
  h.CalculateDigest(out.data(), data.data(), data.size());
  return out;
}

}  // namespace xway::crypto
