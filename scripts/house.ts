// `npm run lint`: the house rules of src/ that a reader relies on, checked with the TypeScript
// compiler's own parser: no import circle (type-only imports count: a circle held by a type still
// ties the files together), no file over MAX_FILE_LINES lines, no function over MAX_FUNCTION_LINES.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Longest a file in src/ may be, in lines. */
export const MAX_FILE_LINES = 450;
/** Longest a function or method in src/ may be, in lines (its signature to its closing brace). */
export const MAX_FUNCTION_LINES = 80;

/** What breaks the house rules: each import circle as a list of files, each long file and long function. */
export interface HouseReport {
  circles: string[][];
  longFiles: { file: string; lines: number }[];
  longFunctions: { file: string; name: string; line: number; lines: number }[];
}

const listTs = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listTs(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

// The name a reader would look for: the function's or method's own, else the variable or property it is assigned to.
function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) return parent.name.getText(source);
  return '(anonymous)';
}

/** Checks every .ts file under `root` (default this project's src/). */
export function houseReport(root = fileURLToPath(new URL('../src', import.meta.url))): HouseReport {
  const files = listTs(root);
  const imports = new Map<string, string[]>();
  const report: HouseReport = { circles: [], longFiles: [], longFunctions: [] };
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const rel = path.relative(root, file);
    const lines = source.getLineAndCharacterOfPosition(text.length).line + (text.endsWith('\n') ? 0 : 1);
    if (lines > MAX_FILE_LINES) report.longFiles.push({ file: rel, lines });
    const targets: string[] = [];
    const visit = (node: ts.Node) => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const spec = node.moduleSpecifier.text;
        if (spec.startsWith('.')) targets.push(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      }
      if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > MAX_FUNCTION_LINES) report.longFunctions.push({ file: rel, name: nameOf(node, source), line: start + 1, lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    imports.set(file, targets);
  }
  report.circles = circles(imports).map((c) => c.map((f) => path.relative(root, f)).sort());
  return report;
}

/** The strongly connected components of more than one file (Tarjan's algorithm), each an import circle. */
function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1) out.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = houseReport();
  for (const c of r.circles) console.log(`import circle: ${c.join(' → ')}`);
  for (const f of r.longFiles) console.log(`file over ${MAX_FILE_LINES} lines: ${f.file} (${f.lines})`);
  for (const f of r.longFunctions) console.log(`function over ${MAX_FUNCTION_LINES} lines: ${f.file}:${f.line} ${f.name} (${f.lines})`);
  const problems = r.circles.length + r.longFiles.length + r.longFunctions.length;
  console.log(problems ? `${problems} problem(s) in src/` : 'src/ keeps the house rules: no import circle, no file over 450 lines, no function over 80 lines');
  process.exit(problems ? 1 : 0);
}
