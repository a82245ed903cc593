// One case per kiln.recurrence verifier rule (lib/Dialect/Kiln/IR/RecurrenceOp.cpp).
// RUN: kiln-opt %s -split-input-file -verify-diagnostics

func.func @mixed(%p: tensor<2x7x1x4xf32>, %u: memref<1x1x4xf32>, %o: tensor<2x1x1xf32>, %f: tensor<1x1x2x1xf32>) {
  // expected-error @+1 {{operands must all be ranked tensors or all be memrefs}}
  %0:2 = kiln.recurrence ins(%p, %u : tensor<2x7x1x4xf32>, memref<1x1x4xf32>) outs(%o, %f : tensor<2x1x1xf32>, tensor<1x1x2x1xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, go_backwards = array<i1: false>, flip_outputs = array<i1: false>} -> tensor<2x1x1xf32>, tensor<1x1x2x1xf32>
  return
}

// -----

func.func @no_results_on_tensors(%p: tensor<2x7x1x4xf32>, %u: tensor<1x1x4xf32>, %o: tensor<2x1x1xf32>, %f: tensor<1x2x2x1xf32>) {
  // expected-error @+1 {{returns the new outputs and final_state on tensors, nothing on memrefs}}
  kiln.recurrence ins(%p, %u : tensor<2x7x1x4xf32>, tensor<1x1x4xf32>) outs(%o, %f : tensor<2x1x1xf32>, tensor<1x2x2x1xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, go_backwards = array<i1: false>, flip_outputs = array<i1: false>}
  return
}

// -----

func.func @mask_type(%p: memref<2x7x1x4xf32>, %u: memref<1x1x4xf32>, %m: memref<2x7xi1>, %o: memref<2x1x1xf32>, %f: memref<1x2x2x1xf32>) {
  // expected-error @+1 {{mask must be i8}}
  kiln.recurrence ins(%p, %u : memref<2x7x1x4xf32>, memref<1x1x4xf32>) mask(%m : memref<2x7xi1>) outs(%o, %f : memref<2x1x1xf32>, memref<1x2x2x1xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, go_backwards = array<i1: false>, flip_outputs = array<i1: false>}
  return
}

// -----

func.func @flip_count(%p: memref<2x7x1x4xf32>, %u: memref<1x1x4xf32>, %o: memref<2x1x1xf32>, %f: memref<1x2x2x1xf32>) {
  // expected-error @+1 {{go_backwards and flip_outputs must list the same 1 or 2 directions}}
  kiln.recurrence ins(%p, %u : memref<2x7x1x4xf32>, memref<1x1x4xf32>) outs(%o, %f : memref<2x1x1xf32>, memref<1x2x2x1xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, go_backwards = array<i1: false>, flip_outputs = array<i1: false, true>}
  return
}

// -----

func.func @lstm_recurrent_bias(%p: memref<2x7x1x4xf32>, %u: memref<1x1x4xf32>, %b: memref<1x4xf32>, %o: memref<2x1x1xf32>, %f: memref<1x2x2x1xf32>) {
  // expected-error @+1 {{only the gru cell (reset_after) takes a recurrent bias}}
  kiln.recurrence ins(%p, %u : memref<2x7x1x4xf32>, memref<1x1x4xf32>) recurrent_bias(%b : memref<1x4xf32>) outs(%o, %f : memref<2x1x1xf32>, memref<1x2x2x1xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, go_backwards = array<i1: false>, flip_outputs = array<i1: false>}
  return
}

// -----

func.func @gate_width(%p: memref<2x7x1x3xf32>, %u: memref<1x1x4xf32>, %o: memref<2x1x1xf32>, %f: memref<1x2x2x1xf32>) {
  // expected-error @+1 {{projected must be [2, 7, 1, 4]}}
  kiln.recurrence ins(%p, %u : memref<2x7x1x3xf32>, memref<1x1x4xf32>) outs(%o, %f : memref<2x1x1xf32>, memref<1x2x2x1xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, go_backwards = array<i1: false>, flip_outputs = array<i1: false>}
  return
}

// -----

func.func @state_count(%p: memref<2x7x1x4xf32>, %u: memref<1x1x4xf32>, %o: memref<2x1x1xf32>, %f: memref<1x1x2x1xf32>) {
  // expected-error @+1 {{final_state must be [1, 2, 2, 1]}}
  kiln.recurrence ins(%p, %u : memref<2x7x1x4xf32>, memref<1x1x4xf32>) outs(%o, %f : memref<2x1x1xf32>, memref<1x1x2x1xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, go_backwards = array<i1: false>, flip_outputs = array<i1: false>}
  return
}

// -----

func.func @sequence_outputs(%p: memref<2x7x1x3xf32>, %u: memref<1x1x3xf32>, %o: memref<2x1x1xf32>, %f: memref<1x1x2x1xf32>) {
  // expected-error @+1 {{outputs must be [2, 7, 1, 1]}}
  kiln.recurrence ins(%p, %u : memref<2x7x1x3xf32>, memref<1x1x3xf32>) outs(%o, %f : memref<2x1x1xf32>, memref<1x1x2x1xf32>) {cell = #kiln.cell<gru_reset_before>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, return_sequences, go_backwards = array<i1: false>, flip_outputs = array<i1: false>}
  return
}
