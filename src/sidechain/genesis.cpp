#include "sidechain/genesis.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "crypto/secp256k1.hpp"

namespace xway::sidechain {

ConsensusConfig Genesis::consensus() const {
  ConsensusConfig c;
  c.chain_id = chain_id;
  for (const auto& v : validators) c.validators.push_back(Validator{v.address, v.power});
  c.timeout_commit_ms = block_time_ms;
  return c;
}

Result<Genesis> Genesis::parse(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail("genesis: not a JSON object");
  Genesis g;
  try {
    g.chain_id = j.at("chain_id").get<std::uint64_t>();
    g.block_time_ms = j.value("block_time_ms", std::uint64_t{1000});
    std::set<Address> seen;
    for (const auto& v : j.at("validators")) {
      GenesisValidator gv;
      auto a = crypto::parse_address(v.at("address").get<std::string>());
      if (!a) return fail("genesis validator: {}", a.error().message);
      gv.address = *a;
      gv.power = v.value("power", std::uint64_t{1});
      gv.p2p = v.value("p2p", std::string{});
      gv.rpc = v.value("rpc", std::string{});
      if (gv.power == 0) return fail("genesis validator {}: power 0", crypto::to_checksum_hex(gv.address));
      if (!seen.insert(gv.address).second) return fail("genesis: validator {} listed twice", crypto::to_checksum_hex(gv.address));
      g.validators.push_back(gv);
    }
    if (g.validators.empty()) return fail("genesis: no validators");
    if (j.contains("fee_recipient")) {
      auto a = crypto::parse_address(j.at("fee_recipient").get<std::string>());
      if (!a) return fail("genesis fee_recipient: {}", a.error().message);
      g.fee_recipient = *a;
    } else {
      g.fee_recipient = g.validators.front().address;
    }
    for (const auto& e : j.value("alloc", nlohmann::json::array())) {
      auto a = crypto::parse_address(e.at("address").get<std::string>());
      if (!a) return fail("genesis alloc: {}", a.error().message);
      auto b = parse_u256(e.at("balance").get<std::string>());
      if (!b) return fail("genesis alloc {}: balance is not a decimal number of wei", crypto::to_checksum_hex(*a));
      g.alloc.push_back(GenesisAlloc{*a, *b});
    }
    if (j.contains("bridge")) {
      const auto& b = j.at("bridge");
      GenesisBridge gb;
      auto c = crypto::parse_address(b.at("contract").get<std::string>());
      if (!c) return fail("genesis bridge contract: {}", c.error().message);
      gb.contract = *c;
      if (b.contains("checkpoints")) {
        auto cp = crypto::parse_address(b.at("checkpoints").get<std::string>());
        if (!cp) return fail("genesis bridge checkpoints: {}", cp.error().message);
        gb.checkpoints = *cp;
      }
      gb.start_block = b.value("start_block", std::uint64_t{0});
      gb.confirmations = b.value("confirmations", std::uint64_t{12});
      if (gb.confirmations == 0) return fail("genesis bridge: confirmations must be at least 1");
      g.bridge = gb;
    }
  } catch (const nlohmann::json::exception& e) {
    return fail("genesis: {}", e.what());
  }
  return g;
}

Result<Genesis> Genesis::read(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail("{}: cannot open the genesis file", path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto g = parse(ss.str());
  if (!g) return fail("{}: {}", path, g.error().message);
  return g;
}

std::string Genesis::to_json() const {
  nlohmann::json j;
  j["chain_id"] = chain_id;
  j["block_time_ms"] = block_time_ms;
  j["fee_recipient"] = crypto::to_checksum_hex(fee_recipient);
  j["validators"] = nlohmann::json::array();
  for (const auto& v : validators)
    j["validators"].push_back({{"address", crypto::to_checksum_hex(v.address)}, {"power", v.power}, {"p2p", v.p2p}, {"rpc", v.rpc}});
  j["alloc"] = nlohmann::json::array();
  for (const auto& a : alloc)
    j["alloc"].push_back({{"address", crypto::to_checksum_hex(a.address)}, {"balance", a.balance.str()}});
  if (bridge) {
    j["bridge"] = {{"contract", crypto::to_checksum_hex(bridge->contract)}, {"start_block", bridge->start_block},
                   {"confirmations", bridge->confirmations}};
    if (bridge->checkpoints) j["bridge"]["checkpoints"] = crypto::to_checksum_hex(*bridge->checkpoints);
  }
  return j.dump(2) + "\n";
}

Result<void> Genesis::write(const std::string& path) const {
  std::ofstream out(path);
  if (!out) return fail("{}: cannot write the genesis file", path);
  out << to_json();
  if (!out) return fail("{}: write failed", path);
  return {};
}

}  // namespace xway::sidechain
