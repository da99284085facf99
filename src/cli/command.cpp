#include "cli/command.hpp"

#include <iostream>

namespace xway::cli {

void Dispatcher::on(CLI::App* sub, Action action) {
  sub->callback([this, action = std::move(action)] { chosen_ = action; });
}

int Dispatcher::run() const {
  if (!chosen_) return 0;
  try {
    auto r = chosen_();
    if (!r) {
      std::cerr << "error: " << r.error().message << "\n";
      return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

void print_json(const nlohmann::json& value) { std::cout << value.dump(2) << std::endl; }

}  // namespace xway::cli
