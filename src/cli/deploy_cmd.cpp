#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/l1_access.hpp"
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

Result<void> run_deploy(const DeployOptions& o) {
  auto l1 = open_l1(o.l1_rpc);
  if (!l1) return unexpected(l1.error());
  auto key = resolve_key(o.private_key, l1->embedded());
  if (!key) return unexpected(key.error());
  if (!*key) return fail("--private-key (or XWAY_PRIVATE_KEY) is required to deploy to {}", l1->url);
  eth::DeploymentFile file;
  file.chain_id = l1->chain_id;
  nlohmann::json gas = nlohmann::json::object();
  for (const auto& d : deployables()) {
    spdlog::info("deploying {}", d.name);
    auto deployed = eth::deploy(*l1->client, **key, d.name, d.args);
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
    j["rpc_url"] = l1->url;
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
