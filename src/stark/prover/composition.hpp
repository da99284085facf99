#pragma once
/// The prover's side of the composition polynomial: evaluated over the LDE domain, split into
/// columns of degree below n, extended and committed.
#include <memory>
#include <vector>

#include "stark/air/protocol.hpp"
#include "stark/crypto/merkle.hpp"
#include "stark/prover/trace_lde.hpp"

namespace xway::stark {

/// The committed composition polynomial.
struct CompositionLde {
  std::vector<std::vector<Felt2>> coefficients;  ///< H_i, n coefficients each
  std::vector<std::vector<Felt2>> evaluations;   ///< H_i over the LDE coset
  std::unique_ptr<MerkleTree> tree;              ///< leaves: rows (H_0(x), ..., H_{m-1}(x))
};

/// C(x) at every point of the LDE coset (see protocol.hpp for the formula).
std::vector<Felt2> evaluate_composition(const Air& air, const TraceLde& trace, const CompositionCoefficients& coeffs,
                                        std::size_t blowup, Felt offset);

/// Interpolates C, splits it into `columns` polynomials H_i, extends and commits them.
CompositionLde commit_composition(std::vector<Felt2> evaluations, std::size_t n, std::size_t columns, Felt offset);

}  // namespace xway::stark
