#pragma once
/// Every Solidity contract under contracts/, compiled at build time by the pinned solc and embedded
/// in the binary: its ABI JSON and its creation and runtime bytecode.
#include <span>
#include <string_view>

namespace xway::contracts {

/// One compiled contract (or interface, or library).
struct Artifact {
  std::string_view name;                   ///< the contract's name, unique across contracts/
  std::string_view source_path;            ///< its source file, relative to contracts/ ("token/TestToken.sol")
  std::string_view abi_json;               ///< solc's ABI output, a JSON array
  std::string_view bytecode_hex;           ///< creation code, hex without 0x; empty for interfaces
  std::string_view deployed_bytecode_hex;  ///< runtime code, hex without 0x; empty for interfaces
};

/// Every artifact, sorted by name.
std::span<const Artifact> all();
/// The artifact of the contract with this name, or nullptr.
const Artifact* find(std::string_view name);

}  // namespace xway::contracts
