#include "eth/deploy.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/hex.hpp"

namespace xway::eth {

namespace {

using nlohmann::json;

RpcResult<Bytes> init_code(const contracts::Artifact& artifact, std::span<const abi::Value> args) {
  if (artifact.bytecode_hex.empty()) {
    return rpc_fail(RpcErrorKind::kBadRequest, fmt::format("{} has no bytecode (an interface?)", artifact.name));
  }
  if (artifact.bytecode_hex.find("__$") != std::string_view::npos) {
    return rpc_fail(RpcErrorKind::kBadRequest, fmt::format("{} has unlinked library references", artifact.name));
  }
  auto code = from_hex(artifact.bytecode_hex);
  if (!code) return rpc_fail(RpcErrorKind::kBadRequest, fmt::format("{} bytecode: {}", artifact.name, describe(code.error())));
  auto contract_abi = abi::ContractAbi::parse(artifact.abi_json);
  if (!contract_abi) {
    return rpc_fail(RpcErrorKind::kBadRequest, fmt::format("{} ABI: {}", artifact.name, abi::describe(contract_abi.error())));
  }
  std::vector<abi::Type> types;
  for (const auto& p : contract_abi->constructor_inputs()) types.push_back(p.type);
  if (types.size() != args.size()) {
    return rpc_fail(RpcErrorKind::kBadRequest, fmt::format("{} constructor takes {} arguments, {} given", artifact.name,
                                                           types.size(), args.size()));
  }
  auto encoded = abi::encode(types, args);
  if (!encoded) {
    return rpc_fail(RpcErrorKind::kBadRequest,
                    fmt::format("{} constructor arguments: {}", artifact.name, abi::describe(encoded.error())));
  }
  append(*code, *encoded);
  return std::move(*code);
}

}  // namespace

RpcResult<Deployed> deploy(Client& client, const crypto::PrivateKey& from, const contracts::Artifact& artifact,
                           std::span<const abi::Value> constructor_args) {
  auto code = init_code(artifact, constructor_args);
  if (!code) return unexpected(std::move(code.error()));
  TxRequest tx;
  tx.data = std::move(*code);
  tx.label = fmt::format("deploy.{}", artifact.name);
  auto mined = client.send_transaction(from, tx);
  if (!mined) return unexpected(std::move(mined.error()));
  if (!mined->contract_address) {
    return rpc_fail(RpcErrorKind::kMalformedReply, fmt::format("receipt of {} deployment has no contract address", artifact.name));
  }
  auto runtime = client.code(*mined->contract_address, BlockRef::number(mined->block_number));
  if (!runtime) return unexpected(std::move(runtime.error()));
  if (runtime->empty()) {
    return rpc_fail(RpcErrorKind::kTxFailed, fmt::format("{} deployment left no code at {}", artifact.name,
                                                         crypto::to_checksum_hex(*mined->contract_address)));
  }
  return Deployed{std::string(artifact.name), *mined->contract_address, std::move(*mined)};
}

RpcResult<Deployed> deploy(Client& client, const crypto::PrivateKey& from, std::string_view contract_name,
                           std::span<const abi::Value> constructor_args) {
  const contracts::Artifact* artifact = contracts::find(contract_name);
  if (artifact == nullptr) return rpc_fail(RpcErrorKind::kBadRequest, fmt::format("no contract named {}", contract_name));
  return deploy(client, from, *artifact, constructor_args);
}

std::string_view describe(DeploymentError e) {
  switch (e) {
    case DeploymentError::kNotJson: return "deployment file is not JSON";
    case DeploymentError::kBadField: return "deployment file has a missing or malformed field";
  }
  return "bad deployment file";
}

const DeploymentEntry* DeploymentFile::find(std::string_view name) const {
  const auto it = contracts.find(std::string(name));
  return it == contracts.end() ? nullptr : &it->second;
}

std::string DeploymentFile::to_json() const {
  json c = json::object();
  for (const auto& [name, e] : contracts) {
    c[name] = json{{"address", crypto::to_checksum_hex(e.address)}, {"block", e.block}};
  }
  return json{{"chain_id", chain_id}, {"contracts", c}}.dump(2) + "\n";
}

expected<DeploymentFile, DeploymentError> DeploymentFile::parse(std::string_view text) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return unexpected(DeploymentError::kNotJson);
  if (!doc.is_object()) return unexpected(DeploymentError::kBadField);
  const auto id = doc.find("chain_id");
  const auto list = doc.find("contracts");
  if (id == doc.end() || !id->is_number_unsigned() || list == doc.end() || !list->is_object()) {
    return unexpected(DeploymentError::kBadField);
  }
  DeploymentFile out;
  out.chain_id = id->get<std::uint64_t>();
  for (const auto& [name, entry] : list->items()) {
    if (name.empty() || !entry.is_object()) return unexpected(DeploymentError::kBadField);
    const auto addr = entry.find("address");
    const auto block = entry.find("block");
    if (addr == entry.end() || !addr->is_string() || block == entry.end() || !block->is_number_unsigned()) {
      return unexpected(DeploymentError::kBadField);
    }
    auto parsed = crypto::parse_address(addr->get_ref<const std::string&>());
    if (!parsed) return unexpected(DeploymentError::kBadField);
    out.contracts[name] = DeploymentEntry{*parsed, block->get<std::uint64_t>()};
  }
  return out;
}

Result<void> DeploymentFile::write(const std::filesystem::path& path) const {
  const auto tmp = std::filesystem::path(path.string() + ".tmp");
  {
    std::ofstream f(tmp, std::ios::trunc);
    if (!f) return fail("cannot write {}", tmp.string());
    f << to_json();
    f.flush();
    if (!f) return fail("cannot write {}", tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return fail("cannot write {}: {}", path.string(), ec.message());
  return {};
}

Result<DeploymentFile> DeploymentFile::read(const std::filesystem::path& path) {
  std::ifstream f(path);
  if (!f) return fail("cannot read deployment file {}", path.string());
  std::stringstream s;
  s << f.rdbuf();
  auto parsed = parse(s.str());
  if (!parsed) return fail_with(path.string(), parsed.error());
  return std::move(*parsed);
}

}  // namespace xway::eth
