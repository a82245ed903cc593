#!/usr/bin/env node
// Dot / Softmax / Dot attention models for test/Import/dot-attention-tfjs.test,
// built and run with TensorFlow.js 4.22 (CPU backend) as the reference: TF.js
// implements Dense, Dot, Softmax, Activation and Rescaling (spec §3).
//
// Usage: node make_models.js [OUT_DIR]   (default: this script's directory)
//
// For each model writes OUT_DIR/<model>/: tfjs/model.json + tfjs/weights.bin
// as TF.js saves them (tf.io.withSaveHandler), input_<name>[_<case>].npy and
// the TF.js predictions expected_<output>[_<case>].npy. Weights come from a seeded mulberry32
// PRNG, so a rerun writes identical files. Uses the TF.js installed for the
// e2e fixtures (scripts/fixtures/node_modules; `npm ci` there installs it).
//
// Models (q, k, v: Dense projections of the inputs):
//   self_attention  x (B, 6, 8):
//     plain   Dot(axes=2)([q, k]) -> Activation("softmax") -> Dot(axes=[2, 1])([p, v])
//     scaled  Dot(axes=2, normalize=false) -> Rescaling(1/sqrt(8)) -> Softmax(axis=-1)
//             -> Dot(axes=[2, 1])
//   cross_attention  a (B, 4, 8) queries, b (B, None, 8) keys/values (a
//     dynamic key length; kb has no bias): Dot(axes=-1)([qa, kb]) -> Rescaling
//     -> Softmax(axis=2) -> Dot(axes=[2, 1])([p, vb]), then a Dense(5) head
// (TF.js' Softmax layer defaults to axis 1, not Keras' -1, so it is explicit.)

'use strict';
const fs = require('fs');
const path = require('path');
const tf = require(path.join(__dirname, '..', '..', '..', '..', 'scripts', 'fixtures',
                             'node_modules', '@tensorflow', 'tfjs'));

function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function uniform(rng, n, lo, hi) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng();
  return a;
}
const prod = (s) => s.reduce((x, y) => x * y, 1);

function writeNpy(file, data, shape) {
  if (prod(shape) !== data.length) throw new Error(`${file}: shape/data mismatch`);
  const shp = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shp}, }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre[0] = 0x93;
  pre.write('NUMPY', 1, 'latin1');
  pre[6] = 1;
  pre.writeUInt16LE(header.length, 8);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'),
                                        Buffer.from(data.buffer, data.byteOffset,
                                                    data.byteLength)]));
}

// Kernels scaled by fan-in so that the scores stay O(1) and the softmax is
// neither flat nor one-hot.
function setSeededWeights(model, seed) {
  const rng = mulberry32(seed);
  model.setWeights(model.weights.map((w) => {
    const leaf = w.originalName.split('/').pop();
    const s = leaf === 'kernel' ? 2.0 / Math.sqrt(w.shape[0]) : 0.5;
    return tf.tensor(uniform(rng, prod(w.shape), -s, s), w.shape, 'float32');
  }));
}

const dense = (name, units) => tf.layers.dense({name, units, useBias: name !== 'kb'});

function selfAttention() {
  const x = tf.input({name: 'x', shape: [6, 8]});
  const [q, k, v] = ['q', 'k', 'v'].map((n) => dense(n, 8).apply(x));
  const s = tf.layers.dot({name: 'scores', axes: 2}).apply([q, k]);
  const p = tf.layers.activation({name: 'probs', activation: 'softmax'}).apply(s);
  const plain = tf.layers.dot({name: 'plain', axes: [2, 1]}).apply([p, v]);
  const s2 = tf.layers.dot({name: 'scores_2', axes: 2, normalize: false}).apply([q, k]);
  const r2 = tf.layers.rescaling({name: 'scale_2', scale: 1 / Math.sqrt(8)}).apply(s2);
  const p2 = tf.layers.softmax({name: 'probs_2', axis: -1}).apply(r2);
  const scaled = tf.layers.dot({name: 'scaled', axes: [2, 1]}).apply([p2, v]);
  return {model: tf.model({name: 'self_attention', inputs: x, outputs: [plain, scaled]}),
          inputs: {x: [3, 6, 8]}};
}

function crossAttention() {
  const a = tf.input({name: 'a', shape: [4, 8]});
  const b = tf.input({name: 'b', shape: [null, 8]});
  const q = dense('qa', 8).apply(a);
  const k = dense('kb', 8).apply(b);
  const v = dense('vb', 6).apply(b);
  const s = tf.layers.dot({name: 'scores', axes: -1}).apply([q, k]);
  const r = tf.layers.rescaling({name: 'scale', scale: 1 / Math.sqrt(8)}).apply(s);
  const p = tf.layers.softmax({name: 'probs', axis: 2}).apply(r);
  const o = tf.layers.dot({name: 'attend', axes: [2, 1]}).apply([p, v]);
  const head = dense('head', 5).apply(o);
  return {model: tf.model({name: 'cross_attention', inputs: [a, b], outputs: head}),
          inputs: {a: [2, 4, 8], b: [2, 7, 8]}, cases: {s3: {a: [2, 4, 8], b: [2, 3, 8]}}};
}

async function save(model, dir) {
  let artifacts = null;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return {modelArtifactsInfo: {dateSaved: new Date(0), modelTopologyType: 'JSON'}};
  }));
  const tfjsDir = path.join(dir, 'tfjs');
  fs.mkdirSync(tfjsDir, {recursive: true});
  fs.writeFileSync(path.join(tfjsDir, 'weights.bin'), Buffer.from(artifacts.weightData));
  const json = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{paths: ['weights.bin'], weights: artifacts.weightSpecs}],
  };
  fs.writeFileSync(path.join(tfjsDir, 'model.json'), JSON.stringify(json));
}

async function main() {
  const out = process.argv[2] || __dirname;
  for (const [seed, build] of [[11, selfAttention], [12, crossAttention]]) {
    const {model, inputs, cases} = build();
    setSeededWeights(model, seed);
    const dir = path.join(out, model.name);
    await save(model, dir);
    const rng = mulberry32(seed + 100);
    // The default case, then named ones (other dynamic sizes) with a _<case> suffix.
    for (const [suffix, shapes] of [['', inputs], ...Object.entries(cases || {})
                                        .map(([c, v]) => [`_${c}`, v])]) {
      const tensors = Object.entries(shapes).map(([name, shape]) => {
        const data = uniform(rng, prod(shape), -2, 2);
        writeNpy(path.join(dir, `input_${name}${suffix}.npy`), data, shape);
        return tf.tensor(data, shape, 'float32');
      });
      let outputs = model.predict(tensors.length === 1 ? tensors[0] : tensors);
      if (!Array.isArray(outputs)) outputs = [outputs];
      model.outputNames.forEach((name, i) => {
        writeNpy(path.join(dir, `expected_${name}${suffix}.npy`), outputs[i].dataSync(),
                 outputs[i].shape);
      });
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
