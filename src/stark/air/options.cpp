#include "stark/air/options.hpp"

#include <algorithm>
#include <bit>

#include <fmt/format.h>

namespace xway::stark {

bool options_valid(const ProofOptions& o, std::size_t composition_columns) {
  return std::has_single_bit(o.blowup) && o.blowup >= 2 && o.blowup <= 64 &&
         o.blowup >= composition_columns && o.num_queries >= 1 && o.num_queries <= 255 &&
         (o.folding_factor == 2 || o.folding_factor == 4) && o.max_remainder_coeffs >= 1 &&
         o.max_remainder_coeffs <= 1024 && o.grinding_bits <= 32;
}

unsigned conjectured_security_bits(const ProofOptions& o, std::size_t trace_length) {
  const unsigned log_lde = static_cast<unsigned>(std::bit_width(trace_length * o.blowup) - 1);
  const unsigned field_bits = 128 > log_lde ? 128 - log_lde : 0;
  const unsigned query_bits =
      static_cast<unsigned>(std::bit_width(o.blowup) - 1) * o.num_queries + o.grinding_bits;
  const unsigned bits = std::min(field_bits, query_bits);
  return std::min(bits == 0 ? 0 : bits - 1, 128U);
}

FriParams fri_params(const ProofOptions& o, std::size_t trace_length) {
  return FriParams{.domain_size = trace_length * o.blowup,
                   .blowup = o.blowup,
                   .folding_factor = o.folding_factor,
                   .max_remainder_coeffs = o.max_remainder_coeffs,
                   .offset = kGenerator};
}

std::string describe_options(const ProofOptions& o, std::size_t trace_length) {
  return fmt::format("blowup {} queries {} folding {} remainder<={} grinding {} bits: {} bits conjectured security",
                     o.blowup, o.num_queries, o.folding_factor, o.max_remainder_coeffs, o.grinding_bits,
                     conjectured_security_bits(o, trace_length));
}

}  // namespace xway::stark
