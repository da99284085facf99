#include "channels/watchtower_store.hpp"

#include <gtest/gtest.h>

#include "channels/lock.hpp"
#include "store/memory_db.hpp"

namespace xway::channels {
namespace {

crypto::PrivateKey key_of(char last) { return crypto::PrivateKey::from_hex(std::string(63, '0') + last).value(); }

WatchRequest request_for(std::uint64_t channel_id, std::uint64_t nonce, char client = '1') {
  BalanceProof p;
  p.channel = ChannelIdentity{31337, crypto::address_of(key_of('9')), channel_id};
  p.nonce = nonce;
  p.transferred_amount = U256(nonce * 10);
  p.locksroot = locksroot_of({});
  return make_watch_request(sign_balance_proof(p, key_of('2')), key_of(client), crypto::address_of(key_of('3')));
}

TEST(WatchtowerStore, KeepsTheLatestRequestPerChannelAndClient) {
  store::MemoryDb db;
  auto s = WatchtowerStore::open(db);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->save_request(request_for(4, 1), std::nullopt));
  ASSERT_TRUE(s->save_request(request_for(4, 2), std::nullopt));
  ASSERT_TRUE(s->save_request(request_for(5, 1), std::nullopt));
  ASSERT_TRUE(s->save_request(request_for(4, 1, '4'), std::nullopt));
  auto held = s->request(WatchKey::of(request_for(4, 9)));
  ASSERT_TRUE(held && *held);
  EXPECT_EQ((*held)->partner_proof.proof.nonce, 2U);
  EXPECT_EQ(*s->watched_count(), 3U);
  auto both = s->requests_of_channel(crypto::address_of(key_of('9')), 4);
  ASSERT_TRUE(both);
  EXPECT_EQ(both->size(), 2U);
}

TEST(WatchtowerStore, ADefenseEndsWithItsOutcome) {
  store::MemoryDb db;
  auto s = WatchtowerStore::open(db);
  ASSERT_TRUE(s);
  const WatchRequest r = request_for(4, 3);
  const PendingDefense d{WatchKey::of(r), 1'000, 1, false};
  ASSERT_TRUE(s->save_request(r, d));
  auto owed = s->defenses();
  ASSERT_TRUE(owed);
  ASSERT_EQ(owed->size(), 1U);
  EXPECT_EQ((*owed)[0].settle_at, 1'000U);
  EXPECT_EQ((*owed)[0].key, WatchKey::of(r));
  DefenseOutcome o{DefenseStatus::kUpdated, 3, 1, Hash32{}, 116'277};
  o.tx_hash[0] = 0xab;
  ASSERT_TRUE(s->finish_defense(d.key, o));
  EXPECT_TRUE(s->defenses()->empty());
  EXPECT_EQ(**s->outcome(d.key), o);
  EXPECT_EQ(s->outcomes()->size(), 1U);
}

TEST(WatchtowerStore, SavesTheL1Cursor) {
  store::MemoryDb db;
  auto s = WatchtowerStore::open(db);
  ASSERT_TRUE(s);
  EXPECT_FALSE(*s->load());
  eth::WatchCursor c;
  c.next_block = 77;
  ASSERT_TRUE(s->save(c));
  auto again = WatchtowerStore::open(db);
  EXPECT_EQ((*again->load())->next_block, 77U);
}

TEST(WatchtowerStore, OutcomeDecoderIsStrict) {
  const DefenseOutcome o{DefenseStatus::kFailed, 3, 1, Hash32{}, 5};
  Bytes b = encode_defense_outcome(o);
  EXPECT_EQ(decode_defense_outcome(b), o);
  b[0] = 9;
  EXPECT_FALSE(decode_defense_outcome(b));
  b.pop_back();
  EXPECT_FALSE(decode_defense_outcome(b));
  EXPECT_FALSE(decode_watch_key(Bytes(47)));
}

}  // namespace
}  // namespace xway::channels
