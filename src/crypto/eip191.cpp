#include "crypto/eip191.hpp"

#include <string>

#include "crypto/keccak.hpp"

namespace xway::crypto {

Hash32 personal_message_digest(ByteView message) {
  Keccak256 h;
  h.update(as_bytes("\x19" "Ethereum Signed Message:\n"));
  h.update(as_bytes(std::to_string(message.size())));
  h.update(message);
  return h.finish();
}

Hash32 intended_validator_digest(const Address& validator, ByteView data) {
  static constexpr std::uint8_t kPrefix[2] = {0x19, 0x00};
  Keccak256 h;
  h.update(kPrefix);
  h.update(validator.view());
  h.update(data);
  return h.finish();
}

Hash32 typed_data_digest(const Hash32& domain_separator, const Hash32& struct_hash) {
  std::uint8_t buf[66] = {0x19, 0x01};
  std::copy(domain_separator.begin(), domain_separator.end(), buf + 2);
  std::copy(struct_hash.begin(), struct_hash.end(), buf + 34);
  return keccak256(buf);
}

}  // namespace xway::crypto
