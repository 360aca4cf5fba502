// PP-OCRv4's Chinese recognizer over the cells bench/recognizers.py cut: WORK/crops.json lists them, each a raw 8-bit
// grey image 48 pixels high and `w` wide; writes WORK/ppocr.json, the text read from each, in order. One thread.
// The model's classes are the CTC blank, then the lines of ppocr_keys_v1.txt, then a space.
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

const work = process.argv[2];
const assets = path.join(work, 'node_modules', '@gutenye', 'ocr-models', 'assets');
const keys = fs.readFileSync(path.join(assets, 'ppocr_keys_v1.txt'), 'utf8').split('\n');
if (keys[keys.length - 1] === '') keys.pop();

(async () => {
  const session = await ort.InferenceSession.create(path.join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
                                                    {intraOpNumThreads: 1, interOpNumThreads: 1});
  const cells = JSON.parse(fs.readFileSync(path.join(work, 'crops.json'), 'utf8'));
  const out = [];
  const start = process.cpuUsage();
  for (const c of cells) {
    const grey = fs.readFileSync(c.raw);
    const h = 48, w = c.w, plane = h * w;
    const x = new Float32Array(3 * plane);
    for (let i = 0; i < plane; i++) x[i] = x[plane + i] = x[2 * plane + i] = grey[i] / 127.5 - 1;
    const result = await session.run({[session.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, h, w])});
    const probs = result[session.outputNames[0]];
    const [, steps, classes] = probs.dims;
    let text = '', previous = 0;
    for (let t = 0; t < steps; t++) {
      let best = 0;
      for (let k = 1; k < classes; k++)
        if (probs.data[t * classes + k] > probs.data[t * classes + best]) best = k;
      if (best !== 0 && best !== previous) text += best - 1 < keys.length ? keys[best - 1] : ' ';
      previous = best;
    }
    out.push(text);
  }
  const cpu = process.cpuUsage(start);
  fs.writeFileSync(path.join(work, 'ppocr.json'), JSON.stringify(out));
  console.error(`ppocr_v4: ${cells.length} cells, ${((cpu.user + cpu.system) / 1000 / Math.max(1, cells.length)).toFixed(1)} ms CPU a cell`);
})();
