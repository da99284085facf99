#include "eth/transaction.hpp"

#include <functional>

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "eth/rlp.hpp"

namespace xway::eth {
namespace {

Bytes hex(std::string_view h) { return *from_hex(h); }
Address addr(std::string_view h) { return *fixed_from_hex<Address>(h); }
Hash32 h32(std::string_view h) { return *fixed_from_hex<Hash32>(h); }

// The key of the EIP-155 example; its address as `cast wallet address` prints it.
crypto::PrivateKey test_key() {
  return *crypto::PrivateKey::from_hex("4646464646464646464646464646464646464646464646464646464646464646");
}
const Address kTestSender = addr("9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");

const U256 kCurveOrder =
    *parse_u256("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

// --- Vectors ---------------------------------------------------------------------------------
// EIP-1559 vectors made by `cast mktx` (foundry 1.7.1) with the key above; cast signs with
// RFC 6979 as libsecp256k1 does, so the bytes must match exactly. Hashes from `cast keccak`.

// cast mktx --chain 1337 --nonce 7 --gas-limit 50000 --gas-price 30gwei --priority-gas-price 2gwei
//   --value 123456789 0x3535...35 "transfer(address,uint256)" 0x1111...11 42
constexpr std::string_view kCallRaw =
    "02f8b68205390784773594008506fc23ac0082c35094353535353535353535353535353535353535353584075bcd15b8"
    "44a9059cbb000000000000000000000000111111111111111111111111111111111111111100000000000000000000"
    "0000000000000000000000000000000000000000002ac080a0e7276e2adb978b216f0d092d41e6aeadfeccdba4f9c66b"
    "8ab4970561d17bdda0a0619cda892b3a7d63d881742a509d1936743c5390cc590ca588be9630070457d0";
constexpr std::string_view kCallHash = "419107e5bc64bf8aef68b67ae6218e359e45774aa9e8c236261baf5a8384ad7a";

Eip1559Tx call_tx() {
  Eip1559Tx tx;
  tx.chain_id = 1337;
  tx.nonce = 7;
  tx.max_priority_fee_per_gas = 2'000'000'000;
  tx.max_fee_per_gas = 30'000'000'000ULL;
  tx.gas_limit = 50000;
  tx.to = addr("3535353535353535353535353535353535353535");
  tx.value = 123456789;
  tx.data = hex(
      "a9059cbb0000000000000000000000001111111111111111111111111111111111111111"
      "000000000000000000000000000000000000000000000000000000000000002a");
  return tx;
}

// cast mktx --chain 31337 --nonce 0 --gas-limit 100000 --gas-price 1gwei --priority-gas-price 1
//   --create 0x6080604052
constexpr std::string_view kCreateRaw =
    "02f85a827a698001843b9aca00830186a08080856080604052c080a0b74bead0271688e33c24b1de0f3f0fae373c246e"
    "807d6e2f66e1105ee99ef43ba07ecae49950f1dc0b36112b664ac0fdc2c3701878bb9e394afee864cc0f1b3b70";
constexpr std::string_view kCreateHash = "5434850c1622ad284d714ab5320fb0fb889ce7efdf3e8b8ea71e085ceec997e0";

Eip1559Tx create_tx() {
  Eip1559Tx tx;
  tx.chain_id = 31337;
  tx.nonce = 0;
  tx.max_priority_fee_per_gas = 1;
  tx.max_fee_per_gas = 1'000'000'000;
  tx.gas_limit = 100000;
  tx.data = hex("6080604052");
  return tx;
}

// cast mktx --chain 5 --nonce 300 --gas-limit 60000 --gas-price 5gwei --priority-gas-price 1.5gwei
//   --access-list '[{0x2222..22: [1, 0xff]}, {0x3333..33: []}]' 0x4444...44 0x
constexpr std::string_view kAccessRaw =
    "02f8e00582012c8459682f0085012a05f20082ea609444444444444444444444444444444444444444448080f872f859"
    "942222222222222222222222222222222222222222f842a0000000000000000000000000000000000000000000000000"
    "0000000000000001a000000000000000000000000000000000000000000000000000000000000000ffd6943333333333"
    "333333333333333333333333333333c080a0347c21a45b322022b17f42abee08d71aa0ff488a3c998307009968be255f"
    "2d53a0129059ed5f421ba79cde56a2909f52bcb8e24336dfc8800f7a6b51aa4e714189";
constexpr std::string_view kAccessHash = "56568124b576b5398da2d8a1646c6116457a5f44015d252ff0935cc8e2f7af95";

Eip1559Tx access_tx() {
  Eip1559Tx tx;
  tx.chain_id = 5;
  tx.nonce = 300;
  tx.max_priority_fee_per_gas = 1'500'000'000;
  tx.max_fee_per_gas = 5'000'000'000ULL;
  tx.gas_limit = 60000;
  tx.to = addr("4444444444444444444444444444444444444444");
  tx.access_list = {
      {addr("2222222222222222222222222222222222222222"),
       {h32("0000000000000000000000000000000000000000000000000000000000000001"),
        h32("00000000000000000000000000000000000000000000000000000000000000ff")}},
      {addr("3333333333333333333333333333333333333333"), {}},
  };
  return tx;
}

// The example of EIP-155 itself.
LegacyTx eip155_tx() {
  LegacyTx tx;
  tx.nonce = 9;
  tx.gas_price = 20'000'000'000ULL;
  tx.gas_limit = 21000;
  tx.to = addr("3535353535353535353535353535353535353535");
  tx.value = U256(1'000'000'000'000'000'000ULL);
  tx.chain_id = 1;
  return tx;
}
constexpr std::string_view kEip155SigningData =
    "ec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080";
constexpr std::string_view kEip155SigningHash =
    "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53";
constexpr std::string_view kEip155Raw =
    "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61"
    "340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555"
    "c9f3dc64214b297fb1966a3b6d83";
constexpr std::string_view kEip155Hash = "33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788";

struct Vector {
  const char* name;
  Eip1559Tx tx;
  std::string_view raw;
  std::string_view hash;
};

std::vector<Vector> eip1559_vectors() {
  return {{"call", call_tx(), kCallRaw, kCallHash},
          {"create", create_tx(), kCreateRaw, kCreateHash},
          {"access_list", access_tx(), kAccessRaw, kAccessHash}};
}

// Builds a type-2 transaction from hand-written fields, for malformed inputs.
Bytes typed_tx(const std::function<void(rlp::Encoder&)>& fields) {
  rlp::Encoder e;
  e.begin_list();
  fields(e);
  e.end_list();
  Bytes out = {0x02};
  e.finish_into(out);
  return out;
}

// The fields of `call_tx()` before the access list.
void call_fields_head(rlp::Encoder& e) {
  e.add_uint(1337).add_uint(7).add_uint(2'000'000'000).add_uint(30'000'000'000ULL).add_uint(50000);
  e.add_bytes(hex("3535353535353535353535353535353535353535")).add_uint(123456789).add_bytes({});
}

// A valid signature tail (y-parity, r, s) of `kCallRaw`.
void call_sig_tail(rlp::Encoder& e) {
  e.add_uint(0)
      .add_bytes(hex("e7276e2adb978b216f0d092d41e6aeadfeccdba4f9c66b8ab4970561d17bdda0"))
      .add_bytes(hex("619cda892b3a7d63d881742a509d1936743c5390cc590ca588be9630070457d0"));
}

TxError decode_error(ByteView raw) {
  auto tx = decode_transaction(raw);
  EXPECT_FALSE(tx.has_value());
  return tx ? TxError::kEmpty : tx.error();
}

// --- EIP-1559 ---------------------------------------------------------------------------------

TEST(Eip1559, SignMatchesCastByteForByte) {
  for (const auto& v : eip1559_vectors()) {
    const SignedTransaction signed_tx = sign(v.tx, test_key());
    EXPECT_EQ(to_hex_bare(encode(signed_tx)), v.raw) << v.name;
    EXPECT_EQ(to_hex_bare(transaction_hash(signed_tx).view()), v.hash) << v.name;
    EXPECT_EQ(signed_tx.type(), TxType::kEip1559);
  }
}

TEST(Eip1559, DecodeRecoversBodyAndSender) {
  for (const auto& v : eip1559_vectors()) {
    const Bytes raw = hex(v.raw);
    auto decoded = decode_transaction(raw);
    ASSERT_TRUE(decoded) << v.name << ": " << describe(decoded.error());
    EXPECT_EQ(std::get<Eip1559Tx>(decoded->body), v.tx) << v.name;
    EXPECT_EQ(*recover_sender(*decoded), kTestSender) << v.name;
    EXPECT_EQ(encode(*decoded), raw) << v.name;
  }
}

TEST(Eip1559, SigningPayloadIsTypeByteThenRlpOfFields) {
  const Bytes payload = signing_payload(create_tx());
  // 0x02 || rlp([chain_id, nonce, prio, max, gas, to="", value=0, data, []]).
  EXPECT_EQ(to_hex_bare(payload), "02d7827a698001843b9aca00830186a08080856080604052c0");
  EXPECT_EQ(signing_hash(create_tx()), crypto::keccak256(payload));
}

TEST(Eip1559, AccessorsReadTheBody) {
  const SignedTransaction t = sign(call_tx(), test_key());
  EXPECT_EQ(t.chain_id(), std::optional<std::uint64_t>(1337));
  EXPECT_EQ(t.nonce(), 7u);
  EXPECT_EQ(t.gas_limit(), 50000u);
  EXPECT_EQ(t.to(), call_tx().to);
  EXPECT_EQ(t.value(), U256(123456789));
  EXPECT_EQ(t.data(), call_tx().data);
  EXPECT_EQ(t.max_fee_per_gas(), U256(30'000'000'000ULL));
  EXPECT_EQ(t.max_priority_fee_per_gas(), U256(2'000'000'000));
}

TEST(Eip1559, LargeValuesRoundTrip) {
  Eip1559Tx tx = call_tx();
  tx.chain_id = std::numeric_limits<std::uint64_t>::max();
  tx.nonce = std::numeric_limits<std::uint64_t>::max() - 1;
  tx.value = ~U256(0);
  tx.max_fee_per_gas = U256(1) << 200;
  tx.data = Bytes(5000, 0xab);
  const SignedTransaction t = sign(tx, test_key());
  auto back = decode_transaction(encode(t));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, t);
  EXPECT_EQ(*recover_sender(*back), kTestSender);
}

// --- Legacy and EIP-155 -----------------------------------------------------------------------

TEST(Eip155, SpecificationExample) {
  const LegacyTx tx = eip155_tx();
  EXPECT_EQ(to_hex_bare(signing_payload(tx)), kEip155SigningData);
  EXPECT_EQ(to_hex_bare(signing_hash(tx).view()), kEip155SigningHash);
  const SignedTransaction signed_tx = sign(tx, test_key());
  EXPECT_EQ(to_hex_bare(encode(signed_tx)), kEip155Raw);
  EXPECT_EQ(to_hex_bare(transaction_hash(signed_tx).view()), kEip155Hash);
  // v = 37, r and s as the EIP writes them in decimal.
  EXPECT_EQ(signed_tx.signature.v, 0);
  EXPECT_EQ(from_be(signed_tx.signature.r.view()),
            *parse_u256("18515461264373351373200002665853028612451056578545711640558177340181847433846"));
  EXPECT_EQ(from_be(signed_tx.signature.s.view()),
            *parse_u256("46948507304638947509940763649030358759909902576025900602547168820602576006531"));
}

TEST(Eip155, DecodeRecoversChainIdAndSender) {
  const Bytes raw = hex(kEip155Raw);
  auto decoded = decode_transaction(raw);
  ASSERT_TRUE(decoded) << describe(decoded.error());
  EXPECT_EQ(decoded->type(), TxType::kLegacy);
  EXPECT_EQ(std::get<LegacyTx>(decoded->body), eip155_tx());
  EXPECT_EQ(*recover_sender(*decoded), kTestSender);
  EXPECT_EQ(encode(*decoded), raw);
}

TEST(Legacy, UnprotectedUsesV27And28) {
  LegacyTx tx = eip155_tx();
  tx.chain_id.reset();
  const SignedTransaction t = sign(tx, test_key());
  const Bytes raw = encode(t);
  // Six fields in the signing payload, no chain id.
  const Bytes payload_bytes = signing_payload(tx);
  auto payload = rlp::decode(payload_bytes);
  ASSERT_TRUE(payload);
  const auto fields = payload->items();
  EXPECT_EQ(fields->size(), 6u);
  auto back = decode_transaction(raw);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->chain_id().has_value());
  EXPECT_EQ(*recover_sender(*back), kTestSender);
  // v is 27 or 28 on the wire.
  auto item = rlp::decode(raw);
  auto r = rlp::Reader::open(*item);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(r->next());
  EXPECT_EQ(*r->next_u64(), 27u + t.signature.v);
}

TEST(Legacy, LargeChainIdRoundTrips) {
  LegacyTx tx = eip155_tx();
  tx.chain_id = std::numeric_limits<std::uint64_t>::max();  // v = 2 * id + 35 exceeds 64 bits
  const SignedTransaction t = sign(tx, test_key());
  auto back = decode_transaction(encode(t));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, t);
  EXPECT_EQ(*recover_sender(*back), kTestSender);
}

// --- Admission policy ------------------------------------------------------------------------

TEST(DecodeAndRecover, AcceptsTheRightChain) {
  const Bytes raw = hex(kCallRaw);
  auto d = decode_and_recover(raw, AcceptPolicy{1337});
  ASSERT_TRUE(d) << describe(d.error());
  EXPECT_EQ(d->sender, kTestSender);
  EXPECT_EQ(to_hex_bare(d->hash.view()), kCallHash);
}

TEST(DecodeAndRecover, RejectsWrongChainId) {
  const Bytes raw = hex(kCallRaw);
  EXPECT_EQ(decode_and_recover(raw, AcceptPolicy{1}).error(), TxError::kWrongChainId);
  const Bytes legacy = hex(kEip155Raw);
  EXPECT_EQ(decode_and_recover(legacy, AcceptPolicy{1337}).error(), TxError::kWrongChainId);
  EXPECT_TRUE(decode_and_recover(legacy, AcceptPolicy{1}));
}

TEST(DecodeAndRecover, UnprotectedLegacyNeedsExplicitPermission) {
  LegacyTx tx = eip155_tx();
  tx.chain_id.reset();
  const Bytes raw = encode(sign(tx, test_key()));
  EXPECT_EQ(decode_and_recover(raw, AcceptPolicy{1}).error(), TxError::kUnprotected);
  auto ok = decode_and_recover(raw, AcceptPolicy{1, true});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->sender, kTestSender);
}

// --- Malformed input -------------------------------------------------------------------------

TEST(TxDecode, RejectsEmptyAndUnknownTypes) {
  EXPECT_EQ(decode_error({}), TxError::kEmpty);
  for (std::uint8_t type : {0x00, 0x01, 0x03, 0x04, 0x7f}) {
    Bytes raw = hex(kCallRaw);
    raw[0] = type;
    EXPECT_EQ(decode_error(raw), TxError::kUnknownType) << int(type);
  }
  EXPECT_EQ(decode_error(hex("83646f67")), TxError::kMalformedRlp);
}

TEST(TxDecode, RejectsTruncatedAndTrailingBytes) {
  Bytes raw = hex(kCallRaw);
  raw.pop_back();
  EXPECT_EQ(decode_error(raw), TxError::kMalformedRlp);
  raw = hex(kCallRaw);
  raw.push_back(0x00);
  EXPECT_EQ(decode_error(raw), TxError::kMalformedRlp);
  EXPECT_EQ(decode_error(hex("02")), TxError::kMalformedRlp);
  Bytes legacy = hex(kEip155Raw);
  legacy.push_back(0x80);
  EXPECT_EQ(decode_error(legacy), TxError::kMalformedRlp);
}

TEST(TxDecode, RejectsWrongFieldCount) {
  EXPECT_EQ(decode_error(typed_tx([](rlp::Encoder& e) { call_fields_head(e); })), TxError::kWrongFieldCount);
  EXPECT_EQ(decode_error(typed_tx([](rlp::Encoder& e) {
              call_fields_head(e);
              e.begin_list().end_list();
              call_sig_tail(e);
              e.add_uint(0);
            })),
            TxError::kWrongFieldCount);
  EXPECT_EQ(decode_error(typed_tx([](rlp::Encoder&) {})), TxError::kWrongFieldCount);
  // The same bytes with the tail fixed decode: the builder above is faithful.
  const Bytes good = typed_tx([](rlp::Encoder& e) {
    call_fields_head(e);
    e.begin_list().end_list();
    call_sig_tail(e);
  });
  EXPECT_TRUE(decode_transaction(good).has_value());
}

TEST(TxDecode, RejectsBadFieldShapes) {
  // A 19-byte recipient.
  EXPECT_EQ(decode_error(typed_tx([](rlp::Encoder& e) {
              e.add_uint(1337).add_uint(7).add_uint(1).add_uint(1).add_uint(21000);
              e.add_bytes(Bytes(19, 0x35)).add_uint(0).add_bytes({});
              e.begin_list().end_list();
              call_sig_tail(e);
            })),
            TxError::kBadField);
  // A list where the nonce belongs.
  EXPECT_EQ(decode_error(typed_tx([](rlp::Encoder& e) {
              e.add_uint(1337).begin_list().end_list().add_uint(1).add_uint(1).add_uint(21000);
              e.add_bytes({}).add_uint(0).add_bytes({});
              e.begin_list().end_list();
              call_sig_tail(e);
            })),
            TxError::kBadField);
  // The top level is a string, not a list.
  EXPECT_EQ(decode_error(hex("0283646f67")), TxError::kBadField);
}

TEST(TxDecode, RejectsOversizedAndNonCanonicalNumbers) {
  // A nine-byte nonce.
  EXPECT_EQ(decode_error(typed_tx([](rlp::Encoder& e) {
              e.add_uint(1337).add_bytes(hex("010000000000000000")).add_uint(1).add_uint(1).add_uint(21000);
              e.add_bytes({}).add_uint(0).add_bytes({});
              e.begin_list().end_list();
              call_sig_tail(e);
            })),
            TxError::kFieldTooLarge);
  // A value with a leading zero byte.
  EXPECT_EQ(decode_error(typed_tx([](rlp::Encoder& e) {
              e.add_uint(1337).add_uint(7).add_uint(1).add_uint(1).add_uint(21000);
              e.add_bytes({}).add_bytes(hex("0001")).add_bytes({});
              e.begin_list().end_list();
              call_sig_tail(e);
            })),
            TxError::kMalformedRlp);
  // r with 33 bytes.
  EXPECT_EQ(decode_error(typed_tx([](rlp::Encoder& e) {
              call_fields_head(e);
              e.begin_list().end_list();
              e.add_uint(0).add_bytes(Bytes(33, 0x01)).add_uint(1);
            })),
            TxError::kFieldTooLarge);
}

TEST(TxDecode, RejectsMalformedAccessLists) {
  auto with_access = [](const std::function<void(rlp::Encoder&)>& list) {
    return typed_tx([&](rlp::Encoder& e) {
      call_fields_head(e);
      list(e);
      call_sig_tail(e);
    });
  };
  // Not a list.
  EXPECT_EQ(decode_error(with_access([](rlp::Encoder& e) { e.add_uint(5); })), TxError::kBadAccessList);
  // An entry with a short address.
  EXPECT_EQ(decode_error(with_access([](rlp::Encoder& e) {
              e.begin_list().begin_list().add_bytes(Bytes(19, 1)).begin_list().end_list().end_list().end_list();
            })),
            TxError::kBadAccessList);
  // A 31-byte storage key.
  EXPECT_EQ(decode_error(with_access([](rlp::Encoder& e) {
              e.begin_list().begin_list().add_bytes(Bytes(20, 1)).begin_list().add_bytes(Bytes(31, 2));
              e.end_list().end_list().end_list();
            })),
            TxError::kBadAccessList);
  // An entry with a third item.
  EXPECT_EQ(decode_error(with_access([](rlp::Encoder& e) {
              e.begin_list().begin_list().add_bytes(Bytes(20, 1)).begin_list().end_list().add_uint(1);
              e.end_list().end_list();
            })),
            TxError::kBadAccessList);
  // Storage keys as a string instead of a list.
  EXPECT_EQ(decode_error(with_access([](rlp::Encoder& e) {
              e.begin_list().begin_list().add_bytes(Bytes(20, 1)).add_bytes(Bytes(32, 2)).end_list().end_list();
            })),
            TxError::kBadAccessList);
}

TEST(TxDecode, RejectsBadV) {
  EXPECT_EQ(decode_error(typed_tx([](rlp::Encoder& e) {
              call_fields_head(e);
              e.begin_list().end_list();
              e.add_uint(2).add_uint(1).add_uint(1);
            })),
            TxError::kBadV);
  // Legacy v of 30: neither 27/28 nor EIP-155.
  rlp::Encoder e;
  e.begin_list().add_uint(9).add_uint(1).add_uint(21000).add_bytes(Bytes(20, 0x35)).add_uint(1).add_bytes({});
  e.add_uint(30).add_uint(1).add_uint(1).end_list();
  EXPECT_EQ(decode_error(e.finish()), TxError::kBadV);
}

TEST(TxDecode, RejectsHighS) {
  SignedTransaction t = *decode_transaction(hex(kCallRaw));
  // (r, n - s) with the other parity is the same signature's malleable twin: ecrecover accepts it.
  const U256 s = from_be(t.signature.s.view());
  t.signature.s = Hash32{to_be32(kCurveOrder - s)};
  t.signature.v ^= 1;
  EXPECT_EQ(*crypto::recover_address(signing_hash(std::get<Eip1559Tx>(t.body)), t.signature), kTestSender);
  EXPECT_EQ(decode_error(encode(t)), TxError::kHighS);
  // The same for legacy.
  SignedTransaction l = *decode_transaction(hex(kEip155Raw));
  l.signature.s = Hash32{to_be32(kCurveOrder - from_be(l.signature.s.view()))};
  l.signature.v ^= 1;
  EXPECT_EQ(decode_error(encode(l)), TxError::kHighS);
}

TEST(TxDecode, RejectsOutOfRangeRAndS) {
  SignedTransaction t = *decode_transaction(hex(kCallRaw));
  SignedTransaction zero_r = t;
  zero_r.signature.r = Hash32{};
  EXPECT_EQ(decode_error(encode(zero_r)), TxError::kBadSignature);
  SignedTransaction zero_s = t;
  zero_s.signature.s = Hash32{};
  EXPECT_EQ(decode_error(encode(zero_s)), TxError::kBadSignature);
  SignedTransaction big_r = t;
  big_r.signature.r = Hash32{to_be32(kCurveOrder)};
  EXPECT_EQ(decode_error(encode(big_r)), TxError::kBadSignature);
}

TEST(TxDecode, TamperedBodyRecoversAnotherSender) {
  SignedTransaction t = *decode_transaction(hex(kCallRaw));
  std::get<Eip1559Tx>(t.body).value += 1;
  auto back = decode_transaction(encode(t));
  ASSERT_TRUE(back);
  auto sender = recover_sender(*back);
  EXPECT_TRUE(!sender || *sender != kTestSender);
}

TEST(TxErrors, EveryErrorIsDescribed) {
  for (int i = 0; i <= static_cast<int>(TxError::kUnprotected); ++i) {
    EXPECT_NE(describe(static_cast<TxError>(i)), "unknown transaction error");
  }
}

// --- Contract addresses ----------------------------------------------------------------------

TEST(ContractAddress, KnownVectors) {
  // Values as `cast compute-address` prints them.
  const Address deployer = addr("6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
  EXPECT_EQ(contract_address(deployer, 0), addr("cd234a471b72ba2f1ccf0a70fcaba648a5eecd8d"));
  EXPECT_EQ(contract_address(deployer, 1), addr("343c43a37d37dff08ae8c4a11544c718abb4fcf8"));
  EXPECT_EQ(contract_address(deployer, 2), addr("f778b86fa74e846c4f0a1fbd1335fe81c00a0c91"));
  EXPECT_EQ(contract_address(deployer, 3), addr("fffd933a0bc612844eaf0c6fe3e5b8e9b6c1d19c"));
  EXPECT_EQ(contract_address(kTestSender, 300), addr("a65e5ebf708124261d0b62a954febcfd85b69a40"));
}

}  // namespace
}  // namespace xway::eth
