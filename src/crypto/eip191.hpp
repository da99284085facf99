#pragma once
/// EIP-191 signed-data digests: the 0x19 prefix keeps signed messages from ever being valid RLP
/// transactions. Version 0x45 ('E') is `personal_sign`, version 0x00 binds data to one validator
/// contract, version 0x01 is EIP-712 typed data (see eip712.hpp for the struct hashing).
#include "core/bytes.hpp"

namespace xway::crypto {

/// keccak256("\x19Ethereum Signed Message:\n" || decimal(len(message)) || message), what
/// `personal_sign`, `eth_sign`, ethers' `hashMessage` and `cast hash-message` compute.
Hash32 personal_message_digest(ByteView message);

/// keccak256(0x19 || 0x00 || validator || data): EIP-191 version 0x00, data meant for one contract.
Hash32 intended_validator_digest(const Address& validator, ByteView data);

/// keccak256(0x19 || 0x01 || domain_separator || struct_hash): the EIP-712 digest that gets signed.
Hash32 typed_data_digest(const Hash32& domain_separator, const Hash32& struct_hash);

}  // namespace xway::crypto
