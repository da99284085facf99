#include "net/sodium.hpp"

#include <stdexcept>

#include <sodium.h>

namespace xway::net {

void ensure_sodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace xway::net
