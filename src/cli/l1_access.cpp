#include "cli/l1_access.hpp"

#include <cstdlib>

#include "core/log.hpp"

namespace xway::cli {

Result<L1Access> open_l1(const std::string& l1_rpc) {
  L1Access a;
  a.url = l1_rpc;
  if (a.url.empty()) {
    auto started = eth::Anvil::start();
    if (!started) return unexpected(started.error());
    a.anvil = std::move(*started);
    a.url = a.anvil->url();
    spdlog::info("no --l1-rpc: using an embedded anvil at {} that stops when xway exits", a.url);
  }
  auto client = eth::RpcClient::connect(a.url);
  if (!client) return unexpected(eth::to_failure(a.url, client.error()));
  a.client = std::move(*client);
  auto chain_id = a.client->chain_id();
  if (!chain_id) return unexpected(eth::to_failure(a.url, chain_id.error()));
  a.chain_id = *chain_id;
  return a;
}

Result<std::optional<crypto::PrivateKey>> resolve_key(const std::string& hex, bool embedded) {
  std::string text = hex;
  if (text.empty()) {
    if (const char* env = std::getenv("XWAY_PRIVATE_KEY")) text = env;
  }
  if (text.empty()) {
    if (embedded) return std::optional<crypto::PrivateKey>{eth::well_known_dev_keys().front()};
    return std::optional<crypto::PrivateKey>{};
  }
  auto key = crypto::PrivateKey::from_hex(text);
  if (!key) return fail_with("--private-key", key.error());
  return std::optional<crypto::PrivateKey>{*key};
}

}  // namespace xway::cli
