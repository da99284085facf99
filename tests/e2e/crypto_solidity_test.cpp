// src/crypto's proofs and signatures checked by the Solidity libraries on a real anvil: binary
// Merkle proofs by MerkleProof.sol, sparse Merkle proofs and one-leaf updates by SparseMerkle.sol,
// EIP-191/712 digests and signatures by Signatures.sol, through the harnesses in contracts/test/.
//
// The harnesses are compiled here with the project's pinned solcjs until the contracts build
// embeds artifacts; calldata comes from eth::abi.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "crypto/eip191.hpp"
#include "crypto/eip712.hpp"
#include "crypto/keccak.hpp"
#include "crypto/merkle.hpp"
#include "crypto/sparse_merkle.hpp"
#include "eth/abi.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::crypto;
using eth::BlockRef;

// ---- compiling the harnesses -------------------------------------------------------------

constexpr const char* kCompileScript = R"js(
const root = process.argv[2];
const solc = require(root + '/node_modules/solc');
const fs = require('fs');
const path = require('path');
const files = ['test/MerkleHarness.sol', 'test/SigHarness.sol'];
const sources = {};
for (const f of files) sources[f] = {content: fs.readFileSync(path.join(root, 'contracts', f), 'utf8')};
const input = {language: 'Solidity', sources, settings: {evmVersion: 'prague', optimizer: {enabled: true, runs: 200},
  outputSelection: {'*': {'*': ['evm.bytecode.object']}}}};
const read = (p) => { try { return {contents: fs.readFileSync(path.join(root, 'contracts', p), 'utf8')}; }
                      catch (e) { return {error: 'not found: ' + p}; } };
const out = JSON.parse(solc.compile(JSON.stringify(input), {import: read}));
const errors = (out.errors || []).filter(e => e.severity === 'error');
if (errors.length) { console.error(errors.map(e => e.formattedMessage).join('\n')); process.exit(1); }
const result = {};
for (const f of files) for (const c in out.contracts[f]) result[c] = out.contracts[f][c].evm.bytecode.object;
console.log(JSON.stringify(result));
)js";

/// Init code of each harness contract, compiled once per process.
const std::map<std::string, Bytes>& harness_code() {
  static const std::map<std::string, Bytes> code = [] {
    char script[] = "/tmp/xway_crypto_solc_XXXXXX.js";
    const int fd = mkstemps(script, 3);
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the solc script");
    close(fd);
    std::ofstream(script) << kCompileScript;
    const std::string cmd = std::string("node ") + script + " " + XWAY_SOURCE_DIR;
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
      char buf[4096];
      while (const std::size_t n = fread(buf, 1, sizeof(buf), p)) out.append(buf, n);
      const int status = pclose(p);
      std::remove(script);
      if (status != 0) throw std::runtime_error("solcjs failed to compile the harnesses");
    }
    std::map<std::string, Bytes> m;
    const auto json = nlohmann::json::parse(out);
    for (auto it = json.begin(); it != json.end(); ++it) m[it.key()] = from_hex(it.value().get<std::string>()).value();
    return m;
  }();
  return code;
}

// ---- calldata through eth::abi ----------------------------------------------------------

using Arg = eth::abi::Value;

Arg word(const Hash32& w) { return Arg(w); }
Arg uint(const U256& v) { return Arg(v); }
Arg addr(const Address& a) { return Arg(a); }
Arg bytes(ByteView b) { return Arg(Bytes(b.begin(), b.end())); }
Arg text(std::string_view s) { return Arg(std::string(s)); }
Arg words(const std::vector<Hash32>& ws) {
  Arg::List list;
  for (const auto& w : ws) list.emplace_back(w);
  return Arg(std::move(list));
}
Arg tuple(std::vector<Arg> ms) { return Arg(Arg::List(std::move(ms))); }

Bytes calldata(std::string_view signature, const std::vector<Arg>& args) {
  auto data = eth::abi::encode_call(signature, std::span<const Arg>(args));
  if (!data) throw std::runtime_error(std::string("ABI encoding failed: ") + std::string(eth::abi::describe(data.error())));
  return *data;
}

Hash32 word_at(const Bytes& ret, std::size_t i) {
  if (ret.size() < 32 * (i + 1)) throw std::runtime_error("short return data");
  return Hash32{FixedBytes<32>::from_view(ByteView(ret).subspan(32 * i, 32))};
}

/// A uint256 argument from a big-endian word (sparse Merkle keys and bitmaps).
Arg key_arg(const Hash32& key) { return uint(from_be(key.view())); }

// ---- the fixture -------------------------------------------------------------------------

class CryptoSolidity : public L1Test {
 protected:
  Address deploy(const std::string& name, const Bytes& constructor_args = {}) {
    eth::TxRequest tx;
    tx.data = harness_code().at(name);
    append(tx.data, constructor_args);
    tx.label = "e2e.deploy." + name;
    auto r = client().send_transaction(key(0), tx);
    if (!r || !r->contract_address) throw std::runtime_error("deploy " + name + " failed");
    return *r->contract_address;
  }

  eth::RpcResult<Bytes> call(const Address& to, std::string_view signature, const std::vector<Arg>& args) {
    eth::CallRequest req;
    req.to = to;
    req.data = calldata(signature, args);
    return client().call(req, BlockRef::latest());
  }

  bool call_bool(const Address& to, std::string_view signature, const std::vector<Arg>& args) {
    auto r = call(to, signature, args);
    if (!r) throw std::runtime_error(eth::describe(r.error()));
    return word_at(*r, 0) == smt_key(1);  // ABI true is the word 1
  }

  Hash32 call_word(const Address& to, std::string_view signature, const std::vector<Arg>& args) {
    auto r = call(to, signature, args);
    if (!r) throw std::runtime_error(eth::describe(r.error()));
    return word_at(*r, 0);
  }
};

constexpr const char* kVerify = "verify(bytes32,bytes,uint256,bytes32[])";
constexpr const char* kComputeRoot = "computeRoot(bytes,uint256,bytes32[])";
constexpr const char* kSmtVerify = "smtVerify(bytes32,uint256,uint256,bytes32,uint256,bytes32[])";
constexpr const char* kSmtUpdate = "smtUpdate(bytes32,uint256,uint256,bytes32,bytes32,uint256,bytes32[])";
constexpr const char* kApplyUpdate = "applyUpdate(uint256,uint256,bytes32,bytes32,uint256,bytes32[])";

std::vector<Bytes> make_leaves(std::size_t n) {
  std::vector<Bytes> leaves;
  for (std::size_t i = 0; i < n; ++i) leaves.push_back(Bytes(1 + (i * 7) % 70, static_cast<std::uint8_t>(i + 1)));
  return leaves;
}

TEST_F(CryptoSolidity, MerkleProofAcceptsEveryCppProofAndNothingElse) {
  const Address h = deploy("MerkleHarness", Bytes(32, 0));
  for (std::size_t n : {1, 2, 3, 5, 8, 13}) {
    const auto leaves = make_leaves(n);
    const auto tree = MerkleTree::from_leaves(leaves);
    for (std::size_t i = 0; i < n; ++i) {
      const auto proof = tree.prove(i).value();
      const Arg root = word(tree.root());
      EXPECT_TRUE(call_bool(h, kVerify, {root, bytes(leaves[i]), uint(i), words(proof.siblings)})) << n << "/" << i;
      EXPECT_EQ(call_word(h, kComputeRoot, {bytes(leaves[i]), uint(i), words(proof.siblings)}), tree.root());
      if (n > 1) {
        EXPECT_FALSE(call_bool(h, kVerify, {root, bytes(leaves[(i + 1) % n]), uint(i), words(proof.siblings)}));
        EXPECT_FALSE(call_bool(h, kVerify, {root, bytes(leaves[i]), uint(i ^ 1), words(proof.siblings)}));
        // The same position with a bit above the proof's height: rejected, as in C++.
        const U256 aliased = U256(i) + (U256(1) << proof.siblings.size());
        EXPECT_FALSE(call_bool(h, kVerify, {root, bytes(leaves[i]), uint(aliased), words(proof.siblings)}));
        EXPECT_FALSE(call(h, kComputeRoot, {bytes(leaves[i]), uint(aliased), words(proof.siblings)}).has_value());
      }
    }
  }
}

TEST_F(CryptoSolidity, SparseMerkleChecksInclusionExclusionAndUpdates) {
  const Address h = deploy("MerkleHarness", Bytes(32, 0));
  for (unsigned depth : {32u, 256u}) {
    MemoryNodeStore store;
    auto tree = KeccakSparseMerkleTree::open(store, depth).value();
    std::mt19937_64 rng(depth);
    std::vector<Hash32> keys;
    for (int i = 0; i < 12; ++i) {
      keys.push_back(depth == 256 ? keccak256(smt_key(rng()).view()) : smt_key(rng() % (std::uint64_t{1} << 32)));
      ASSERT_TRUE(tree.update(keys.back(), keccak256(smt_key(static_cast<std::uint64_t>(i)).view())));
    }
    const Arg root = word(tree.root());
    for (int i = 0; i < 12; i += 3) {
      const auto p = tree.prove(keys[i]).value();
      const Hash32 leaf = keccak256(smt_key(static_cast<std::uint64_t>(i)).view());
      EXPECT_TRUE(call_bool(h, kSmtVerify, {root, uint(depth), key_arg(keys[i]), word(leaf), key_arg(p.bitmap), words(p.siblings)}));
      EXPECT_FALSE(call_bool(h, kSmtVerify, {root, uint(depth), key_arg(keys[i]), word(Hash32{}), key_arg(p.bitmap), words(p.siblings)}));
      // The on-chain one-step update gives the root the C++ tree reaches.
      const Hash32 new_leaf = keccak256(as_bytes("updated"));
      const Hash32 on_chain = call_word(h, kSmtUpdate, {root, uint(depth), key_arg(keys[i]), word(leaf), word(new_leaf),
                                                        key_arg(p.bitmap), words(p.siblings)});
      auto scratch = KeccakSparseMerkleTree::open(store, depth, tree.root()).value();
      ASSERT_TRUE(scratch.update(keys[i], new_leaf));
      EXPECT_EQ(on_chain, scratch.root());
      // A wrong old leaf does not match the root: the update reverts.
      EXPECT_FALSE(call(h, kSmtUpdate, {root, uint(depth), key_arg(keys[i]), word(new_leaf), word(leaf),
                                        key_arg(p.bitmap), words(p.siblings)}).has_value());
    }
    const Hash32 absent = depth == 256 ? keccak256(as_bytes("absent")) : smt_key(7);
    const auto p = tree.prove(absent).value();
    EXPECT_TRUE(call_bool(h, kSmtVerify, {root, uint(depth), key_arg(absent), word(Hash32{}), key_arg(p.bitmap), words(p.siblings)}));
    EXPECT_FALSE(call_bool(h, kSmtVerify, {root, uint(depth), key_arg(absent), word(keccak256(as_bytes("x"))),
                                           key_arg(p.bitmap), words(p.siblings)}));
  }
}

TEST_F(CryptoSolidity, StoredRootFollowsTheCppTreeThroughTransactions) {
  constexpr unsigned kDepth = 256;
  MemoryNodeStore store;
  auto tree = KeccakSparseMerkleTree::open(store, kDepth).value();
  Bytes ctor;
  append(ctor, tree.root().view());
  const Address h = deploy("MerkleHarness", ctor);
  for (std::uint64_t i = 0; i < 4; ++i) {
    const Hash32 leaf_key = keccak256(smt_key(i % 3).view());  // the fourth update overwrites the first key
    const Hash32 old_leaf = tree.get(leaf_key).value();
    const Hash32 new_leaf = keccak256(smt_key(100 + i).view());
    const auto p = tree.prove(leaf_key).value();
    eth::TxRequest tx;
    tx.to = h;
    tx.data = calldata(kApplyUpdate, {uint(kDepth), key_arg(leaf_key), word(old_leaf), word(new_leaf), key_arg(p.bitmap), words(p.siblings)});
    tx.label = "e2e.smt.update";
    auto r = client().send_transaction(key(0), tx);
    ASSERT_TRUE(r) << eth::describe(r.error());
    ASSERT_TRUE(tree.update(leaf_key, new_leaf));
    EXPECT_EQ(call_word(h, "root()", {}), tree.root());
  }
  const auto totals = client().gas_meter().totals("e2e.smt.update");
  EXPECT_EQ(totals.transactions, 4u);
  std::printf("one depth-256 SMT update on L1: %llu gas on average\n",
              static_cast<unsigned long long>(totals.gas_used / totals.transactions));
  // A stale proof (for the previous root) is refused and leaves the root alone.
  const Hash32 stale_key = keccak256(smt_key(1).view());
  const auto p = tree.prove(stale_key).value();
  eth::TxRequest stale;
  stale.to = h;
  stale.data = calldata(kApplyUpdate, {uint(kDepth), key_arg(stale_key), word(Hash32{}), word(Hash32{}), key_arg(p.bitmap), words(p.siblings)});
  stale.gas_limit = 300'000;
  EXPECT_FALSE(client().send_transaction(key(0), stale).has_value());
  EXPECT_EQ(call_word(h, "root()", {}), tree.root());
}

TEST_F(CryptoSolidity, Eip712SignatureMadeInCppRecoversOnChain) {
  const Address h = deploy("SigHarness");
  const auto chain = client().chain_id().value();
  Eip712Types types;
  ASSERT_TRUE(types.add("Transfer", {{"to", "address"}, {"amount", "uint256"}, {"nonce", "uint256"}}));
  Eip712Domain domain{"Expressway", "1", U256(chain), h, std::nullopt};
  const Address to = address(3);
  const U256 amount = U256(123456789) * kEther;
  const TypedValue msg = TypedValue::structure(
      {{"to", TypedValue::address(to)}, {"amount", TypedValue::number(amount)}, {"nonce", TypedValue::number(42)}});
  const Hash32 digest = eip712_digest(domain, types, "Transfer", msg).value();
  EXPECT_EQ(call_word(h, "transferDigest(address,uint256,uint256)", {addr(to), uint(amount), uint(42)}), digest);

  const PrivateKey signer = PrivateKey::generate();
  const Signature sig = sign(signer, digest);
  const auto rsv = sig.to_rsv27();
  const char* kSigner = "transferSigner(address,uint256,uint256,bytes)";
  const Hash32 recovered = call_word(h, kSigner, {addr(to), uint(amount), uint(42), bytes(rsv.view())});
  EXPECT_EQ(Address{FixedBytes<20>::from_view(recovered.view().subspan(12))}, address_of(signer));
  // A different nonce recovers someone else, never the signer.
  const Hash32 other = call_word(h, kSigner, {addr(to), uint(amount), uint(43), bytes(rsv.view())});
  EXPECT_NE(Address{FixedBytes<20>::from_view(other.view().subspan(12))}, address_of(signer));

  // The malleable twin (n - s, flipped v) is valid ECDSA but refused; so are v = 0/1 and short input.
  const U256 n("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  FixedBytes<65> twin = rsv;
  const auto high_s = to_be32(n - from_be(sig.s.view()));
  std::copy(high_s.begin(), high_s.end(), twin.begin() + 32);
  twin[64] = static_cast<std::uint8_t>(rsv[64] == 27 ? 28 : 27);
  EXPECT_FALSE(call(h, kSigner, {addr(to), uint(amount), uint(42), bytes(twin.view())}).has_value());
  FixedBytes<65> raw_v = rsv;
  raw_v[64] = sig.v;
  EXPECT_FALSE(call(h, kSigner, {addr(to), uint(amount), uint(42), bytes(raw_v.view())}).has_value());
  EXPECT_FALSE(call(h, kSigner, {addr(to), uint(amount), uint(42), bytes(rsv.view().subspan(0, 64))}).has_value());
  const char* kIsValid = "isValid(address,bytes32,bytes)";
  EXPECT_TRUE(call_bool(h, kIsValid, {addr(address_of(signer)), word(digest), bytes(rsv.view())}));
  EXPECT_FALSE(call_bool(h, kIsValid, {addr(address(1)), word(digest), bytes(rsv.view())}));
  EXPECT_FALSE(call_bool(h, kIsValid, {addr(address_of(signer)), word(digest), bytes(twin.view())}));
}

TEST_F(CryptoSolidity, SpecMailExampleAndEip191DigestsAgree) {
  const Address h = deploy("SigHarness");
  auto person = [](std::string_view name, std::string_view wallet) {
    return tuple({text(name), addr(fixed_from_hex<Address>(wallet).value())});
  };
  const Arg mail = tuple({person("Cow", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"),
                          person("Bob", "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"), text("Hello, Bob!")});
  const Hash32 digest = call_word(h, "mailDigest(string,string,uint256,address,((string,address),(string,address),string))",
                                  {text("Ether Mail"), text("1"), uint(1),
                                   addr(fixed_from_hex<Address>("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC").value()), mail});
  EXPECT_EQ(to_hex(digest.view()), "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");

  for (std::string_view m : std::vector<std::string_view>{"", "hello world", "a message longer than one 32-byte word"})
    EXPECT_EQ(call_word(h, "personalDigest(bytes)", {bytes(as_bytes(m))}), personal_message_digest(as_bytes(m)));
  const Bytes data = from_hex("0xdeadbeef").value();
  EXPECT_EQ(call_word(h, "validatorDigest(bytes)", {bytes(data)}), intended_validator_digest(h, data));
}

}  // namespace
}  // namespace xway::e2e
