#include "channels/probability.hpp"

#include <algorithm>
#include <cmath>

namespace xway::channels {
// success_probability is inline in probability.hpp: the search evaluates it on every edge.

}  // namespace xway::channels
