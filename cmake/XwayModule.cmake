# One CMake library per folder of DESIGN.md's tree.
#
#   xway_module(NAME core DIR src/core DEPS <public link deps...>)
#
# Sources are the folder's *.cpp files except *_test.cpp (unit tests, one GoogleTest binary per
# module, CTest label "unit") and *_main.cpp (helper programs that tests spawn, built as executables
# named after the file). DEPS is the list of what the module may use: the layering of DESIGN.md is
# enforced by linking, so a family that links another family is a review error.
include(GoogleTest)

function(xway_module)
  cmake_parse_arguments(M "" "NAME;DIR" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB _all CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${M_DIR}/*.cpp)
  set(_srcs)
  set(_tests)
  set(_mains)
  foreach(f IN LISTS _all)
    if(f MATCHES "_test\\.cpp$")
      list(APPEND _tests ${f})
    elseif(f MATCHES "_main\\.cpp$")
      list(APPEND _mains ${f})
    else()
      list(APPEND _srcs ${f})
    endif()
  endforeach()
  set(_target xway_${M_NAME})
  if(_srcs)
    add_library(${_target} STATIC ${_srcs})
    target_include_directories(${_target} PUBLIC ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(${_target} PUBLIC ${M_DEPS})
  else()
    add_library(${_target} INTERFACE)
    target_include_directories(${_target} INTERFACE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(${_target} INTERFACE ${M_DEPS})
  endif()
  set(_helpers)
  foreach(m IN LISTS _mains)
    get_filename_component(_n ${m} NAME_WE)
    string(REGEX REPLACE "_main$" "" _n ${_n})
    add_executable(${M_NAME}_${_n} ${m})
    target_link_libraries(${M_NAME}_${_n} PRIVATE ${_target} ${M_TEST_DEPS})
    list(APPEND _helpers ${M_NAME}_${_n})
  endforeach()
  if(_tests AND XWAY_TESTS)
    add_executable(${_target}_test ${_tests})
    target_link_libraries(${_target}_test PRIVATE ${_target} ${M_TEST_DEPS} GTest::gtest_main GTest::gmock)
    target_compile_definitions(${_target}_test PRIVATE
      XWAY_SOURCE_DIR="${CMAKE_SOURCE_DIR}" XWAY_BINARY_DIR="${CMAKE_BINARY_DIR}")
    # Tests spawn the module's helper programs, so building the test builds them too.
    if(_helpers)
      add_dependencies(${_target}_test ${_helpers})
    endif()
    gtest_discover_tests(${_target}_test
      PROPERTIES LABELS unit
      DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
