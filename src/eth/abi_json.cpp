// Contract ABI JSON as solc writes it: functions, events, errors and the constructor.
#include <nlohmann/json.hpp>

#include "eth/abi.hpp"

namespace xway::eth::abi {

namespace {

using Json = nlohmann::json;

std::string string_field(const Json& entry, const char* key) {
  auto it = entry.find(key);
  return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
}

expected<Type, AbiError> param_type(const Json& param, std::size_t depth);

// "tuple", "tuple[]", "tuple[2][]": the tuple built from `components`, then the array suffix.
expected<Type, AbiError> tuple_type(const Json& param, std::string_view type, std::size_t depth) {
  auto components = param.find("components");
  if (components == param.end() || !components->is_array()) return unexpected(AbiError::kBadJson);
  std::vector<Type> members;
  for (const Json& c : *components) {
    auto t = param_type(c, depth + 1);
    if (!t) return unexpected(t.error());
    members.push_back(std::move(*t));
  }
  std::string text = Type::tuple(std::move(members)).canonical();
  text += type.substr(5);
  auto parsed = Type::parse(text);
  if (!parsed) return unexpected(parsed.error() == AbiError::kDepthLimit ? AbiError::kDepthLimit : AbiError::kBadJson);
  return parsed;
}

expected<Type, AbiError> param_type(const Json& param, std::size_t depth) {
  if (depth >= kMaxDepth) return unexpected(AbiError::kDepthLimit);
  if (!param.is_object()) return unexpected(AbiError::kBadJson);
  auto type = param.find("type");
  if (type == param.end() || !type->is_string()) return unexpected(AbiError::kBadJson);
  const std::string& text = type->get_ref<const std::string&>();
  if (text.starts_with("tuple")) return tuple_type(param, text, depth);
  auto parsed = Type::parse(text);
  if (!parsed) return unexpected(AbiError::kBadJson);
  return parsed;
}

expected<std::vector<Param>, AbiError> params(const Json& entry, const char* key) {
  std::vector<Param> out;
  auto list = entry.find(key);
  if (list == entry.end()) return out;
  if (!list->is_array()) return unexpected(AbiError::kBadJson);
  for (const Json& p : *list) {
    auto t = param_type(p, 0);
    if (!t) return unexpected(t.error());
    auto indexed = p.find("indexed");
    bool is_indexed = indexed != p.end() && indexed->is_boolean() && indexed->get<bool>();
    out.push_back(Param{string_field(p, "name"), std::move(*t), is_indexed});
  }
  return out;
}

std::vector<Type> types_of(const std::vector<Param>& ps) {
  std::vector<Type> out;
  out.reserve(ps.size());
  for (const Param& p : ps) out.push_back(p.type);
  return out;
}

}  // namespace

Signature Function::signature() const { return Signature{name, types_of(inputs)}; }
Signature Event::signature() const { return Signature{name, types_of(inputs)}; }
Hash32 Event::topic() const { return event_topic(signature().canonical()); }
Signature ErrorDef::signature() const { return Signature{name, types_of(inputs)}; }

expected<ContractAbi, AbiError> ContractAbi::parse(std::string_view json) {
  Json root = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!root.is_array()) return unexpected(AbiError::kBadJson);
  ContractAbi abi;
  for (const Json& entry : root) {
    if (!entry.is_object()) return unexpected(AbiError::kBadJson);
    std::string kind = string_field(entry, "type");
    if (kind.empty()) kind = "function";  // solc always writes it; older ABIs may omit it
    auto inputs = params(entry, "inputs");
    if (!inputs) return unexpected(inputs.error());
    std::string name = string_field(entry, "name");
    if ((kind == "function" || kind == "event" || kind == "error") && name.empty()) {
      return unexpected(AbiError::kBadJson);
    }
    if (kind == "function") {
      auto outputs = params(entry, "outputs");
      if (!outputs) return unexpected(outputs.error());
      abi.functions_.push_back(Function{std::move(name), std::move(*inputs), std::move(*outputs),
                                        string_field(entry, "stateMutability")});
    } else if (kind == "event") {
      auto anonymous = entry.find("anonymous");
      bool is_anonymous = anonymous != entry.end() && anonymous->is_boolean() && anonymous->get<bool>();
      abi.events_.push_back(Event{std::move(name), std::move(*inputs), is_anonymous});
    } else if (kind == "error") {
      abi.errors_.push_back(ErrorDef{std::move(name), std::move(*inputs)});
    } else if (kind == "constructor") {
      abi.constructor_inputs_ = std::move(*inputs);
    }
  }
  return abi;
}

const Function* ContractAbi::function(std::string_view name) const {
  for (const Function& f : functions_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const Function* ContractAbi::function_by_selector(const FixedBytes<4>& selector) const {
  for (const Function& f : functions_) {
    if (f.signature().selector() == selector) return &f;
  }
  return nullptr;
}

const Event* ContractAbi::event(std::string_view name) const {
  for (const Event& e : events_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

const Event* ContractAbi::event_by_topic(const Hash32& topic0) const {
  for (const Event& e : events_) {
    if (!e.anonymous && e.topic() == topic0) return &e;
  }
  return nullptr;
}

const ErrorDef* ContractAbi::error_by_selector(const FixedBytes<4>& selector) const {
  for (const ErrorDef& e : errors_) {
    if (e.signature().selector() == selector) return &e;
  }
  return nullptr;
}

}  // namespace xway::eth::abi
