// Fallback for `terraform fmt -check` on machines without terraform: formats
// every .tf file under the given directories with hclwrite (compiled to
// WebAssembly in @cdktn/hcl-tools) and fails on any difference.
const fs = require("fs");
const path = require("path");
const { format } = require("@cdktn/hcl-tools");

function tfFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tfFiles(p);
    return e.name.endsWith(".tf") ? [p] : [];
  });
}

(async () => {
  let bad = 0;
  for (const dir of process.argv.slice(2)) {
    for (const file of tfFiles(dir)) {
      const text = fs.readFileSync(file, "utf8");
      if ((await format(text)) !== text) {
        console.error(`${file}: not formatted as terraform fmt would`);
        bad += 1;
      }
    }
  }
  process.exit(bad ? 3 : 0);
})();
