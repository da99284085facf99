#include <cstdlib>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/hex.hpp"
#include "core/log.hpp"
#include "eth/anvil.hpp"
#include "eth/deploy.hpp"
#include "eth/rpc_client.hpp"

namespace xway::cli {
namespace {

struct DeployOptions {
  std::string l1_rpc;
  std::string private_key;
  std::string out = "deployment.json";
  bool json = false;
};

/// A contract `xway deploy` puts on the L1, with its constructor arguments.
struct Deployable {
  const char* name;
  std::vector<eth::abi::Value> args;
};

/// Expressway's deployable contracts. Each family adds its L1 contracts here as it lands.
std::vector<Deployable> deployables() {
  return {{"TestToken", {eth::abi::Value("Expressway Test Token"), eth::abi::Value("XTT")}},
          {"FibonacciStarkVerifier", {}},
          {"HashChainStarkVerifier", {}},
          {"MerklePathStarkVerifier", {}}};
}

Result<crypto::PrivateKey> deployer_key(const DeployOptions& o, bool embedded) {
  std::string hex = o.private_key;
  if (hex.empty()) {
    if (const char* env = std::getenv("XWAY_PRIVATE_KEY")) hex = env;
  }
  if (hex.empty()) {
    if (embedded) return eth::well_known_dev_keys().front();
    return fail("--private-key (or XWAY_PRIVATE_KEY) is required to deploy to {}", o.l1_rpc);
  }
  auto key = crypto::PrivateKey::from_hex(hex);
  if (!key) return fail_with("--private-key", key.error());
  return *key;
}

Result<void> run_deploy(const DeployOptions& o) {
  std::unique_ptr<eth::Anvil> anvil;
  std::string url = o.l1_rpc;
  if (url.empty()) {
    auto started = eth::Anvil::start();
    if (!started) return unexpected(started.error());
    anvil = std::move(*started);
    url = anvil->url();
    spdlog::warn("no --l1-rpc: deploying to an embedded anvil at {} that stops when xway exits", url);
  }
  auto key = deployer_key(o, anvil != nullptr);
  if (!key) return unexpected(key.error());
  auto client = eth::RpcClient::connect(url);
  if (!client) return unexpected(eth::to_failure(url, client.error()));
  auto chain_id = (*client)->chain_id();
  if (!chain_id) return unexpected(eth::to_failure(url, chain_id.error()));

  eth::DeploymentFile file;
  file.chain_id = *chain_id;
  nlohmann::json gas = nlohmann::json::object();
  for (const auto& d : deployables()) {
    spdlog::info("deploying {}", d.name);
    auto deployed = eth::deploy(**client, *key, d.name, d.args);
    if (!deployed) return unexpected(eth::to_failure(fmt::format("deploying {}", d.name), deployed.error()));
    file.add(*deployed);
    gas[d.name] = deployed->receipt.gas_used;
    if (!o.json) {
      std::cout << fmt::format("{:<24} {}  (block {}, {} gas)\n", d.name, crypto::to_checksum_hex(deployed->address),
                               deployed->receipt.block_number, deployed->receipt.gas_used);
    }
  }
  if (auto w = file.write(o.out); !w) return w;
  if (o.json) {
    auto j = nlohmann::json::parse(file.to_json());
    j["rpc_url"] = url;
    j["file"] = o.out;
    j["gas_used"] = gas;
    print_json(j);
  } else {
    std::cout << fmt::format("wrote {} (chain id {})\n", o.out, file.chain_id);
  }
  return {};
}

}  // namespace

void add_deploy_command(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<DeployOptions>();
  auto* cmd = app.add_subcommand("deploy", "deploy Expressway's contracts and write their addresses to a file");
  cmd->add_option("--l1-rpc", o->l1_rpc, "an Ethereum JSON-RPC URL (default: start an embedded anvil)");
  cmd->add_option("--private-key", o->private_key,
                  "deployer key (default: $XWAY_PRIVATE_KEY, or anvil's first dev key on the embedded anvil)");
  cmd->add_option("--out", o->out, "deployment file to write")->capture_default_str();
  cmd->add_flag("--json", o->json, "print the deployment as JSON");
  d.on(cmd, [o] { return run_deploy(*o); });
}

}  // namespace xway::cli
