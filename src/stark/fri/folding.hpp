#pragma once
/// The folding step both FRI sides share.
///
/// A leaf holds y_k = p(x·ω_f^k) for k < f. Writing p(X) = Σ_m X^m p_m(X^f), the inverse DFT
/// q = iDFT_f(y) gives q_m = x^m p_m(x^f), so the folded polynomial p'(Y) = Σ_m α^m p_m(Y) takes
/// at Y = x^f the value Σ_m (α/x)^m q_m. Its degree bound is the old one divided by f.
#include <span>

#include "stark/math/ext2.hpp"

namespace xway::stark {

/// Folds the f = values.size() (2 or 4) values of one leaf at base point x (given as x^-1).
Felt2 fold_leaf(std::span<const Felt2> values, Felt x_inv, Felt2 alpha);

/// Where the value at `position` of a domain of size n sits: leaf position mod (n/f), slot
/// position / (n/f).
struct LeafSlot {
  std::size_t leaf;  ///< the leaf index
  std::size_t slot;  ///< the value's place in the leaf
};

/// The leaf and slot of `position` in a layer of `domain_size` folded by `folding_factor`.
inline LeafSlot leaf_slot(std::size_t position, std::size_t domain_size, unsigned folding_factor) {
  const std::size_t leaves = domain_size / folding_factor;
  return {position % leaves, position / leaves};
}

}  // namespace xway::stark
