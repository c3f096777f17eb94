/**
 * For tests: the source files a module's static imports reach once bundled (esbuild), so a test
 * can hold what the UI thread loads free of GPU code; dynamic imports (runners) are not followed.
 */
import { build } from 'esbuild';

export async function staticInputs(entry: string): Promise<string[]> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: 'out',
    write: false,
    metafile: true,
    loader: { '.wgsl': 'text' },
    logLevel: 'silent',
  });
  const outputs = out.metafile.outputs;
  const first = Object.keys(outputs).find((k) => outputs[k].entryPoint === entry)!;
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file].imports) if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(first);
  return [...seen].flatMap((f) => Object.keys(outputs[f].inputs));
}
