#pragma once
/// The one-step proof on the wire: OptimisticRollup.proveStep(game, StepProof, stepProof) calldata,
/// encoded from a OneStepProof and decoded back strictly (the canonical ABI encoding only), so a
/// proof read off L1 or from disk has one meaning. The step index is not in the calldata (the
/// contract takes it from the game), so a decoded proof has step 0.
#include <cstdint>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "rollup/optimistic/bisection.hpp"

namespace xway::optimistic {

/// Why calldata is not a proveStep call.
enum class OneStepCodecError {
  kNotProveStep,  ///< another selector
  kBadCalldata,   ///< the arguments do not decode canonically
  kOutOfRange,    ///< a game id, account or nonce past 64 bits, or a step kind past 8 bits
};
/// One line naming the error.
std::string_view describe(OneStepCodecError e);

/// A decoded proveStep call.
struct ProveStepCall {
  std::uint64_t game = 0;
  OneStepProof proof;  ///< step = 0: not carried
};

/// The proveStep calldata that submits `proof` in game `game`.
Bytes encode_prove_step(std::uint64_t game, const OneStepProof& proof);
/// Decodes proveStep calldata.
expected<ProveStepCall, OneStepCodecError> decode_prove_step(ByteView calldata);

}  // namespace xway::optimistic
