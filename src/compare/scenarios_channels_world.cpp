#include "compare/scenarios_channels_world.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "bindings/TestToken.hpp"
#include "compare/xway_process.hpp"
#include "core/hex.hpp"
#include "eth/anvil.hpp"
#include "eth/deploy.hpp"

namespace xway::compare::channels_world {

using namespace xway::channels;

void check(ScenarioReport& r, std::string what, bool ok, std::string expected, std::string observed) {
  r.checks.push_back(Check{std::move(what), ok, std::move(expected), std::move(observed)});
}

Result<Json> spawn(std::unique_ptr<store::ChildProcess>& child, std::vector<std::string> args, const std::string& who) {
  args.insert(args.begin(), {"--log-level", "warn"});
  auto p = start_xway(who, args, std::chrono::seconds(60));
  if (!p) return unexpected(p.error());
  child = std::move(p->child);
  return std::move(p->ready);
}

Result<Json> Node::call(std::string_view method, Json params) {
  if (!api) return fail("{} is not running", name);
  auto r = api->call(method, std::move(params));
  if (!r) {
    return fail("{} {}: {}", name, method,
                r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  }
  return *r;
}

Result<Json> Node::channel(const Address& partner) {
  auto list = call("channels_list");
  if (!list) return unexpected(list.error());
  const std::string want = crypto::to_checksum_hex(partner);
  Json found = nullptr;
  for (const auto& c : *list) {
    if (c["partner"] == want) found = c;
  }
  return found;
}

Result<std::unique_ptr<World>> World::create(const std::string& url, const std::string& tag) {
  auto w = std::unique_ptr<World>(new World());
  auto c = eth::RpcClient::connect(url);
  if (!c) return unexpected(eth::to_failure(url, c.error()));
  w->url_ = url;
  w->dev_ = std::move(*c);
  w->deployer_ = eth::well_known_dev_keys().front();
  const std::vector<eth::abi::Value> args{std::string("Scenario Token"), std::string("SCN")};
  auto token = eth::deploy(*w->dev_, w->deployer_, bindings::TestToken::artifact(), args);
  if (!token) return unexpected(eth::to_failure("deploying TestToken", token.error()));
  auto contracts = deploy_channel_contracts(*w->dev_, w->deployer_, token->address);
  if (!contracts) return unexpected(eth::to_failure("deploying the channel contracts", contracts.error()));
  w->contracts_ = *contracts;
  auto tn = TokenNetworkClient::connect(*w->dev_, w->contracts_);
  if (!tn) return unexpected(eth::to_failure("token network", tn.error()));
  w->tn_ = std::make_unique<TokenNetworkClient>(std::move(*tn));
  w->root_ = std::filesystem::temp_directory_path() /
             fmt::format("xway-{}-{}-{}", tag, ::getpid(), Clock::now().time_since_epoch().count());
  std::filesystem::create_directories(w->root_);
  return w;
}

World::~World() {
  nodes_.clear();
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

Result<Node*> World::node(const std::string& name, std::vector<std::string> extra_args) {
  auto n = std::make_unique<Node>();
  n->name = name;
  n->dir = root_ / name;
  n->extra_args = std::move(extra_args);
  if (auto r = dev_->set_balance(n->address(), 100 * kUnit); !r) return unexpected(eth::to_failure("anvil_setBalance", r.error()));
  eth::TxRequest mint;
  mint.to = *contracts_.token;
  mint.data = bindings::TestToken::encode_mint(n->address(), kMinted).value();
  mint.label = "scenario.mint";
  if (auto r = dev_->send_transaction(deployer_, mint); !r) return unexpected(eth::to_failure("minting", r.error()));
  nodes_.push_back(std::move(n));
  XWAY_TRY(start(*nodes_.back()));
  return nodes_.back().get();
}

Result<std::pair<Node*, Node*>> World::alice_and_bob(std::vector<std::string> alice_args) {
  auto alice = node("alice", std::move(alice_args));
  if (!alice) return unexpected(alice.error());
  auto bob = node("bob");
  if (!bob) return unexpected(bob.error());
  return std::pair{*alice, *bob};
}

Result<void> World::start(Node& n) {
  std::vector<std::string> args{"channels", "node", "--data-dir", n.dir.string(), "--l1-rpc", url_,
                                "--token-network", crypto::to_checksum_hex(contracts_.token_network),
                                "--secret-registry", crypto::to_checksum_hex(contracts_.secret_registry),
                                "--token", crypto::to_checksum_hex(*contracts_.token),
                                "--private-key", to_hex(n.key.secret().view()), "--listen", "127.0.0.1:0",
                                "--rpc", "127.0.0.1:0", "--poll-ms", "100", "--json"};
  args.insert(args.end(), n.extra_args.begin(), n.extra_args.end());
  auto ready = spawn(n.child, std::move(args), "node " + n.name);
  if (!ready) return unexpected(ready.error());
  auto port = port_of(ready->value("rpc", ""));
  if (!port) return fail("node {}: {}", n.name, port.error().message);
  n.rpc_port = *port;
  n.api = std::make_unique<net::RpcClient>("127.0.0.1", n.rpc_port, std::chrono::minutes(5));
  n.peer = ready->value("peer", "");
  return {};
}

int World::kill(Node& n) {
  n.api.reset();
  const int status = n.child ? n.child->kill() : 0;
  n.child.reset();
  return status;
}

Result<std::uint64_t> World::open(Node& a, Node& b, const U256& amount, const U256& b_amount) {
  auto r = a.call("channels_open", {{"peer", b.peer}, {"amount", to_dec(amount)}});
  if (!r) return unexpected(r.error());
  const std::uint64_t id = (*r)["channel_id"].get<std::uint64_t>();
  XWAY_TRY(wait_for(b.name + " to see the channel", [&]() -> Result<bool> {
    auto c = b.channel(a.address());
    if (!c) return unexpected(c.error());
    return !c->is_null() && c->at("partner_deposit") == to_dec(amount);
  }));
  if (b_amount > 0) {
    XWAY_TRY(b.call("channels_deposit", {{"partner", a.hex()}, {"amount", to_dec(b_amount)}}));
    XWAY_TRY(wait_for(a.name + " to see the deposit", [&]() -> Result<bool> {
      auto c = a.channel(b.address());
      if (!c) return unexpected(c.error());
      return c->at("partner_deposit") == to_dec(b_amount);
    }));
  }
  return id;
}

Result<void> World::delivered(Node& a, Node& b) {
  return wait_for(b.name + " to hold every proof of " + a.name, [&]() -> Result<bool> {
    auto ca = a.channel(b.address());
    auto cb = b.channel(a.address());
    if (!ca) return unexpected(ca.error());
    if (!cb) return unexpected(cb.error());
    return ca->at("our_nonce") == cb->at("partner_nonce");
  });
}

Result<std::string> World::close(Node& a, Node& b, bool force) {
  auto r = a.call("channels_close", {{"partner", b.hex()}, {"force", force}, {"wait_ms", 5000}});
  if (!r) return unexpected(r.error());
  return (*r)["close"].get<std::string>();
}

Result<void> World::pay_until_locked(Node& payer, const std::string& invoice, std::chrono::milliseconds timeout,
                                     Node& holder, const Node& partner, const std::string& locks_field) {
  auto client = std::make_unique<net::RpcClient>("127.0.0.1", payer.rpc_port, std::chrono::minutes(5));
  std::thread pay([&] {
    (void)client->call("channels_payInvoice", Json{{"invoice", invoice}, {"timeout_ms", timeout.count()}});
  });
  auto locked = wait_for(holder.name + " to hold the lock", [&]() -> Result<bool> {
    auto c = holder.channel(partner.address());
    if (!c) return unexpected(c.error());
    return !c->is_null() && c->at(locks_field).get<std::uint64_t>() == 1;
  });
  pay.join();
  return locked;
}

Result<void> World::status_is(Node& n, const Node& partner, const std::string& status) {
  return wait_for(fmt::format("{}'s channel with {} to be {}", n.name, partner.name, status), [&]() -> Result<bool> {
    auto c = n.channel(partner.address());
    if (!c) return unexpected(c.error());
    return !c->is_null() && c->at("status") == status;
  });
}

Result<void> World::settled(Node& n, const Node& partner) {
  return wait_for(fmt::format("{}'s channel with {} to settle", n.name, partner.name), [&]() -> Result<bool> {
    auto c = n.channel(partner.address());
    if (!c) return unexpected(c.error());
    if (!c->is_null() && c->at("status") == "settled") return true;
    (void)n.call("channels_settle", {{"partner", partner.hex()}});
    return false;
  });
}

Result<void> World::advance(std::chrono::seconds by) {
  if (auto r = dev_->increase_time(by); !r) return unexpected(eth::to_failure("evm_increaseTime", r.error()));
  if (auto r = dev_->mine(1); !r) return unexpected(eth::to_failure("evm_mine", r.error()));
  return {};
}

Result<U256> World::balance(const Address& a) {
  auto b = tn_->balance_of(a);
  if (!b) return unexpected(eth::to_failure("balanceOf", b.error()));
  return *b;
}

Result<void> World::check_balance(ScenarioReport& r, Node& n, const U256& gained, const U256& paid) {
  auto b = balance(n.address());
  if (!b) return unexpected(b.error());
  const U256 want = kMinted + gained - paid;
  check(r, n.name + "'s token balance on L1 equals its channels' final state", *b == want, to_dec(want), to_dec(*b));
  if (*b < want) r.funds_lost_wei += want - *b;
  return {};
}

void World::add_gas(ScenarioReport& r) {
  for (auto& n : nodes_) {
    if (!n->api) continue;
    if (auto info = n->call("channels_info")) r.l1_gas += (*info)["l1_gas"].get<std::uint64_t>();
  }
  r.l1_gas += dev_->gas_meter().totals_with_prefix("").gas_used;
}

Result<void> World::finish(ScenarioReport& r, Clock::time_point t0) {
  auto held = balance(contracts_.token_network);
  if (!held) return unexpected(held.error());
  check(r, "the token network holds no tokens once every channel is settled", *held == 0, "0", to_dec(*held));
  U256 total = 0;
  for (auto& n : nodes_) {
    auto b = balance(n->address());
    if (!b) return unexpected(b.error());
    total += *b;
  }
  const U256 minted = kMinted * U256(nodes_.size());
  check(r, "the nodes' token balances add up to what was minted to them", total == minted, to_dec(minted), to_dec(total));
  finish_partial(r, t0);
  r.funds_conserved = r.funds_conserved && total == minted;
  return {};
}

void World::finish_partial(ScenarioReport& r, Clock::time_point t0) {
  add_gas(r);
  r.funds_conserved = r.funds_lost_wei == 0;
  r.passed = true;
  for (const auto& c : r.checks) r.passed = r.passed && c.ok;
  r.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
}

Result<std::vector<Node*>> line(World& world, std::size_t count, const U256& deposit) {
  std::vector<Node*> nodes;
  for (std::size_t i = 0; i < count; ++i) {
    auto n = world.node(std::string(1, static_cast<char>('a' + i)) + "-node");
    if (!n) return unexpected(n.error());
    nodes.push_back(*n);
  }
  for (std::size_t i = 0; i + 1 < count; ++i) {
    auto id = world.open(*nodes[i], *nodes[i + 1], deposit);
    if (!id) return unexpected(id.error());
  }
  // Every node sees every channel from L1 within a poll or two before routing over them.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  return nodes;
}

}  // namespace xway::compare::channels_world
