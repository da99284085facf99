#pragma once
/// The five Layer-2 families Expressway compares: their keys, headings and trust assumptions.
#include <span>
#include <string_view>

namespace xway::compare {

/// One family of Layer 2 as the comparison table names it.
struct FamilyInfo {
  std::string_view name;   ///< the key in `--families` and in the JSON report
  std::string_view title;  ///< the row heading
  std::string_view trust;  ///< the trust assumption, in words
};

/// Every family, in the table's order: channels, optimistic, zk, sidechain, plasma.
std::span<const FamilyInfo> families();

}  // namespace xway::compare
