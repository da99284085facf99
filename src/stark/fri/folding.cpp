#include "stark/fri/folding.hpp"

#include <cassert>

namespace xway::stark {
namespace {

constexpr Felt kInvTwo = Felt(2).inverse();
constexpr Felt kInvFour = Felt(4).inverse();
// ω_4^-1: the inverse DFT of size 4 uses it.
constexpr Felt kOmega4Inv = root_of_unity(2).inverse();

}  // namespace

Felt2 fold_leaf(std::span<const Felt2> y, Felt x_inv, Felt2 alpha) {
  const Felt2 beta = alpha * x_inv;
  if (y.size() == 2) {
    const Felt2 q0 = (y[0] + y[1]) * kInvTwo;
    const Felt2 q1 = (y[0] - y[1]) * kInvTwo;
    return q0 + beta * q1;
  }
  assert(y.size() == 4);
  // Radix-2 inverse DFT of size 4: ω_4^-2 = -1.
  const Felt2 s02 = y[0] + y[2];
  const Felt2 d02 = y[0] - y[2];
  const Felt2 s13 = y[1] + y[3];
  const Felt2 d13 = (y[1] - y[3]) * kOmega4Inv;
  const Felt2 q0 = (s02 + s13) * kInvFour;
  const Felt2 q1 = (d02 + d13) * kInvFour;
  const Felt2 q2 = (s02 - s13) * kInvFour;
  const Felt2 q3 = (d02 - d13) * kInvFour;
  return q0 + beta * (q1 + beta * (q2 + beta * q3));
}

}  // namespace xway::stark
