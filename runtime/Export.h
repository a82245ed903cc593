//===- Export.h - Public runtime declarations, exported -------------------===//
//
// The runtime is built with hidden visibility so that its C++ internals (and
// the oneDNN/STL templates it instantiates) do not leak into the dynamic
// symbol table of every compiled model. The public headers carry no export
// macro (they are the frozen ABI), so every runtime source includes them
// through this file: declarations made under the pragma get default
// visibility, and the definitions inherit it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_EXPORT_H
#define KILN_RUNTIME_EXPORT_H

#pragma GCC visibility push(default)
#include "kiln/Runtime/KilnRuntimeABI.h"
#include "kiln/Runtime/kiln.h"
#pragma GCC visibility pop

#endif // KILN_RUNTIME_EXPORT_H
