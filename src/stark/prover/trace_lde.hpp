#pragma once
/// The trace's low-degree extension and its commitment.
#include <memory>
#include <vector>

#include "stark/air/air.hpp"
#include "stark/crypto/merkle.hpp"

namespace xway::stark {

/// Trace polynomials, their evaluations over the LDE coset, and the Merkle tree of its rows.
struct TraceLde {
  std::vector<std::vector<Felt>> coefficients;  ///< per column, n coefficients
  std::vector<std::vector<Felt>> evaluations;   ///< per column, N = n·blowup values
  std::unique_ptr<MerkleTree> tree;             ///< leaves: rows of `evaluations`
};

/// Interpolates each column, extends it to offset·⟨ω_N⟩ and commits to the rows.
TraceLde extend_trace(const Trace& trace, std::size_t blowup, Felt offset);

/// The row `index` of column-major `columns`.
template <class E>
std::vector<E> row_of(const std::vector<std::vector<E>>& columns, std::size_t index) {
  std::vector<E> row;
  row.reserve(columns.size());
  for (const auto& c : columns) row.push_back(c[index]);
  return row;
}

/// A Merkle tree over the rows of column-major `columns`.
template <class E>
std::unique_ptr<MerkleTree> commit_rows(const std::vector<std::vector<E>>& columns);

}  // namespace xway::stark
