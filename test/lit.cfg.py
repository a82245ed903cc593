# Lit configuration for Kiln's IR, importer, tool and end-to-end tests.
import os
import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Kiln"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "test")
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]

llvm_config.with_system_environment(["HOME", "TMPDIR"])
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.kiln_tools_dir, append_path=True)

# Debian keeps numpy and h5py under the system interpreter, not the first
# python3 on PATH.
python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"
config.substitutions.append(("%python", python))
config.substitutions.append(("%kiln_src", config.kiln_src_root))
config.substitutions.append(("%kiln_lib_dir", config.kiln_lib_dir))
config.substitutions.append(("%inputs", os.path.join(config.kiln_src_root, "test", "Inputs")))
config.substitutions.append(("%e2e", os.path.join(config.kiln_src_root, "test", "e2e")))
config.substitutions.append(("%cc", config.c_compiler))
config.substitutions.append(("%kiln_include", os.path.join(config.kiln_src_root, "include")))

llvm_config.add_tool_substitutions(
    [ToolSubst("kiln-opt", unresolved="fatal"),
     ToolSubst("kiln-compile", unresolved="fatal"),
     ToolSubst("kiln-run", unresolved="fatal")],
    [config.kiln_tools_dir])
