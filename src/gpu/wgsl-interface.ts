/**
 * The resource interface of a WGSL module as far as kernel programs need it (program.ts): its
 * `@group @binding var` declarations, structs, module constants, functions, and which binding
 * variables an entry point uses statically. WebGPU's 'auto' pipeline layout keeps exactly the
 * bindings an entry point uses, so that is the set a dispatch must bind.
 *
 * A light reader, not a compiler: it relies on the forms this codebase writes (one declaration
 * per `var`, attributes `@group(g) @binding(b)` in that order) and reports what it cannot find,
 * so an unexpected form fails a check instead of passing it.
 */

export interface BindingVar {
  group: number;
  binding: number;
  space: 'storage' | 'uniform';
  /** Storage access; WGSL's default for `var<storage>` is read. */
  access: 'read' | 'read_write' | null;
  name: string;
  type: string;
}

export interface StructField {
  name: string;
  type: string;
}

interface WgslFunction {
  /** Names the body cannot mean as module variables: parameters and local declarations. */
  locals: Set<string>;
  body: string;
}

export interface WgslModule {
  vars: BindingVar[];
  structs: Map<string, StructField[]>;
  consts: Map<string, string>;
  functions: Map<string, WgslFunction>;
  /** @workgroup_size arguments of each entry point, as written. */
  workgroupSizes: Map<string, string[]>;
}

const stripComments = (code: string): string => code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');

/** Index just past the bracket that closes the one at `open`. */
function closing(code: string, open: number, [l, r]: string): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === l) depth++;
    else if (code[i] === r && --depth === 0) return i + 1;
  }
  return code.length;
}

function functions(code: string): Map<string, WgslFunction> {
  const out = new Map<string, WgslFunction>();
  for (const m of code.matchAll(/\bfn\s+(\w+)\s*\(/g)) {
    const paramsEnd = closing(code, m.index + m[0].length - 1, '()');
    const open = code.indexOf('{', paramsEnd);
    if (open < 0) continue;
    const body = code.slice(open, closing(code, open, '{}'));
    const params = code.slice(m.index + m[0].length, paramsEnd - 1);
    const locals = new Set([
      ...[...params.matchAll(/(\w+)\s*:/g)].map((p) => p[1]),
      ...[...body.matchAll(/\b(?:let|var|const)\s+(\w+)/g)].map((d) => d[1]),
    ]);
    out.set(m[1], { locals, body });
  }
  return out;
}

export function parseWgsl(source: string): WgslModule {
  const code = stripComments(source);
  const vars: BindingVar[] = [];
  const decl =
    /@group\((\d+)\)\s*@binding\((\d+)\)\s*var<\s*(storage|uniform)\s*(?:,\s*(read|read_write)\s*)?>\s*(\w+)\s*:\s*([^;]+);/g;
  for (const m of code.matchAll(decl)) {
    const space = m[3] as BindingVar['space'];
    vars.push({
      group: Number(m[1]),
      binding: Number(m[2]),
      space,
      access: space === 'uniform' ? null : ((m[4] ?? 'read') as 'read' | 'read_write'),
      name: m[5],
      type: m[6].trim(),
    });
  }
  const structs = new Map<string, StructField[]>();
  for (const m of code.matchAll(/\bstruct\s+(\w+)\s*\{([^}]*)\}/g)) {
    const fields = m[2]
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f.length > 0)
      .map((f) => {
        const [name, type] = f.split(':').map((s) => s.trim());
        return { name, type };
      });
    structs.set(m[1], fields);
  }
  const consts = new Map<string, string>();
  for (const m of code.matchAll(/^\s*const\s+(\w+)\s*(?::\s*\w+\s*)?=\s*([^;]+);/gm)) consts.set(m[1], m[2].trim());
  const workgroupSizes = new Map<string, string[]>();
  for (const m of code.matchAll(/@workgroup_size\(([^)]*)\)\s*(?:@\w+(?:\([^)]*\))?\s*)*fn\s+(\w+)/g)) {
    workgroupSizes.set(
      m[2],
      m[1].split(',').map((s) => s.trim()),
    );
  }
  return { vars, structs, consts, functions: functions(code), workgroupSizes };
}

/** Binding variables the entry point uses statically: in its body or any function it calls. */
export function usedBindings(m: WgslModule, entry: string): Set<string> {
  const bindingNames = new Set(m.vars.map((v) => v.name));
  const used = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const fn = m.functions.get(name);
    if (!fn || seen.has(name)) return;
    seen.add(name);
    // Identifiers not preceded by '.', i.e. not struct members or swizzles.
    for (const [, id] of fn.body.matchAll(/(?<![.\w])([A-Za-z_]\w*)/g)) {
      if (fn.locals.has(id)) continue;
      if (bindingNames.has(id)) used.add(id);
      else if (m.functions.has(id)) visit(id);
    }
  };
  visit(entry);
  return used;
}

/** The entry point's workgroup size as numbers (module constants resolved), or null if unreadable. */
export function workgroupSize(m: WgslModule, entry: string): [number, number, number] | null {
  const args = m.workgroupSizes.get(entry);
  if (!args) return null;
  const value = (s: string): number => {
    const literal = /^(\d+)[ui]?$/.exec(s);
    if (literal) return Number(literal[1]);
    const c = m.consts.get(s);
    return c === undefined ? NaN : value(c);
  };
  const [x, y = '1', z = '1'] = args;
  const size: [number, number, number] = [value(x), value(y), value(z)];
  return size.every(Number.isFinite) ? size : null;
}
