#include "cli/stark_l1.hpp"

#include <array>

#include "bindings/FibonacciStarkVerifier.hpp"
#include "bindings/HashChainStarkVerifier.hpp"
#include "bindings/MerklePathStarkVerifier.hpp"
#include "eth/deploy.hpp"
#include "stark/crypto/encoding.hpp"

namespace xway::cli {
namespace {

U256 word(const Bytes& public_inputs, std::size_t i) { return U256(stark::get_u64(public_inputs.data() + 8 * i)); }

/// The `verify` call data of the statement's verifier; the public inputs were checked by
/// stark::decode_proof_file, so their sizes are the statement's.
Result<Bytes> verify_call(const stark::ProofFile& f) {
  expected<Bytes, eth::abi::AbiError> data = unexpected(eth::abi::AbiError{});
  if (f.example == stark::Example::kFibonacci) {
    data = bindings::FibonacciStarkVerifier::encode_verify(f.proof, U256(f.steps), word(f.public_inputs, 1));
  } else if (f.example == stark::Example::kMerklePath) {
    // depth | path count | per path: leaf (4) | root (4); the L1 verifier takes one path.
    if (stark::get_u64(f.public_inputs.data() + 8) != 1) {
      return fail("stark verify: the L1 merkle-path verifier checks one path; this proof has {}",
                  stark::get_u64(f.public_inputs.data() + 8));
    }
    std::array<U256, 4> leaf;
    std::array<U256, 4> root;
    for (std::size_t i = 0; i < 4; ++i) {
      leaf[i] = word(f.public_inputs, 2 + i);
      root[i] = word(f.public_inputs, 6 + i);
    }
    data = bindings::MerklePathStarkVerifier::encode_verify(f.proof, word(f.public_inputs, 0), leaf, root);
  } else {
    std::array<U256, 12> seed;
    std::array<U256, 4> digest;
    for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = word(f.public_inputs, i);
    for (std::size_t i = 0; i < digest.size(); ++i) digest[i] = word(f.public_inputs, seed.size() + i);
    data = bindings::HashChainStarkVerifier::encode_verify(f.proof, U256(f.steps), seed, digest);
  }
  if (!data) return fail("stark verify: cannot encode the verify call");
  return *data;
}

}  // namespace

std::optional<std::string> l1_verifier_contract(stark::Example example) {
  switch (example) {
    case stark::Example::kFibonacci: return "FibonacciStarkVerifier";
    case stark::Example::kHashChain: return "HashChainStarkVerifier";
    case stark::Example::kMerklePath: return "MerklePathStarkVerifier";
  }
  return std::nullopt;
}

Result<L1Verdict> verify_on_l1(eth::Client& client, const std::optional<crypto::PrivateKey>& from,
                               const stark::ProofFile& file, std::optional<Address> verifier) {
  const auto contract = l1_verifier_contract(file.example);
  if (!contract) return fail("stark verify: statement {} has no L1 verifier", stark::example_name(file.example));
  L1Verdict v;
  v.contract = *contract;
  if (verifier) {
    auto code = client.code(*verifier, eth::BlockRef::latest());
    if (!code) return unexpected(eth::to_failure("reading the verifier's code", code.error()));
    if (code->empty()) return fail("stark verify: no contract at {}", crypto::to_checksum_hex(*verifier));
    v.verifier = *verifier;
  } else {
    if (!from) return fail("stark verify: deploying {} needs --private-key (or pass --deployment)", *contract);
    auto deployed = eth::deploy(client, *from, *contract, {});
    if (!deployed) return unexpected(eth::to_failure(fmt::format("deploying {}", *contract), deployed.error()));
    v.verifier = deployed->address;
  }
  auto data = verify_call(file);
  if (!data) return unexpected(data.error());

  eth::CallRequest call;
  call.to = v.verifier;
  call.data = *data;
  auto returned = client.call(call, eth::BlockRef::latest());
  if (!returned) {
    if (returned.error().kind != eth::RpcErrorKind::kReverted) {
      return unexpected(eth::to_failure("calling verify", returned.error()));
    }
    v.reason = returned.error().revert_reason.empty() ? returned.error().message : returned.error().revert_reason;
    return v;
  }
  // Every statement's verify returns one bool.
  auto ok = bindings::FibonacciStarkVerifier::decode_verify(*returned);
  if (!ok) return fail("stark verify: the verifier returned malformed data");
  v.accepted = *ok;
  if (!v.accepted) {
    v.reason = "verify returned false";
    return v;
  }
  if (!from) {
    auto estimate = client.estimate_gas(call);
    if (!estimate) return unexpected(eth::to_failure("estimating the verify call", estimate.error()));
    v.gas = *estimate;
    v.gas_estimated = true;
    return v;
  }
  eth::TxRequest tx;
  tx.to = v.verifier;
  tx.data = std::move(*data);
  tx.label = "stark.verify";
  auto receipt = client.send_transaction(*from, tx);
  if (!receipt) return unexpected(eth::to_failure("sending the verifying transaction", receipt.error()));
  v.gas = receipt->gas_used;
  v.tx = receipt->transaction_hash;
  return v;
}

}  // namespace xway::cli
