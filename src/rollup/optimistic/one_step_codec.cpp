#include "rollup/optimistic/one_step_codec.hpp"

#include "bindings/OptimisticRollup.hpp"

namespace xway::optimistic {
namespace {

namespace orb = bindings::OptimisticRollup;
using eth::abi::Value;

const eth::abi::Signature& prove_step_signature() {
  static const eth::abi::Signature s = eth::abi::parse_signature(
      "proveStep(uint256,(bytes32,bytes32,uint8,bytes,(uint64,address,uint64,uint256,uint256,bytes32[],uint256,"
      "bytes32[])[],uint256,bytes32[]),bytes32[])")
                                           .value();
  return s;
}

Hash32 hash_of(const Value& v) {
  Hash32 h;
  const Bytes& b = v.as_bytes();
  std::copy(b.begin(), b.end(), h.begin());
  return h;
}

std::vector<Hash32> hashes_of(const Value& v) {
  std::vector<Hash32> out;
  for (const Value& e : v.as_list()) out.push_back(hash_of(e));
  return out;
}

bool fits(const U256& v, std::uint64_t max) { return v <= U256(max); }

crypto::SmtProof<Hash32> proof_of(const Value& bitmap, const Value& siblings) {
  crypto::SmtProof<Hash32> p;
  const auto be = to_be32(bitmap.as_uint());
  std::copy(be.begin(), be.end(), p.bitmap.begin());
  p.siblings = hashes_of(siblings);
  return p;
}

orb::Witness witness_of(const ledger::ChangeWitness<Hash32>& w) {
  return orb::Witness{U256(w.account),
                      w.slot.address,
                      U256(w.slot.nonce),
                      w.slot.balance,
                      from_be(w.balance_proof.bitmap.view()),
                      w.balance_proof.siblings,
                      from_be(w.account_proof.bitmap.view()),
                      w.account_proof.siblings};
}

}  // namespace

std::string_view describe(OneStepCodecError e) {
  switch (e) {
    case OneStepCodecError::kNotProveStep: return "one-step proof: not a proveStep call";
    case OneStepCodecError::kBadCalldata: return "one-step proof: the arguments are not a canonical encoding";
    case OneStepCodecError::kOutOfRange: return "one-step proof: a field is out of range";
  }
  return "one-step proof: unknown error";
}

Bytes encode_prove_step(std::uint64_t game, const OneStepProof& p) {
  orb::StepProof sp;
  sp.stateRoot = p.state_root;
  sp.withdrawalRoot = p.withdrawal_root;
  sp.kind = U256(p.kind);
  sp.data = p.data;
  for (const auto& w : p.witnesses) sp.witnesses.push_back(witness_of(w));
  sp.withdrawalBitmap = from_be(p.withdrawal_proof.bitmap.view());
  sp.withdrawalSiblings = p.withdrawal_proof.siblings;
  return orb::encode_proveStep(U256(game), sp, p.step_proof).value();
}

expected<ProveStepCall, OneStepCodecError> decode_prove_step(ByteView calldata) {
  const auto sel = prove_step_signature().selector();
  if (calldata.size() < 4 || !std::equal(sel.begin(), sel.end(), calldata.begin())) {
    return unexpected(OneStepCodecError::kNotProveStep);
  }
  auto args = eth::abi::decode_call(prove_step_signature(), calldata);
  if (!args || args->size() != 3) return unexpected(OneStepCodecError::kBadCalldata);
  const U256& game = (*args)[0].as_uint();
  const auto& sp = (*args)[1].as_list();
  if (!fits(game, UINT64_MAX) || !fits(sp[2].as_uint(), 255)) return unexpected(OneStepCodecError::kOutOfRange);
  ProveStepCall out;
  out.game = static_cast<std::uint64_t>(game);
  OneStepProof& p = out.proof;
  p.state_root = hash_of(sp[0]);
  p.withdrawal_root = hash_of(sp[1]);
  p.kind = static_cast<std::uint8_t>(sp[2].as_uint());
  p.data = sp[3].as_bytes();
  for (const Value& wv : sp[4].as_list()) {
    const auto& w = wv.as_list();
    ledger::ChangeWitness<Hash32> cw;
    cw.account = static_cast<std::uint64_t>(w[0].as_uint());
    cw.slot.address = w[1].as_address();
    cw.slot.nonce = static_cast<std::uint64_t>(w[2].as_uint());
    cw.slot.balance = w[3].as_uint();
    cw.balance_proof = proof_of(w[4], w[5]);
    cw.account_proof = proof_of(w[6], w[7]);
    p.witnesses.push_back(std::move(cw));
  }
  p.withdrawal_proof = proof_of(sp[5], sp[6]);
  p.step_proof = hashes_of((*args)[2]);
  return out;
}

}  // namespace xway::optimistic
