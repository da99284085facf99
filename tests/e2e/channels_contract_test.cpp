// The channel contracts (contracts/channels/) on a real anvil, driven by the C++ channel machine:
// every balance proof, lock, withdrawal, cooperative settle and watchtower delegation is signed
// by src/channels and checked by TokenNetwork.sol with ecrecover. Balances are read back from
// L1; the settle timeout is the production 7 days, crossed with evm_increaseTime. Each test
// prints the gas its transactions used (from receipts) as "gas <operation>: N".
#include <cstdio>

#include <gtest/gtest.h>

#include "bindings/TestToken.hpp"
#include "bindings/TokenNetwork.hpp"
#include "channels/channel_machine.hpp"
#include "channels/token_network.hpp"
#include "eth/deploy.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::channels;
namespace tn = bindings::TokenNetwork;

const U256 kMilli = kEther / 1000;

Secret secret_of(std::uint8_t tag) {
  Secret s;
  s[0] = 0xc0;
  s[31] = tag;
  return s;
}

template <class Error>
bool reverted_with(const eth::RpcResult<eth::Receipt>& r) {
  return !r && r.error().kind == eth::RpcErrorKind::kReverted && Error::decode(r.error().data).has_value();
}

template <class A>
A only(const std::vector<ChannelAction>& actions) {
  EXPECT_EQ(actions.size(), 1U);
  if (actions.size() != 1 || !std::holds_alternative<A>(actions[0])) throw std::runtime_error("unexpected actions");
  return std::get<A>(actions[0]);
}

/// Both participants' machines for one channel on L1.
struct Channel {
  ChannelState alice;
  ChannelState bob;
  std::uint64_t id = 0;
};

class ChannelsL1 : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    ASSERT_NO_FATAL_FAILURE(prepare_token());
    auto contracts = deploy_channel_contracts(client(), deployer(), token_);
    ASSERT_TRUE(contracts) << eth::describe(contracts.error());
    auto net = TokenNetworkClient::connect(client(), *contracts);
    ASSERT_TRUE(net);
    net_.emplace(std::move(*net));
  }

  const crypto::PrivateKey& deployer() const { return key(0); }
  const crypto::PrivateKey& alice_key() const { return key(1); }
  const crypto::PrivateKey& bob_key() const { return key(2); }
  const crypto::PrivateKey& tower_key() const { return key(3); }
  Address alice() const { return address(1); }
  Address bob() const { return address(2); }
  TokenNetworkClient& net() { return *net_; }

  static eth::Receipt gas(const char* operation, eth::RpcResult<eth::Receipt> r) {
    if (!r) throw std::runtime_error(std::string(operation) + ": " + eth::describe(r.error()));
    std::printf("  gas %s: %llu\n", operation, static_cast<unsigned long long>(r->gas_used));
    return *r;
  }

  /// Alice opens a channel to Bob and both deposit `each`; both machines see the deposits.
  Channel open_funded(const U256& each) {
    auto opened = net().open_channel(alice_key(), bob(), kDefaultSettleTimeout);
    if (!opened) throw std::runtime_error(eth::describe(opened.error()));
    std::printf("  gas open: %llu\n", static_cast<unsigned long long>(opened->receipt.gas_used));
    Channel c{ChannelState::opened(opened->identity, kDefaultSettleTimeout, alice(), bob()),
              ChannelState::opened(opened->identity, kDefaultSettleTimeout, bob(), alice()), opened->identity.channel_id};
    gas("deposit", net().set_total_deposit(alice_key(), c.id, alice(), each));
    gas("deposit", net().set_total_deposit(bob_key(), c.id, bob(), each));
    for (ChannelState* s : {&c.alice, &c.bob}) {
      apply(*s, DepositSeen{alice(), each}, alice_key());
      apply(*s, DepositSeen{bob(), each}, alice_key());
    }
    return c;
  }

  static std::vector<ChannelAction> apply(ChannelState& s, const ChannelEvent& e, const crypto::PrivateKey& key) {
    auto t = step(s, e, key);
    if (!t) throw std::runtime_error(std::string("channel machine: ") + std::string(describe(t.error())));
    s = t->state;
    return t->actions;
  }

  /// `from` pays `to` directly; returns the proof `to` accepted.
  static SignedBalanceProof pay(ChannelState& from, const crypto::PrivateKey& from_key, ChannelState& to,
                                const crypto::PrivateKey& to_key, const U256& amount) {
    const auto msg = only<SendDirectTransferMessage>(apply(from, SendTransfer{amount}, from_key));
    apply(to, ReceiveTransfer{msg.proof}, to_key);
    return msg.proof;
  }

  U256 balance(const Address& a) {
    auto b = net().balance_of(a);
    if (!b) throw std::runtime_error(eth::describe(b.error()));
    return *b;
  }

  /// Moves past the settle timeout of a channel closed now.
  void past_settle_timeout() { advance_time(std::chrono::seconds(kDefaultSettleTimeout + 1)); }

  /// Sets `token_` before the contracts are deployed; ether by default.
  virtual void prepare_token() {}

  std::optional<Address> token_;

 private:
  std::optional<TokenNetworkClient> net_;
};

// ---- open and deposit ----------------------------------------------------------------------

TEST_F(ChannelsL1, OpenAndDepositsAreRecordedOnL1) {
  const Channel c = open_funded(kEther);
  auto ch = net().channel(c.id);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->state, 1);
  EXPECT_EQ(ch->settle_timeout, kDefaultSettleTimeout);
  EXPECT_EQ(net().participant(c.id, alice())->deposit, kEther);
  EXPECT_EQ(net().participant(c.id, bob())->deposit, kEther);
  EXPECT_EQ(*client().balance(net().contracts().token_network, eth::BlockRef::latest()), 2 * kEther);
}

TEST_F(ChannelsL1, SettleTimeoutOutsideTheBoundsIsRejected) {
  auto data = tn::encode_openChannel(bob(), U256(kSettleTimeoutMin - 1)).value();
  eth::TxRequest tx;
  tx.to = net().contracts().token_network;
  tx.data = data;
  EXPECT_TRUE(reverted_with<tn::errors::SettleTimeoutOutOfBounds>(client().send_transaction(alice_key(), tx)));
}

TEST_F(ChannelsL1, SecondChannelForTheSamePairIsRejected) {
  open_funded(kEther);
  auto again = tn::encode_openChannel(alice(), U256(kDefaultSettleTimeout)).value();
  eth::TxRequest tx;
  tx.to = net().contracts().token_network;
  tx.data = again;
  EXPECT_TRUE(reverted_with<tn::errors::ChannelExists>(client().send_transaction(bob_key(), tx)));
}

// ---- close, update, settle ------------------------------------------------------------------

TEST_F(ChannelsL1, StaleCloseIsCorrectedByTheUpdateAndSettlesToTheLatestState) {
  Channel c = open_funded(kEther);
  pay(c.alice, alice_key(), c.bob, bob_key(), 100 * kMilli);
  const auto older = pay(c.alice, alice_key(), c.bob, bob_key(), 200 * kMilli);
  pay(c.bob, bob_key(), c.alice, alice_key(), 100 * kMilli);
  const auto latest = pay(c.alice, alice_key(), c.bob, bob_key(), 300 * kMilli);

  // Alice closes with Bob's proof: on L1 her own 600 milli of payments do not exist yet.
  const auto close = only<CloseOnChain>(apply(c.alice, CloseRequested{}, alice_key()));
  gas("close", net().close_channel(alice_key(), c.id, bob(), close.partner_proof));
  const auto closed = net().channel(c.id);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->state, 2);

  // Bob's machine answers with Alice's latest proof; an older one first is fine, a replay is not.
  const auto update = only<UpdateOnChain>(apply(c.bob, ClosedSeen{alice(), closed->settle_at}, bob_key()));
  EXPECT_EQ(update.partner_proof, latest);
  gas("update", net().update_non_closing(bob_key(), older));
  gas("update", net().update_non_closing(bob_key(), update.partner_proof));
  EXPECT_TRUE(reverted_with<tn::errors::StaleNonce>(net().update_non_closing(bob_key(), older)));
  EXPECT_EQ(net().participant(c.id, alice())->nonce, latest.proof.nonce);

  EXPECT_TRUE(reverted_with<tn::errors::SettleWindowOpen>(net().settle_channel(deployer(), c.id)));
  past_settle_timeout();
  EXPECT_TRUE(reverted_with<tn::errors::SettleWindowOver>(net().update_non_closing(bob_key(), latest)));
  const U256 alice_before = balance(alice());
  const U256 bob_before = balance(bob());
  gas("settle", net().settle_channel(deployer(), c.id));
  EXPECT_EQ(balance(alice()) - alice_before, our_balance(c.alice));
  EXPECT_EQ(balance(bob()) - bob_before, our_balance(c.bob));
  EXPECT_EQ(our_balance(c.alice), 500 * kMilli);
  EXPECT_EQ(our_balance(c.bob), 1500 * kMilli);
  EXPECT_EQ(net().channel(c.id)->state, 3);
}

TEST_F(ChannelsL1, UnansweredStaleCloseCostsTheVictim) {
  // The security model's other half: nobody watching the chain within the settle timeout.
  Channel c = open_funded(kEther);
  pay(c.alice, alice_key(), c.bob, bob_key(), 400 * kMilli);
  gas("close", net().close_channel(alice_key(), c.id, bob(), std::nullopt));
  past_settle_timeout();
  const U256 alice_before = balance(alice());
  net().settle_channel(deployer(), c.id);
  EXPECT_EQ(balance(alice()) - alice_before, kEther);
}

TEST_F(ChannelsL1, ForgedBalanceProofsAreRejectedAtClose) {
  Channel c = open_funded(kEther);
  const auto proof = pay(c.bob, bob_key(), c.alice, alice_key(), 10 * kMilli);
  SignedBalanceProof by_stranger = sign_balance_proof(proof.proof, key(4));
  EXPECT_TRUE(reverted_with<tn::errors::WrongSigner>(net().close_channel(alice_key(), c.id, bob(), by_stranger)));
  SignedBalanceProof inflated = proof;
  inflated.proof.transferred_amount = kEther;
  EXPECT_TRUE(reverted_with<tn::errors::WrongSigner>(net().close_channel(alice_key(), c.id, bob(), inflated)));
  BalanceProof other_channel = proof.proof;
  other_channel.channel.channel_id += 1;
  EXPECT_TRUE(reverted_with<tn::errors::WrongChannelId>(
      net().close_channel(alice_key(), c.id, bob(), sign_balance_proof(other_channel, bob_key()))));
  BalanceProof other_chain = proof.proof;
  other_chain.channel.chain_id += 1;
  EXPECT_TRUE(reverted_with<tn::errors::WrongSigner>(
      net().close_channel(alice_key(), c.id, bob(), sign_balance_proof(other_chain, bob_key()))));
  EXPECT_EQ(net().channel(c.id)->state, 1);
}

TEST_F(ChannelsL1, WatchtowerUpdatesWithTheDelegationAndOnlyItCan) {
  Channel c = open_funded(kEther);
  const auto latest = pay(c.alice, alice_key(), c.bob, bob_key(), 250 * kMilli);
  const Address tower = crypto::address_of(tower_key());
  const auto delegation = crypto::sign(bob_key(), update_delegation_digest(UpdateDelegation::for_proof(latest.proof, tower)));

  gas("close", net().close_channel(alice_key(), c.id, bob(), std::nullopt));
  EXPECT_TRUE(reverted_with<tn::errors::WrongSigner>(
      net().update_non_closing_delegated(key(4), bob(), latest, delegation)));
  gas("update_delegated", net().update_non_closing_delegated(tower_key(), bob(), latest, delegation));
  EXPECT_EQ(net().participant(c.id, alice())->transferred_amount, 250 * kMilli);

  past_settle_timeout();
  const U256 bob_before = balance(bob());
  net().settle_channel(deployer(), c.id);
  EXPECT_EQ(balance(bob()) - bob_before, 1250 * kMilli);
}

// ---- hash-time locks ------------------------------------------------------------------------

class ChannelsHtlc : public ChannelsL1 {
 protected:
  /// Alice locks 300 milli towards Bob, expiring in a day; Bob closes with her proof.
  Lock lock_and_close(Channel& c) {
    const std::uint64_t now = chain_time();
    const Lock lock{now + 24 * 3600, 300 * kMilli, secrethash_of(secret_of(1))};
    const auto msg = only<SendLockedTransferMessage>(apply(c.alice, SendLock{lock, now}, alice_key()));
    apply(c.bob, ReceiveLock{msg.proof, msg.lock, now}, bob_key());
    const auto close = only<CloseOnChain>(apply(c.bob, CloseRequested{}, bob_key()));
    gas("close", net().close_channel(bob_key(), c.id, alice(), close.partner_proof));
    return lock;
  }

  /// Settles after the timeout; returns what the settle paid Alice and Bob.
  std::pair<U256, U256> settle(Channel& c) {
    past_settle_timeout();
    const U256 a = balance(alice());
    const U256 b = balance(bob());
    gas("settle", net().settle_channel(deployer(), c.id));
    return {balance(alice()) - a, balance(bob()) - b};
  }
};

TEST_F(ChannelsHtlc, LockIsPaidWhenItsSecretWasRegisteredBeforeExpiry) {
  Channel c = open_funded(kEther);
  lock_and_close(c);
  apply(c.bob, ClosedSeen{bob(), net().channel(c.id)->settle_at}, bob_key());
  const auto reg = only<RegisterSecretOnChain>(apply(c.bob, SecretLearned{secret_of(1)}, bob_key()));
  gas("register_secret", net().register_secret(bob_key(), reg.secret));
  EXPECT_NE(*net().reveal_timestamp(secrethash_of(secret_of(1))), 0U);

  const auto [to_alice, to_bob] = settle(c);
  EXPECT_EQ(to_alice, 700 * kMilli);  // her 300 stay locked for the unlock
  EXPECT_EQ(to_bob, kEther);
  const auto unlock = only<UnlockOnChain>(apply(c.bob, SettledSeen{}, bob_key()));
  const U256 a = balance(alice());
  const U256 b = balance(bob());
  gas("unlock", net().unlock(deployer(), c.id, unlock.receiver, unlock.sender, unlock.locks));
  EXPECT_EQ(balance(bob()) - b, 300 * kMilli);
  EXPECT_EQ(balance(alice()), a);
}

TEST_F(ChannelsHtlc, LockReturnsToTheSenderWhenTheSecretCameAfterExpiry) {
  Channel c = open_funded(kEther);
  const Lock lock = lock_and_close(c);
  advance_time(std::chrono::seconds(24 * 3600 + 1));
  ASSERT_GT(chain_time(), lock.expiration);
  gas("register_secret", net().register_secret(bob_key(), secret_of(1)));

  settle(c);
  const U256 a = balance(alice());
  const U256 b = balance(bob());
  gas("unlock", net().unlock(deployer(), c.id, bob(), alice(), c.bob.partner.locks));
  EXPECT_EQ(balance(alice()) - a, 300 * kMilli);
  EXPECT_EQ(balance(bob()), b);
}

TEST_F(ChannelsHtlc, UnlockWithAnotherLockListIsRejected) {
  Channel c = open_funded(kEther);
  Lock lock = lock_and_close(c);
  settle(c);
  lock.amount += 1;
  EXPECT_TRUE(reverted_with<tn::errors::LocksrootMismatch>(net().unlock(deployer(), c.id, bob(), alice(), {lock})));
}

TEST_F(ChannelsHtlc, UnlockWaitsForALockThatOutlivesTheSettlement) {
  // A lock longer than the settle timeout (the machine refuses to make one; signed by hand):
  // nobody may return it to the sender while its receiver can still register the secret.
  Channel c = open_funded(kEther);
  const Lock lock{chain_time() + 10 * 24 * 3600, 300 * kMilli, secrethash_of(secret_of(2))};
  BalanceProof p;
  p.channel = net().identity(c.id);
  p.nonce = 1;
  p.locked_amount = lock.amount;
  p.locksroot = locksroot_of({lock});
  gas("close", net().close_channel(bob_key(), c.id, alice(), sign_balance_proof(p, alice_key())));
  settle(c);
  EXPECT_TRUE(reverted_with<tn::errors::LockNotExpired>(net().unlock(deployer(), c.id, bob(), alice(), {lock})));
  net().register_secret(bob_key(), secret_of(2));
  const U256 b = balance(bob());
  gas("unlock", net().unlock(deployer(), c.id, bob(), alice(), {lock}));
  EXPECT_EQ(balance(bob()) - b, 300 * kMilli);
}

// ---- cooperative settle and withdraw ---------------------------------------------------------

TEST_F(ChannelsL1, CooperativeSettlePaysTheCosignedBalancesAtOnce) {
  Channel c = open_funded(kEther);
  pay(c.alice, alice_key(), c.bob, bob_key(), 350 * kMilli);
  const auto proposal = only<SendCooperativeSettleMessage>(apply(c.alice, RequestCooperativeSettle{}, alice_key()));
  const auto reply = only<SendCooperativeSettleMessage>(
      apply(c.bob, ReceiveCooperativeSettle{proposal.settlement, proposal.signature}, bob_key()));
  const auto onchain = only<CooperativeSettleOnChain>(
      apply(c.alice, ReceiveCooperativeSettle{reply.settlement, reply.signature}, alice_key()));
  const U256 a = balance(alice());
  const U256 b = balance(bob());
  gas("cooperative_settle", net().cooperative_settle(deployer(), onchain.settlement, onchain.participant1_signature,
                                                     onchain.participant2_signature));
  EXPECT_EQ(balance(alice()) - a, 650 * kMilli);
  EXPECT_EQ(balance(bob()) - b, 1350 * kMilli);
  EXPECT_EQ(net().channel(c.id)->state, 3);
}

TEST_F(ChannelsL1, CooperativeSettleSignedByOneSideOnlyIsRejected) {
  Channel c = open_funded(kEther);
  const auto proposal = only<SendCooperativeSettleMessage>(apply(c.alice, RequestCooperativeSettle{}, alice_key()));
  const bool alice_first = proposal.settlement.participant1 == alice();
  const auto s1 = alice_first ? proposal.signature : crypto::sign(key(4), cooperative_settle_digest(proposal.settlement));
  const auto s2 = alice_first ? crypto::sign(key(4), cooperative_settle_digest(proposal.settlement)) : proposal.signature;
  EXPECT_TRUE(reverted_with<tn::errors::WrongSigner>(net().cooperative_settle(deployer(), proposal.settlement, s1, s2)));
  EXPECT_EQ(net().channel(c.id)->state, 1);
}

TEST_F(ChannelsL1, WithdrawPaysOutAndKeepsTheChannelOpen) {
  Channel c = open_funded(kEther);
  pay(c.bob, bob_key(), c.alice, alice_key(), 200 * kMilli);
  const std::uint64_t expiration = chain_time() + 3600;
  const auto request = only<SendWithdrawMessage>(apply(c.alice, RequestWithdraw{1100 * kMilli, expiration}, alice_key()));
  const auto confirm = only<SendWithdrawMessage>(
      apply(c.bob, ReceiveWithdrawRequest{request.request, request.signature}, bob_key()));
  const auto onchain = only<WithdrawOnChain>(
      apply(c.alice, ReceiveWithdrawConfirmation{confirm.request, confirm.signature}, alice_key()));
  const U256 a = balance(alice());
  gas("withdraw", net().set_total_withdraw(deployer(), onchain.request, onchain.our_signature,
                                           onchain.partner_signature));
  EXPECT_EQ(balance(alice()) - a, 1100 * kMilli);
  EXPECT_EQ(net().participant(c.id, alice())->withdrawn, 1100 * kMilli);
  EXPECT_EQ(net().channel(c.id)->state, 1);
  // Replaying the same co-signed withdrawal pays nothing more.
  EXPECT_TRUE(reverted_with<tn::errors::WithdrawNotIncreased>(net().set_total_withdraw(
      deployer(), onchain.request, onchain.our_signature, onchain.partner_signature)));
}

TEST_F(ChannelsL1, ExpiredWithdrawIsRejected) {
  Channel c = open_funded(kEther);
  const std::uint64_t expiration = chain_time() + 60;
  const auto request = only<SendWithdrawMessage>(apply(c.alice, RequestWithdraw{100 * kMilli, expiration}, alice_key()));
  const auto confirm = only<SendWithdrawMessage>(
      apply(c.bob, ReceiveWithdrawRequest{request.request, request.signature}, bob_key()));
  advance_time(std::chrono::seconds(61));
  EXPECT_TRUE(reverted_with<tn::errors::Expired>(
      net().set_total_withdraw(deployer(), request.request, request.signature, confirm.signature)));
}

// ---- an ERC-20 token network -----------------------------------------------------------------

class ChannelsErc20 : public ChannelsL1 {
 protected:
  void prepare_token() override {
    const std::vector<eth::abi::Value> args{std::string("Test Token"), std::string("TT")};
    auto token = eth::deploy(client(), deployer(), bindings::TestToken::artifact(), args);
    ASSERT_TRUE(token) << eth::describe(token.error());
    for (std::size_t i : {1, 2}) {
      eth::TxRequest mint;
      mint.to = token->address;
      mint.data = bindings::TestToken::encode_mint(address(i), 10 * kEther).value();
      ASSERT_TRUE(client().send_transaction(deployer(), mint));
    }
    token_ = token->address;
  }
};

TEST_F(ChannelsErc20, TokenChannelDepositsAndSettlesInTokens) {
  Channel c = open_funded(kEther);
  EXPECT_EQ(balance(alice()), 9 * kEther);
  EXPECT_EQ(balance(net().contracts().token_network), 2 * kEther);
  pay(c.alice, alice_key(), c.bob, bob_key(), 400 * kMilli);
  gas("close", net().close_channel(bob_key(), c.id, alice(),
                                   only<CloseOnChain>(apply(c.bob, CloseRequested{}, bob_key())).partner_proof));
  past_settle_timeout();
  gas("settle", net().settle_channel(deployer(), c.id));
  EXPECT_EQ(balance(alice()), 9 * kEther + 600 * kMilli);
  EXPECT_EQ(balance(bob()), 9 * kEther + 1400 * kMilli);
  EXPECT_EQ(balance(net().contracts().token_network), U256(0));
}

}  // namespace
}  // namespace xway::e2e
