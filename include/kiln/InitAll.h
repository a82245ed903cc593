// One registration point for every dialect, interface and pass that Kiln's
// tools (kiln-opt, kiln-compile) and tests use.
#ifndef KILN_INITALL_H
#define KILN_INITALL_H

namespace mlir {
class DialectRegistry;
}

namespace kiln {
/// Kiln's dialects, the upstream dialects its pipelines produce, and their
/// interface models (bufferization, LLVM translation, inlining).
void registerAllDialects(mlir::DialectRegistry &registry);
/// Kiln's passes and pipelines plus the upstream passes they build on.
void registerAllPasses();
} // namespace kiln

#endif // KILN_INITALL_H
