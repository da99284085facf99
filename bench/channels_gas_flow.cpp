// L1 gas of every payment-channel operation, from receipts on a real anvil: the channel
// contracts (contracts/channels/) driven by the C++ channel machine, as the e2e tests do, for an
// ether and an ERC-20 token network, and unlock with 1, 16 and 128 pending locks.
// Prints one Markdown table row per operation. Usage: channels_gas_flow. Starts its own anvil
// unless XWAY_L1_RPC is set.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "bindings/TestToken.hpp"
#include "channels/channel_machine.hpp"
#include "channels/token_network.hpp"
#include "eth/anvil.hpp"
#include "eth/deploy.hpp"
#include "eth/rpc_client.hpp"

namespace {

using namespace xway;
using namespace xway::channels;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);

template <class T>
  requires(!std::is_void_v<T>)
T must(eth::RpcResult<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + eth::describe(r.error()));
  return std::move(*r);
}

void must(eth::RpcResult<void> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + eth::describe(r.error()));
}

std::vector<ChannelAction> apply(ChannelState& s, const ChannelEvent& e, const crypto::PrivateKey& key) {
  auto t = step(s, e, key);
  if (!t) throw std::runtime_error(std::string("channel machine: ") + std::string(describe(t.error())));
  s = t->state;
  return t->actions;
}

template <class A>
A first(const std::vector<ChannelAction>& actions) {
  for (const auto& a : actions) {
    if (std::holds_alternative<A>(a)) return std::get<A>(a);
  }
  throw std::runtime_error("expected action missing");
}

class GasFlow {
 public:
  GasFlow(eth::DevClient& client, std::vector<crypto::PrivateKey> keys) : client_(client), keys_(std::move(keys)) {}

  void record(const std::string& what, const eth::Receipt& r) { rows_[what] = r.gas_used; }

  /// Open, deposit, pay both ways, close, update, settle; then cooperative settle and withdraw.
  void run_lifecycle(const std::string& prefix, std::optional<Address> token) {
    auto net = must(TokenNetworkClient::connect(client_, must(deploy_channel_contracts(client_, keys_[0], token), "deploy")),
                    "connect");
    {
      auto [a, b, id] = open(net, prefix);
      pay(a, alice(), b, bob(), kEther / 10);
      pay(b, bob(), a, alice(), kEther / 20);
      pay(a, alice(), b, bob(), kEther / 10);
      const auto close = first<CloseOnChain>(apply(a, CloseRequested{}, alice()));
      record(prefix + "close (with the partner's proof)", must(net.close_channel(alice(), id, address(2), close.partner_proof), "close"));
      const auto info = must(net.channel(id), "channel");
      const auto update = first<UpdateOnChain>(apply(b, ClosedSeen{address(1), info.settle_at}, bob()));
      record(prefix + "update (partner)", must(net.update_non_closing(bob(), update.partner_proof), "update"));
      pass_settle_timeout();
      record(prefix + "settle", must(net.settle_channel(keys_[0], id), "settle"));
    }
    {
      auto [a, b, id] = open(net, prefix);
      pay(a, alice(), b, bob(), kEther / 10);
      const auto proposal = first<SendCooperativeSettleMessage>(apply(a, RequestCooperativeSettle{}, alice()));
      const auto reply = first<SendCooperativeSettleMessage>(
          apply(b, ReceiveCooperativeSettle{proposal.settlement, proposal.signature}, bob()));
      const auto go = first<CooperativeSettleOnChain>(
          apply(a, ReceiveCooperativeSettle{reply.settlement, reply.signature}, alice()));
      record(prefix + "cooperative settle",
             must(net.cooperative_settle(keys_[0], go.settlement, go.participant1_signature, go.participant2_signature),
                  "cooperative settle"));
    }
    {
      auto [a, b, id] = open(net, prefix);
      const std::uint64_t now = chain_time();
      const auto req = first<SendWithdrawMessage>(apply(a, RequestWithdraw{kEther / 4, now + 3600}, alice()));
      const auto ok = first<SendWithdrawMessage>(apply(b, ReceiveWithdrawRequest{req.request, req.signature}, bob()));
      const auto go = first<WithdrawOnChain>(apply(a, ReceiveWithdrawConfirmation{ok.request, ok.signature}, alice()));
      record(prefix + "withdraw", must(net.set_total_withdraw(keys_[0], go.request, go.our_signature, go.partner_signature), "withdraw"));
    }
  }

  /// A watchtower's delegated update, and unlocks of `n` locks whose secrets were registered.
  void run_disputes() {
    auto net = must(TokenNetworkClient::connect(client_, must(deploy_channel_contracts(client_, keys_[0], std::nullopt), "deploy")),
                    "connect");
    {
      auto [a, b, id] = open(net, "ETH: ");
      const auto latest = pay(a, alice(), b, bob(), kEther / 10);
      record("ETH: close (empty proof)", must(net.close_channel(alice(), id, address(2), std::nullopt), "close"));
      const Address tower = crypto::address_of(keys_[3]);
      const auto delegation = crypto::sign(bob(), update_delegation_digest(UpdateDelegation::for_proof(latest.proof, tower)));
      record("ETH: update (watchtower, delegated)",
             must(net.update_non_closing_delegated(keys_[3], address(2), latest, delegation), "delegated update"));
      pass_settle_timeout();
      must(net.settle_channel(keys_[0], id), "settle");
    }
    for (const std::size_t n : {std::size_t{1}, std::size_t{16}, kMaxPendingLocks}) {
      auto [a, b, id] = open(net, "ETH: ");
      const std::uint64_t now = chain_time();
      std::vector<Secret> secrets;
      for (std::size_t i = 0; i < n; ++i) {
        Secret s;
        s[0] = 1;
        s[30] = static_cast<std::uint8_t>(i >> 8);
        s[31] = static_cast<std::uint8_t>(i);
        secrets.push_back(s);
        const Lock lock{now + 24 * 3600, kEther / 1000, secrethash_of(s)};
        const auto msg = first<SendLockedTransferMessage>(apply(a, SendLock{lock, now}, alice()));
        apply(b, ReceiveLock{msg.proof, msg.lock, now}, bob());
      }
      const auto close = first<CloseOnChain>(apply(b, CloseRequested{}, bob()));
      const auto closed = must(net.close_channel(bob(), id, address(1), close.partner_proof), "close");
      if (n == 1) record("ETH: close (proof with locks)", closed);
      for (const Secret& s : secrets) {
        const auto r = must(net.register_secret(bob(), s), "register secret");
        if (n == 1) record("ETH: register secret", r);
      }
      pass_settle_timeout();
      const auto settled = must(net.settle_channel(keys_[0], id), "settle");
      if (n == 1) record("ETH: settle (with pending locks)", settled);
      apply(b, ClosedSeen{address(2), 0}, bob());
      const auto unlock = first<UnlockOnChain>(apply(b, SettledSeen{}, bob()));
      record("ETH: unlock, " + std::to_string(n) + " lock" + (n == 1 ? "" : "s"),
             must(net.unlock(keys_[0], id, unlock.receiver, unlock.sender, unlock.locks), "unlock"));
    }
  }

  void print() const {
    std::printf("| operation | gas |\n|---|---:|\n");
    for (const auto& [what, gas] : rows_) std::printf("| %s | %llu |\n", what.c_str(), static_cast<unsigned long long>(gas));
  }

 private:
  struct Opened {
    ChannelState a;
    ChannelState b;
    std::uint64_t id;
  };

  const crypto::PrivateKey& alice() const { return keys_[1]; }
  const crypto::PrivateKey& bob() const { return keys_[2]; }
  Address address(std::size_t i) const { return crypto::address_of(keys_[i]); }

  Opened open(TokenNetworkClient& net, const std::string& prefix) {
    const auto opened = must(net.open_channel(alice(), address(2), kDefaultSettleTimeout), "open");
    record(prefix + "open", opened.receipt);
    Opened o{ChannelState::opened(opened.identity, kDefaultSettleTimeout, address(1), address(2)),
             ChannelState::opened(opened.identity, kDefaultSettleTimeout, address(2), address(1)),
             opened.identity.channel_id};
    record(prefix + "deposit (first)", must(net.set_total_deposit(alice(), o.id, address(1), kEther), "deposit"));
    must(net.set_total_deposit(bob(), o.id, address(2), kEther), "deposit");
    for (ChannelState* s : {&o.a, &o.b}) {
      apply(*s, DepositSeen{address(1), kEther}, alice());
      apply(*s, DepositSeen{address(2), kEther}, alice());
    }
    return o;
  }

  static SignedBalanceProof pay(ChannelState& from, const crypto::PrivateKey& fk, ChannelState& to,
                                const crypto::PrivateKey& tk, const U256& amount) {
    const auto msg = first<SendDirectTransferMessage>(apply(from, SendTransfer{amount}, fk));
    apply(to, ReceiveTransfer{msg.proof}, tk);
    return msg.proof;
  }

  std::uint64_t chain_time() {
    const auto block = must(client_.block(eth::BlockRef::latest()), "block");
    if (!block) throw std::runtime_error("no latest block");
    return block->timestamp;
  }

  void pass_settle_timeout() {
    must(client_.increase_time(std::chrono::seconds(kDefaultSettleTimeout + 1)), "increase time");
    must(client_.mine(1), "mine");
  }

  eth::DevClient& client_;
  std::vector<crypto::PrivateKey> keys_;
  std::map<std::string, std::uint64_t> rows_;
};

int run() {
  std::unique_ptr<eth::Anvil> anvil;
  std::string url;
  std::vector<crypto::PrivateKey> keys;
  if (const char* env = std::getenv("XWAY_L1_RPC"); env != nullptr && *env != '\0') {
    url = env;
    keys = eth::well_known_dev_keys();
  } else {
    auto started = eth::Anvil::start();
    if (!started) {
      std::fprintf(stderr, "channels_gas_flow: %s\n", started.error().message.c_str());
      return 1;
    }
    anvil = std::move(*started);
    url = anvil->url();
    for (const auto& a : anvil->accounts()) keys.push_back(a.key);
  }
  auto client = must(eth::RpcClient::connect(url), "connect");
  GasFlow flow(*client, keys);
  flow.run_lifecycle("ETH: ", std::nullopt);

  const std::vector<eth::abi::Value> args{std::string("Test Token"), std::string("TT")};
  const auto token = must(eth::deploy(*client, keys[0], bindings::TestToken::artifact(), args), "deploy token");
  for (std::size_t i : {1, 2}) {
    eth::TxRequest mint;
    mint.to = token.address;
    mint.data = bindings::TestToken::encode_mint(crypto::address_of(keys[i]), 100 * kEther).value();
    must(client->send_transaction(keys[0], mint), "mint");
  }
  flow.run_lifecycle("ERC-20: ", token.address);
  flow.run_disputes();
  flow.print();
  return 0;
}

}  // namespace

int main() {
  try {
    return run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "channels_gas_flow: %s\n", e.what());
    return 1;
  }
}
