/**
 * Checks a kernel program's declaration (program.ts) against its WGSL: the storage bindings
 * (name, number, access), the uniform struct (field names, types and order), the bindings the
 * entry point uses, the workgroup size and the template tokens. program.test.ts runs
 * programProblems on every defined program; each pipeline runs interfaceProblems once on its
 * fully specialized code.
 */
import type { ProgramLayout, Slot } from './program.ts';
import { parseWgsl, usedBindings, workgroupSize } from './wgsl-interface.ts';

const describe = (fields: ReadonlyArray<{ name: string; type: string }>): string =>
  `{ ${fields.map((f) => `${f.name}: ${f.type}`).join(', ')} }`;

/**
 * Where `code`, the program's WGSL with the slots `bound` bound, disagrees with the declaration.
 * `strict` (fully specialized code): the entry must use exactly the bound bindings and the
 * uniform, as the 'auto' layout then holds exactly them; otherwise (template tokens left as
 * names, which may hide uses) it may use fewer.
 */
export function interfaceProblems(
  program: ProgramLayout,
  code: string,
  bound: readonly Slot[],
  strict: boolean,
): string[] {
  const m = parseWgsl(code);
  const entry = program.entry;
  if (!m.functions.has(entry)) return [`no entry point ${entry}`];
  const problems: string[] = [];
  bound.forEach((s, i) => {
    const decls = m.vars.filter((v) => v.name === s.name);
    if (decls.length !== 1) {
      problems.push(`${s.name} has ${decls.length} binding declarations, not 1`);
      return;
    }
    const v = decls[0];
    if (v.group !== 0 || v.binding !== i)
      problems.push(`${s.name} is @group(${v.group}) @binding(${v.binding}), declared as binding ${i}`);
    if (v.space !== 'storage' || v.access !== s.access)
      problems.push(`${s.name} is var<${[v.space, v.access].filter(Boolean).join(', ')}>, declared ${s.access}`);
  });
  const expected = new Set(bound.map((s) => s.name));
  if (program.fields.length > 0) {
    const name = program.uniformVar;
    expected.add(name);
    const decls = m.vars.filter((v) => v.name === name);
    const u = decls[0];
    const fields = u && m.structs.get(u.type);
    if (decls.length !== 1 || u.space !== 'uniform') problems.push(`no single var<uniform> ${name}`);
    else if (u.group !== 0 || u.binding !== bound.length)
      problems.push(
        `${name} is @group(${u.group}) @binding(${u.binding}), not after the ${bound.length} storage bindings`,
      );
    else if (!fields) problems.push(`struct ${u.type} of ${name} not found`);
    else if (describe(fields) !== describe(program.fields))
      problems.push(`${u.type} is ${describe(fields)}, declared ${describe(program.fields)}`);
  }
  const used = usedBindings(m, entry);
  for (const name of used) if (!expected.has(name)) problems.push(`${entry} uses ${name}, which is not bound`);
  if (strict) {
    for (const name of expected)
      if (!used.has(name)) problems.push(`${name} is bound but ${entry} does not use it (the layout leaves it out)`);
  }
  const wg = workgroupSize(m, entry);
  if (wg?.join() !== program.workgroupSize.join())
    problems.push(
      `@workgroup_size is ${wg ? `(${wg.join(', ')})` : 'unreadable'}, declared (${program.workgroupSize.join(', ')})`,
    );
  return problems;
}

/** Template tokens of the code that the program does not declare, and declared ones it lacks. */
function tokenProblems(program: ProgramLayout): string[] {
  const tokens = new Set(
    [...program.code.matchAll(/\{\{(\w+)\}\}/g)].map((t) => t[1]).filter((t) => t !== 'WG' && !t.startsWith('BIND_')),
  );
  return [
    ...[...tokens].filter((t) => !program.defines.includes(t)).map((t) => `{{${t}}} is not a declared define`),
    ...program.defines.filter((d) => !tokens.has(d)).map((d) => `define ${d} is not in the code`),
  ];
}

/**
 * Everything wrong with a program's declaration, for every set of optional bindings a dispatch
 * may bind; template tokens other than WG and BIND_* are read as plain names.
 */
export function programProblems(program: ProgramLayout): string[] {
  const optional = program.slots.flatMap((s, i) => (s.optional ? [i] : []));
  const required = program.slots.reduce((mask, s, i) => (s.optional ? mask : mask | (1 << i)), 0);
  const problems = tokenProblems(program);
  for (let subset = 0; subset < 1 << optional.length; subset++) {
    const mask = optional.reduce((acc, slot, j) => (subset & (1 << j) ? acc | (1 << slot) : acc), required);
    const kernel = program.kernel(mask);
    const bound = program.slots.filter((_, i) => mask & (1 << i));
    const named = kernel.code.replace(/\{\{(\w+)\}\}/g, '$1');
    problems.push(...interfaceProblems(program, named, bound, false).map((p) => `${kernel.name}: ${p}`));
  }
  return problems;
}
