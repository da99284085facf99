#include "eth/types.hpp"

namespace xway::eth {

BlockRef BlockRef::number(std::uint64_t n) { return BlockRef(to_quantity(n)); }

}  // namespace xway::eth
