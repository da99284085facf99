#include "stark/prover/trace_lde.hpp"

#include "stark/math/ntt.hpp"
#include "stark/math/parallel.hpp"

namespace xway::stark {

template <class E>
std::unique_ptr<MerkleTree> commit_rows(const std::vector<std::vector<E>>& columns) {
  const std::size_t rows = columns.front().size();
  std::vector<Hash32> leaves(rows);
  parallel_for(0, rows, 1 << 10, [&](std::size_t lo, std::size_t hi) {
    std::vector<E> row(columns.size());
    for (std::size_t i = lo; i < hi; ++i) {
      for (std::size_t c = 0; c < columns.size(); ++c) row[c] = columns[c][i];
      leaves[i] = hash_row(std::span<const E>(row));
    }
  });
  return std::make_unique<MerkleTree>(std::move(leaves));
}

template std::unique_ptr<MerkleTree> commit_rows<Felt>(const std::vector<std::vector<Felt>>&);
template std::unique_ptr<MerkleTree> commit_rows<Felt2>(const std::vector<std::vector<Felt2>>&);

TraceLde extend_trace(const Trace& trace, std::size_t blowup, Felt offset) {
  TraceLde lde;
  lde.coefficients.resize(trace.size());
  lde.evaluations.resize(trace.size());
  const std::size_t domain = trace.front().size() * blowup;
  // Columns are independent: spread them over the threads (each NTT then runs on one).
  parallel_for(0, trace.size(), 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t c = lo; c < hi; ++c) {
      lde.coefficients[c] = trace[c];
      intt(std::span<Felt>(lde.coefficients[c]));
      lde.evaluations[c] = evaluate_on_coset(std::span<const Felt>(lde.coefficients[c]), domain, offset);
    }
  });
  lde.tree = commit_rows(lde.evaluations);
  return lde;
}

}  // namespace xway::stark
