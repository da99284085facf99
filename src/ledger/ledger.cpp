#include "ledger/ledger.hpp"

namespace xway::ledger {

template class Ledger<KeccakLedgerHasher>;

}  // namespace xway::ledger
