/**
 * Issue 15, "shape of the code": the scoring folder reads as the pipeline — no function over 80
 * lines, and the calculation never reaches the text readers (parse.ts, io/json.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SCORING = resolve('src/scoring');
const files = readdirSync(SCORING)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(SCORING, f));

function source(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** Relative imports (static and dynamic, value and type) of one file, resolved to .ts paths. */
function imports(file: string): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    let spec: string | undefined;
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier)
      spec = (n.moduleSpecifier as ts.StringLiteral).text;
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword)
      spec = (n.arguments[0] as ts.StringLiteral | undefined)?.text;
    if (spec?.startsWith('.')) {
      const base = resolve(dirname(file), spec);
      const hit = [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
      if (hit) out.push(hit);
    }
    ts.forEachChild(n, visit);
  };
  visit(source(file));
  return out;
}

describe('the shape of src/scoring (issue 15)', () => {
  it('no function in src/scoring is longer than 80 lines', () => {
    const long: string[] = [];
    for (const file of files) {
      const src = source(file);
      const visit = (n: ts.Node): void => {
        if (ts.isFunctionLike(n) && 'body' in n && n.body) {
          const from = src.getLineAndCharacterOfPosition(n.getStart()).line;
          const to = src.getLineAndCharacterOfPosition(n.getEnd()).line;
          const name = (n as ts.FunctionDeclaration).name?.getText() ?? '(anonymous)';
          if (to - from + 1 > 80)
            long.push(`${file.slice(SCORING.length + 1)} ${name}: ${to - from + 1} lines`);
        }
        ts.forEachChild(n, visit);
      };
      visit(src);
    }
    expect(long).toEqual([]);
  });

  it('nothing src/scoring imports, directly or through other modules, is parse.ts or the JSON text reader', () => {
    const seen = new Set<string>();
    const stack = [...files];
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const i of imports(f)) stack.push(i);
    }
    const reached = [...seen].map((f) => f.slice(resolve('src').length + 1));
    expect(reached).not.toContain('parse.ts');
    expect(reached).not.toContain('io/json.ts');
    // The walk did follow imports out of the folder (the matrix compiler, the schema types).
    expect(reached).toContain('matrix/compiled.ts');
  });
});
