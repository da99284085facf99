#pragma once
/// Contract deployment from the embedded solc artifacts, and the deployment file that records
/// where each contract lives: {"chain_id": 31337, "contracts": {"Name": {"address", "block"}}}.
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "contracts/artifacts.hpp"
#include "core/result.hpp"
#include "eth/abi.hpp"
#include "eth/client.hpp"

namespace xway::eth {

/// A contract on chain.
struct Deployed {
  std::string name;
  Address address;
  Receipt receipt;
};

/// Deploys `artifact` with constructor arguments ABI-encoded against its constructor's
/// parameter types, waits for the receipt, checks code landed at the address, and records the
/// cost under "deploy.<name>". kBadRequest (nothing sent) for an interface, unlinked library
/// references, or arguments that do not match the constructor.
RpcResult<Deployed> deploy(Client& client, const crypto::PrivateKey& from, const contracts::Artifact& artifact,
                           std::span<const abi::Value> constructor_args = {});
/// The same, finding the artifact by contract name.
RpcResult<Deployed> deploy(Client& client, const crypto::PrivateKey& from, std::string_view contract_name,
                           std::span<const abi::Value> constructor_args = {});

/// Where one contract was deployed.
struct DeploymentEntry {
  Address address;
  std::uint64_t block = 0;
  friend bool operator==(const DeploymentEntry&, const DeploymentEntry&) = default;
};

/// Why a deployment file was rejected.
enum class DeploymentError { kNotJson, kBadField };
/// One line naming the error.
std::string_view describe(DeploymentError e);

/// The addresses of a deployment on one chain.
struct DeploymentFile {
  std::uint64_t chain_id = 0;
  std::map<std::string, DeploymentEntry> contracts;

  /// Records a deployed contract.
  void add(const Deployed& d) { contracts[d.name] = DeploymentEntry{d.address, d.receipt.block_number}; }
  /// The entry for a contract, or nullptr.
  const DeploymentEntry* find(std::string_view name) const;
  /// Pretty JSON with EIP-55 checksummed addresses.
  std::string to_json() const;
  /// Parses strictly: a chain id, and for each contract an address (checksum checked when mixed
  /// case) and a block number.
  static expected<DeploymentFile, DeploymentError> parse(std::string_view json);
  /// Writes the file atomically (temporary file, then rename).
  Result<void> write(const std::filesystem::path& path) const;
  /// Reads and parses a file.
  static Result<DeploymentFile> read(const std::filesystem::path& path);
  friend bool operator==(const DeploymentFile&, const DeploymentFile&) = default;
};

}  // namespace xway::eth
