#include "compare/family.hpp"

#include <array>

namespace xway::compare {

std::span<const FamilyInfo> families() {
  static constexpr std::array<FamilyInfo, 5> kFamilies{{
      {"channels", "Payment channels",
       "each party (or its watchtower) watches L1 and disputes within the settle timeout"},
      {"optimistic", "Optimistic rollup",
       "one honest verifier challenges a wrong root within the challenge window"},
      // Signatures are checked by the operator's admission, not yet by the statement L1 verifies.
      {"zk", "ZK rollup",
       "the STARK's soundness, and the operator for authorization until the proof checks signatures; "
       "data posted to L1 lets anyone exit"},
      {"sidechain", "Sidechain",
       "more than 2/3 of validators honest; the bridge federation's M-of-N keys"},
      {"plasma", "Plasma",
       "users (or watchers) exit within the exit period when the operator cheats or withholds"},
  }};
  return kFamilies;
}

}  // namespace xway::compare
