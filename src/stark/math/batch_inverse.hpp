#pragma once
/// Montgomery's batch inversion: n inverses for one field inversion and 3(n-1) multiplications.
#include <span>
#include <vector>

namespace xway::stark {

/// The inverses of `values` (Felt or Felt2); a zero input yields zero in its place.
template <class E>
std::vector<E> batch_inverse(std::span<const E> values) {
  std::vector<E> out(values.size());
  E acc = E::one();
  for (std::size_t i = 0; i < values.size(); ++i) {
    out[i] = acc;  // prefix product of the non-zero values before i
    if (!(values[i] == E::zero())) acc *= values[i];
  }
  E inv = acc.inverse();
  for (std::size_t i = values.size(); i-- > 0;) {
    if (values[i] == E::zero()) {
      out[i] = E::zero();
      continue;
    }
    out[i] *= inv;
    inv *= values[i];
  }
  return out;
}

}  // namespace xway::stark
