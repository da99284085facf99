// `xway sidechain bridge-deploy|deposit|sign-release|withdraw-release|bridge-status`: the L1 side
// of the sidechain's two-way peg from the command line. Deposits lock funds in SidechainBridge
// (the validators mint them after K confirmations); a withdrawal's burn happens on the sidechain,
// each federation member signs the release (`sign-release`), and anyone relays the collected
// signatures to L1 (`withdraw-release`), which pays once M of N members signed.
#include <cstdlib>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/hex.hpp"
#include "core/log.hpp"
#include "eth/deploy.hpp"
#include "eth/rpc_client.hpp"
#include "sidechain/bridge_contract.hpp"
#include "sidechain/bridge_follower.hpp"
#include "sidechain/checkpoint.hpp"
#include "sidechain/checkpoint_contract.hpp"
#include "sidechain/federation.hpp"
#include "sidechain/federation_quorum.hpp"
#include "sidechain/genesis.hpp"
#include "store/rocks_db.hpp"

namespace xway::cli {
namespace {

using namespace xway::sidechain;

struct BridgeOptions {
  std::string l1_rpc;
  std::string contract;
  std::string deployment = "deployment.json";
  std::string private_key;
  std::string federation_key;
  std::string data_dir;
  std::vector<std::string> members;
  std::vector<std::string> validators;
  std::vector<std::string> signatures;
  std::uint64_t threshold = 0;
  std::uint64_t sidechain_id = 8453;
  std::uint64_t checkpoint_interval = kDefaultCheckpointInterval;
  std::uint64_t first_height = 1;
  std::string to;
  std::string recipient;
  std::string amount;
  std::string token;
  std::string burn_id;
  std::string genesis;
  bool json = false;
};

Result<crypto::PrivateKey> key_from(const std::string& flag, std::string_view name, const char* env) {
  std::string hex = flag;
  if (hex.empty() && env != nullptr) {
    if (const char* v = std::getenv(env)) hex = v;
  }
  if (hex.empty()) return fail("{} is required", name);
  auto key = crypto::PrivateKey::from_hex(hex);
  if (!key) return fail_with(name, key.error());
  return *key;
}

Result<std::unique_ptr<eth::RpcClient>> connect_l1(const BridgeOptions& o) {
  if (o.l1_rpc.empty()) return fail("--l1-rpc is required");
  auto client = eth::RpcClient::connect(o.l1_rpc);
  if (!client) return unexpected(eth::to_failure(o.l1_rpc, client.error()));
  return std::move(*client);
}

Result<Address> bridge_of(const BridgeOptions& o) {
  if (!o.contract.empty()) {
    auto a = crypto::parse_address(o.contract);
    if (!a) return fail("--contract: {}", a.error().message);
    return *a;
  }
  auto file = eth::DeploymentFile::read(o.deployment);
  if (!file) return fail("no --contract, and {}: {}", o.deployment, file.error().message);
  const auto* entry = file->find("SidechainBridge");
  if (entry == nullptr) return fail("{} has no SidechainBridge (run `xway sidechain bridge-deploy`)", o.deployment);
  return entry->address;
}

Result<std::vector<Address>> addresses_of(const std::vector<std::string>& list, std::string_view flag) {
  std::vector<Address> out;
  for (const std::string& s : list) {
    auto a = crypto::parse_address(s);
    if (!a) return fail("{} {}: {}", flag, s, a.error().message);
    out.push_back(*a);
  }
  return out;
}

Result<Burn> burn_of(const BridgeOptions& o) {
  Burn b;
  auto recipient = crypto::parse_address(o.recipient);
  if (!recipient) return fail("--recipient: {}", recipient.error().message);
  b.recipient = *recipient;
  auto amount = parse_u256(o.amount);
  if (!amount || *amount == 0) return fail("--amount: expected a positive number of wei, got \"{}\"", o.amount);
  b.amount = *amount;
  if (!o.token.empty()) {
    auto t = crypto::parse_address(o.token);
    if (!t) return fail("--token: {}", t.error().message);
    b.token = *t;
  }
  auto id = from_hex(o.burn_id);
  if (!id || id->size() != 32) return fail("--burn-id: expected 32 bytes of hex, got \"{}\"", o.burn_id);
  b.burn_id = Hash32{FixedBytes<32>::from_view(*id)};
  return b;
}

Result<void> run_bridge_deploy(const BridgeOptions& o) {
  auto client = connect_l1(o);
  if (!client) return unexpected(client.error());
  auto key = key_from(o.private_key, "--private-key", "XWAY_PRIVATE_KEY");
  if (!key) return unexpected(key.error());
  auto members = addresses_of(o.members, "--members");
  if (!members) return unexpected(members.error());
  if (members->empty()) return fail("--members: give the federation's addresses");
  if (o.threshold == 0 || o.threshold > members->size())
    return fail("--threshold {}: must be between 1 and the {} members", o.threshold, members->size());
  auto validators = addresses_of(o.validators, "--validators");
  if (!validators) return unexpected(validators.error());
  spdlog::info("deploying SidechainBridge ({} of {} federation)", o.threshold, members->size());
  auto bridge = BridgeContract::deploy(**client, *key, o.sidechain_id, *members, o.threshold);
  if (!bridge) return unexpected(bridge.error());
  auto block = (*client)->block_number();
  auto file = eth::DeploymentFile::read(o.deployment);
  eth::DeploymentFile out = file ? *file : eth::DeploymentFile{};
  out.chain_id = (*client)->chain_id().value_or(0);
  out.contracts["SidechainBridge"] = eth::DeploymentEntry{*bridge, block.value_or(0)};
  nlohmann::json j{{"bridge", crypto::to_checksum_hex(*bridge)}, {"file", o.deployment},
                   {"threshold", o.threshold}, {"members", members->size()}, {"sidechain_id", o.sidechain_id}};
  if (!validators->empty()) {
    spdlog::info("deploying SidechainCheckpoints ({} validators, every {} blocks)", validators->size(),
                 o.checkpoint_interval);
    auto cp = CheckpointContract::deploy(**client, *key, o.sidechain_id, o.checkpoint_interval, o.first_height,
                                         *validators);
    if (!cp) return unexpected(cp.error());
    out.contracts["SidechainCheckpoints"] = eth::DeploymentEntry{*cp, (*client)->block_number().value_or(0)};
    j["checkpoints"] = crypto::to_checksum_hex(*cp);
  }
  if (auto w = out.write(o.deployment); !w) return w;
  if (o.json) {
    print_json(j);
  } else {
    std::cout << fmt::format("SidechainBridge {} ({} of {}), written to {}\n", crypto::to_checksum_hex(*bridge),
                             o.threshold, members->size(), o.deployment);
    if (j.contains("checkpoints")) std::cout << fmt::format("SidechainCheckpoints {}\n", j["checkpoints"].get<std::string>());
  }
  return {};
}

// K, the L1 confirmations before the validators mint a deposit to `bridge`: the genesis's value
// (each sidechain sets its own), or none when no --genesis was given.
Result<std::optional<std::uint64_t>> confirmations_of(const BridgeOptions& o, const Address& bridge) {
  if (o.genesis.empty()) return std::optional<std::uint64_t>{};
  auto g = Genesis::read(o.genesis);
  if (!g) return fail("--genesis {}: {}", o.genesis, g.error().message);
  if (!g->bridge) return fail("--genesis {}: it has no \"bridge\" section (the sidechain has no peg)", o.genesis);
  if (g->bridge->contract != bridge)
    return fail("--genesis {}: its bridge is {}, not {} (the deposit would never be minted)", o.genesis,
                crypto::to_checksum_hex(g->bridge->contract), crypto::to_checksum_hex(bridge));
  return std::optional<std::uint64_t>{g->bridge->confirmations};
}

Result<void> run_deposit(const BridgeOptions& o) {
  auto addr = bridge_of(o);
  if (!addr) return unexpected(addr.error());
  auto k = confirmations_of(o, *addr);  // checked before anything is sent
  if (!k) return unexpected(k.error());
  auto client = connect_l1(o);
  if (!client) return unexpected(client.error());
  auto key = key_from(o.private_key, "--private-key", "XWAY_PRIVATE_KEY");
  if (!key) return unexpected(key.error());
  auto amount = parse_u256(o.amount);
  if (!amount || *amount == 0) return fail("--amount: expected a positive number of wei, got \"{}\"", o.amount);
  Address recipient = crypto::address_of(*key);
  if (!o.to.empty()) {
    auto r = crypto::parse_address(o.to);
    if (!r) return fail("--to: {}", r.error().message);
    recipient = *r;
  }
  BridgeContract bridge(**client, *addr);
  Result<DepositReceipt> d = [&]() -> Result<DepositReceipt> {
    if (o.token.empty()) return bridge.deposit(*key, recipient, *amount);
    auto t = crypto::parse_address(o.token);
    if (!t) return fail("--token: {}", t.error().message);
    return bridge.deposit_token(*key, *t, recipient, *amount);
  }();
  if (!d) return unexpected(d.error());
  if (o.json) {
    print_json({{"deposit_id", d->deposit_id}, {"recipient", crypto::to_checksum_hex(recipient)},
                {"amount", to_dec(*amount)}, {"l1_block", d->receipt.block_number},
                {"tx", to_hex(d->receipt.transaction_hash.view())}, {"gas_used", d->receipt.gas_used},
                {"confirmations_before_mint", *k ? nlohmann::json(**k) : nlohmann::json(nullptr)}});
  } else {
    const std::string after = *k ? fmt::format("{} confirmations", **k)
                                 : std::string("the confirmations its genesis sets (--genesis FILE prints them)");
    std::cout << fmt::format("deposit {} of {} wei to {} in L1 block {}; minted on the sidechain after {}\n",
                             d->deposit_id, to_dec(*amount), crypto::to_checksum_hex(recipient), d->receipt.block_number,
                             after);
  }
  return {};
}

Result<void> run_sign_release(const BridgeOptions& o) {
  if (o.data_dir.empty()) return fail("--data-dir is required (the signer's record of what it signed)");
  auto client = connect_l1(o);
  if (!client) return unexpected(client.error());
  auto addr = bridge_of(o);
  if (!addr) return unexpected(addr.error());
  auto key = key_from(o.federation_key, "--federation-key", "XWAY_FEDERATION_KEY");
  if (!key) return unexpected(key.error());
  auto burn = burn_of(o);
  if (!burn) return unexpected(burn.error());
  BridgeContract bridge(**client, *addr);
  auto domain = bridge.domain();
  if (!domain) return unexpected(domain.error());
  auto db = store::RocksDb::open(o.data_dir);
  if (!db) return fail("--data-dir {}: {}", o.data_dir, store::describe(db.error()));
  auto signer = FederationSigner::open(**db, *key, *domain);
  if (!signer) return fail_with("federation signer", signer.error());
  auto sig = signer->sign_release(*burn);
  if (!sig) return fail_with("sign-release", sig.error());
  const auto rsv = sig->to_rsv27();
  if (o.json) {
    print_json({{"signer", crypto::to_checksum_hex(signer->address())}, {"signature", to_hex(rsv.view())},
                {"digest", to_hex(release_digest(*domain, *burn).view())}});
  } else {
    std::cout << to_hex(rsv.view()) << "\n";
  }
  return {};
}

Result<void> run_withdraw_release(const BridgeOptions& o) {
  auto client = connect_l1(o);
  if (!client) return unexpected(client.error());
  auto addr = bridge_of(o);
  if (!addr) return unexpected(addr.error());
  auto key = key_from(o.private_key, "--private-key", "XWAY_PRIVATE_KEY");
  if (!key) return unexpected(key.error());
  auto burn = burn_of(o);
  if (!burn) return unexpected(burn.error());
  BridgeContract bridge(**client, *addr);
  auto domain = bridge.domain();
  if (!domain) return unexpected(domain.error());
  auto fed = bridge.federation();
  if (!fed) return unexpected(fed.error());
  auto collector = QuorumCollector::create(fed->members, fed->threshold, release_digest(*domain, *burn));
  if (!collector) return fail_with("the bridge's federation", collector.error());
  for (std::size_t i = 0; i < o.signatures.size(); ++i) {
    auto bytes = from_hex(o.signatures[i]);
    if (!bytes || bytes->size() != 65) return fail("--signature #{}: expected 65 bytes of hex", i + 1);
    auto sig = crypto::Signature::from_rsv(*bytes);
    if (!sig) return fail_with(fmt::format("--signature #{}", i + 1), sig.error());
    if (auto s = collector->add(*sig); !s) return fail_with(fmt::format("--signature #{}", i + 1), s.error());
  }
  if (!collector->complete())
    return fail("{} valid member signatures, the bridge needs {} of {}", collector->count(), fed->threshold,
                fed->members.size());
  auto released = bridge.released(burn->burn_id);
  if (!released) return unexpected(released.error());
  if (*released) return fail("--burn-id {}: already released", o.burn_id);
  spdlog::info("relaying the release of burn {} with {} signatures", o.burn_id, collector->count());
  auto r = bridge.release(*key, *burn, collector->sorted_signatures());
  if (!r) return unexpected(r.error());
  if (o.json) {
    print_json({{"tx", to_hex(r->transaction_hash.view())}, {"l1_block", r->block_number}, {"gas_used", r->gas_used},
                {"recipient", crypto::to_checksum_hex(burn->recipient)}, {"amount", to_dec(burn->amount)},
                {"signatures", collector->count()}});
  } else {
    std::cout << fmt::format("released {} wei to {} in L1 block {} ({} gas)\n", to_dec(burn->amount),
                             crypto::to_checksum_hex(burn->recipient), r->block_number, r->gas_used);
  }
  return {};
}

Result<void> run_bridge_status(const BridgeOptions& o) {
  auto client = connect_l1(o);
  if (!client) return unexpected(client.error());
  auto addr = bridge_of(o);
  if (!addr) return unexpected(addr.error());
  BridgeContract bridge(**client, *addr);
  auto fed = bridge.federation();
  if (!fed) return unexpected(fed.error());
  auto count = bridge.deposit_count();
  if (!count) return unexpected(count.error());
  auto locked = bridge.locked(Address{});
  if (!locked) return unexpected(locked.error());
  auto domain = bridge.domain();
  if (!domain) return unexpected(domain.error());
  nlohmann::json members = nlohmann::json::array();
  for (const Address& m : fed->members) members.push_back(crypto::to_checksum_hex(m));
  nlohmann::json j{{"bridge", crypto::to_checksum_hex(*addr)}, {"sidechain_id", domain->sidechain_id},
                   {"l1_chain_id", domain->l1_chain_id}, {"members", members}, {"threshold", fed->threshold},
                   {"federation_nonce", fed->nonce}, {"deposits", *count}, {"locked_wei", to_dec(*locked)}};
  if (!o.token.empty()) {
    auto t = crypto::parse_address(o.token);
    if (!t) return fail("--token: {}", t.error().message);
    auto lt = bridge.locked(*t);
    if (!lt) return unexpected(lt.error());
    j["locked_token"] = to_dec(*lt);
  }
  if (!o.burn_id.empty()) {
    auto id = from_hex(o.burn_id);
    if (!id || id->size() != 32) return fail("--burn-id: expected 32 bytes of hex, got \"{}\"", o.burn_id);
    auto rel = bridge.released(Hash32{FixedBytes<32>::from_view(*id)});
    if (!rel) return unexpected(rel.error());
    j["released"] = *rel;
  }
  if (auto file = eth::DeploymentFile::read(o.deployment); file && o.contract.empty()) {
    if (const auto* e = file->find("SidechainCheckpoints")) {
      CheckpointContract cp(**client, e->address);
      auto n = cp.count();
      auto next = cp.next_height();
      if (!n || !next) return unexpected(!n ? n.error() : next.error());
      j["checkpoints"] = {{"contract", crypto::to_checksum_hex(e->address)}, {"count", *n}, {"next_height", *next}};
      if (*n > 0) {
        auto last = cp.checkpoint(*n - 1);
        if (!last) return unexpected(last.error());
        j["checkpoints"]["latest"] = {{"from_height", last->checkpoint.from_height},
                                      {"to_height", last->checkpoint.to_height},
                                      {"root", to_hex(last->checkpoint.root.view())}};
      }
    }
  }
  if (o.json) {
    print_json(j);
  } else {
    std::cout << fmt::format("bridge {} (sidechain {}): {} of {} federation, {} deposits, {} wei locked\n",
                             crypto::to_checksum_hex(*addr), domain->sidechain_id, fed->threshold, fed->members.size(),
                             *count, to_dec(*locked));
    if (j.contains("released")) std::cout << fmt::format("burn {}: {}\n", o.burn_id, j["released"].get<bool>() ? "released" : "not released");
    if (j.contains("checkpoints"))
      std::cout << fmt::format("checkpoints: {} posted, next from height {}\n", j["checkpoints"]["count"].get<std::uint64_t>(),
                               j["checkpoints"]["next_height"].get<std::uint64_t>());
  }
  return {};
}

}  // namespace

CLI::App* sidechain_group(CLI::App& app) {
  for (CLI::App* s : app.get_subcommands([](CLI::App* a) { return a->get_name() == "sidechain"; })) return s;
  auto* sc = app.add_subcommand("sidechain", "the sidechain: validators, two-way peg and checkpoints");
  sc->require_subcommand(1);
  return sc;
}

void add_sidechain_bridge_commands(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<BridgeOptions>();
  CLI::App* sc = sidechain_group(app);
  const auto common = [&](CLI::App* c) {
    c->add_option("--l1-rpc", o->l1_rpc, "the L1's JSON-RPC URL");
    c->add_option("--contract", o->contract, "the SidechainBridge address (default: from --deployment)");
    c->add_option("--deployment", o->deployment, "deployment file")->capture_default_str();
    c->add_flag("--json", o->json, "print JSON");
  };
  const auto burn_flags = [&](CLI::App* c) {
    c->add_option("--recipient", o->recipient, "L1 address the release pays")->required();
    c->add_option("--amount", o->amount, "wei")->required();
    c->add_option("--token", o->token, "ERC-20 address (default: ether)");
    c->add_option("--burn-id", o->burn_id, "the sidechain burn's id, 32 bytes of hex")->required();
  };

  auto* dep = sc->add_subcommand("bridge-deploy", "deploy SidechainBridge (and SidechainCheckpoints) on L1");
  common(dep);
  dep->add_option("--private-key", o->private_key, "the deployer's key (default: $XWAY_PRIVATE_KEY)");
  dep->add_option("--members", o->members, "federation addresses")->delimiter(',')->required();
  dep->add_option("--threshold", o->threshold, "member signatures a release needs (M of N)")->required();
  dep->add_option("--sidechain-id", o->sidechain_id, "the sidechain's chain id")->capture_default_str();
  dep->add_option("--validators", o->validators, "checkpoint validator addresses (deploys SidechainCheckpoints)")
      ->delimiter(',');
  dep->add_option("--checkpoint-interval", o->checkpoint_interval, "sidechain blocks per checkpoint")
      ->capture_default_str();
  dep->add_option("--first-height", o->first_height, "the first height checkpoints cover")->capture_default_str();
  d.on(dep, [o] { return run_bridge_deploy(*o); });

  auto* dp = sc->add_subcommand("deposit", "lock ether (or --token) in the L1 bridge, minted on the sidechain after K confirmations");
  common(dp);
  dp->add_option("--private-key", o->private_key, "the depositor's key (default: $XWAY_PRIVATE_KEY)");
  dp->add_option("--amount", o->amount, "wei")->required();
  dp->add_option("--token", o->token, "ERC-20 address (default: ether)");
  dp->add_option("--to", o->to, "sidechain recipient (default: the depositor)");
  dp->add_option("--genesis", o->genesis, "the sidechain's genesis file: prints its K (confirmations before the mint)");
  d.on(dp, [o] { return run_deposit(*o); });

  auto* sg = sc->add_subcommand("sign-release", "federation member: sign the release of an observed sidechain burn");
  common(sg);
  sg->add_option("--federation-key", o->federation_key, "the member's key (default: $XWAY_FEDERATION_KEY)");
  sg->add_option("--data-dir", o->data_dir, "RocksDB directory of the signer's record")->required();
  burn_flags(sg);
  d.on(sg, [o] { return run_sign_release(*o); });

  auto* wr = sc->add_subcommand("withdraw-release", "relay a release with the collected federation signatures to L1");
  common(wr);
  wr->add_option("--private-key", o->private_key, "the relayer's key, pays the gas (default: $XWAY_PRIVATE_KEY)");
  burn_flags(wr);
  wr->add_option("--signature", o->signatures, "a member's 65-byte signature in hex (repeat, any order)")->required();
  d.on(wr, [o] { return run_withdraw_release(*o); });

  auto* st = sc->add_subcommand("bridge-status", "the bridge's federation, deposits, locked funds and checkpoints");
  common(st);
  st->add_option("--burn-id", o->burn_id, "also say whether this burn was released");
  st->add_option("--token", o->token, "also show what is locked of this ERC-20");
  d.on(st, [o] { return run_bridge_status(*o); });
}

}  // namespace xway::cli
