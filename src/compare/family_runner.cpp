#include "compare/family_runner.hpp"

#include "compare/runner_families.hpp"

namespace xway::compare {

std::unique_ptr<FamilyRunner> make_runner(std::string_view family) {
  for (const auto& [name, factory] : runner_families()) {
    if (name == family) return factory();
  }
  return nullptr;
}

}  // namespace xway::compare
